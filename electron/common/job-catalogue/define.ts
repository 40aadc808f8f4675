import type { z } from 'zod';

export type JobHost = 'worker' | 'host';

/**
 * One job type: what it takes and what it gives back, both as zod schemas, and where it
 * runs. 'worker' jobs run in a worker process (a crash fails only the job); 'host' jobs are
 * light work on data the host already holds (a cheap folder check), run in the host process
 * under the same job states, progress and cancel.
 */
export interface JobSpec<P extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType, W extends JobHost = JobHost> {
  readonly params: P;
  readonly result: R;
  readonly runs: W;
  readonly doc: string;
}

export function jobSpec<P extends z.ZodType, R extends z.ZodType, W extends JobHost>(spec: JobSpec<P, R, W>): JobSpec<P, R, W> {
  return spec;
}
