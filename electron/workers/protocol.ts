import { z } from 'zod';
import { ErrorInfo } from '../common/errors';
import { JobId } from '../common/jobs';

/**
 * The one message protocol between the job runner and a worker, the same over Electron's
 * `utilityProcess` (parentPort) and Node's `child_process.fork` IPC. Both sides validate what
 * they receive. Messages are structured-cloned ('advanced' serialization on Node), so
 * `params` and `result` may hold typed arrays and Buffers.
 *
 * Sequence: worker sends `ready`; host sends `start`; worker sends any `progress`/`log`, then
 * exactly one `result` or `error`, then exits. Host may send `cancel` at any time after `start`.
 */
export const HostToWorker = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('start'),
    jobId: JobId,
    jobType: z.string().min(1),
    params: z.unknown(),
    budgetBytes: z.number().positive(),
  }),
  z.object({ kind: z.literal('cancel'), jobId: JobId }),
]);
export type HostToWorker = z.infer<typeof HostToWorker>;

export const LogLevel = z.enum(['debug', 'info', 'warn', 'error']);
export type LogLevel = z.infer<typeof LogLevel>;

export const WorkerToHost = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('ready') }),
  z.object({
    kind: z.literal('progress'),
    jobId: JobId,
    stage: z.string(),
    fraction: z.number().min(0).max(1),
  }),
  z.object({ kind: z.literal('result'), jobId: JobId, result: z.unknown() }),
  z.object({ kind: z.literal('error'), jobId: JobId, error: ErrorInfo }),
  z.object({ kind: z.literal('log'), level: LogLevel, message: z.string() }),
]);
export type WorkerToHost = z.infer<typeof WorkerToHost>;
