import type { JobContext } from '../common/jobs';
import { jobCatalogue, isWorkerJobType, type JobParams, type JobResultIn, type WorkerJobType } from '../common/job-catalogue';
import type { ErrorInfo } from '../common/errors';

/**
 * The code of one worker job type (usually a thin call into core). Its params and result
 * types come from the job catalogue in electron/common: `run` gets validated params and
 * honours `ctx.signal`, reporting through `ctx.progress`.
 */
export interface JobDefinition<K extends WorkerJobType> {
  readonly type: K;
  run(params: JobParams<K>, ctx: JobContext): Promise<JobResultIn<K>>;
}

export function defineJob<K extends WorkerJobType>(type: K, run: JobDefinition<K>['run']): JobDefinition<K> {
  return { type, run };
}

/** One definition per worker job type of the catalogue: a missing one is a compile error. */
export type JobRegistry = { readonly [K in WorkerJobType]: JobDefinition<K> };

/**
 * Runs the job `jobType` of `registry` on params that arrived over the wire: an unknown type
 * or params off the catalogue's schema end as contract.bad-input before any job code runs.
 */
export async function runRegisteredJob(
  registry: JobRegistry,
  jobType: string,
  rawParams: unknown,
  ctx: JobContext,
): Promise<{ result: unknown } | { error: ErrorInfo }> {
  if (!isWorkerJobType(jobType)) {
    const known = Object.keys(registry).join(', ');
    return { error: { code: 'contract.bad-input', message: `unknown job type '${jobType}' (known: ${known})` } };
  }
  const params = jobCatalogue[jobType].params.safeParse(rawParams);
  if (!params.success) {
    const why = params.error.issues.map((i) => `${i.path.join('.') || 'params'}: ${i.message}`).join('; ');
    return { error: { code: 'contract.bad-input', message: `bad params for job '${jobType}': ${why}`, detail: params.error.issues } };
  }
  // The registry's mapped type pairs each definition with its own schema; looked up by a
  // run-time key, TypeScript sees the union of all of them, so the pair is erased here.
  const def = registry[jobType] as JobDefinition<WorkerJobType>;
  return { result: await def.run(params.data as never, ctx) };
}
