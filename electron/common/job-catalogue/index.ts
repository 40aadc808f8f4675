import type { z } from 'zod';
import { datasetJobs } from './dataset-jobs';
import type { JobSpec } from './define';
import { diagnosticJobs } from './diagnostic-jobs';
import { exportJobs } from './export-jobs';
import { maskJobs } from './mask-jobs';
import { meshJobs } from './mesh-jobs';
import { volumeJobs } from './volume-jobs';

export * from './dataset-jobs';
export * from './diagnostic-jobs';
export * from './export-jobs';
export * from './mask-jobs';
export * from './mesh-jobs';
export * from './volume-jobs';
export { jobSpec, type JobSpec, type JobHost } from './define';

/**
 * Every job type LungDesk runs: job type → params and result schemas and where it runs.
 * Workers, the job runner, the service, the CLI and the renderer derive their types from
 * this one table; a job's result is validated against its schema where it enters the host.
 */
export const jobCatalogue = { ...datasetJobs, ...volumeJobs, ...maskJobs, ...meshJobs, ...exportJobs, ...diagnosticJobs } as const;

export type JobCatalogue = typeof jobCatalogue;
export type JobType = keyof JobCatalogue;
export type WorkerJobType = { [K in JobType]: JobCatalogue[K]['runs'] extends 'worker' ? K : never }[JobType];
export type HostJobType = Exclude<JobType, WorkerJobType>;
/** What a caller passes (defaults not applied yet). */
export type JobParamsIn<K extends JobType> = z.input<JobCatalogue[K]['params']>;
/** What the job's code receives (validated, defaults applied). */
export type JobParams<K extends JobType> = z.output<JobCatalogue[K]['params']>;
/** What the job's code returns. */
export type JobResultIn<K extends JobType> = z.input<JobCatalogue[K]['result']>;
/** What a caller gets back (validated). */
export type JobResult<K extends JobType> = z.output<JobCatalogue[K]['result']>;

export const JOB_TYPES = Object.keys(jobCatalogue) as JobType[];

export function isJobType(name: string): name is JobType {
  return Object.prototype.hasOwnProperty.call(jobCatalogue, name);
}

// Keeps every entry's generic shape checked at compile time.
const _check: Record<string, JobSpec> = jobCatalogue;
void _check;

export function isWorkerJobType(name: string): name is WorkerJobType {
  return isJobType(name) && jobCatalogue[name].runs === 'worker';
}
