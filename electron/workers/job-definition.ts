import type { z, ZodType } from 'zod';
import type { JobContext } from '../common/jobs';

/**
 * One job type a worker can run: its params schema and the function doing the work (usually a
 * thin call into core). `run` honours `ctx.signal` and reports through `ctx.progress`.
 */
export interface JobDefinition<P = unknown> {
  type: string;
  params: ZodType<P>;
  run(params: P, ctx: JobContext): Promise<unknown>;
}

/** Declares a job with `run`'s params typed from the schema. */
export function defineJob<S extends ZodType>(def: {
  type: string;
  params: S;
  run(params: z.output<S>, ctx: JobContext): Promise<unknown>;
}): JobDefinition<z.output<S>> {
  return def as JobDefinition<z.output<S>>;
}
