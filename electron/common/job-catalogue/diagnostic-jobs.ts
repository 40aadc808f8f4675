import { z } from 'zod';
import { jobSpec } from './define';

export const DiagnosticParams = z.object({
  /**
   * sleep: waits `ms`, progress every 20 ms, stops on cancel. spin: busy-waits `ms` without
   * yielding, so it cannot even hear a cancel. crash: SIGKILLs itself. abort: process.abort().
   * oom: allocates until V8's heap limit. throw: a typed LungDeskError (io.bad-header).
   * fail: a plain Error. echo: returns `value` (typed arrays included). write: writes `bytes`
   * zero bytes to `path` through the atomic write, 1 MiB at a time over about `ms` (a kill
   * mid-write must leave no file at `path`).
   */
  mode: z.enum(['sleep', 'spin', 'crash', 'abort', 'oom', 'throw', 'fail', 'echo', 'write']),
  ms: z.number().int().nonnegative().max(600_000).optional(),
  value: z.unknown().optional(),
  path: z.string().min(1).max(4096).optional(),
  bytes: z.number().int().positive().max(2 ** 32).optional(),
});

export const diagnosticJobs = {
  diagnostic: jobSpec({
    runs: 'worker',
    params: DiagnosticParams,
    result: z.unknown(),
    doc: "Exercises every way a job can end; used by the runner's tests and by health checks.",
  }),
};
