import { z } from 'zod';
import { ErrorInfo } from './errors';

export const JobId = z.string().min(1).max(64);
export type JobId = z.infer<typeof JobId>;

export const JobStatus = z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']);
export type JobStatus = z.infer<typeof JobStatus>;

/** What a job is doing now; `fraction` in 0..1 of the whole job. */
export const JobProgress = z.object({ stage: z.string(), fraction: z.number().min(0).max(1) });
export type JobProgress = z.infer<typeof JobProgress>;

export const JobState = z.object({
  id: JobId,
  type: z.string(),
  label: z.string(),
  status: JobStatus,
  progress: JobProgress,
  error: ErrorInfo.optional(),
  result: z.unknown().optional(),
  startedAt: z.number(),
  endedAt: z.number().optional(),
});
export type JobState = z.infer<typeof JobState>;

/**
 * What a pipeline function receives: a signal to stop at, a progress callback and a memory
 * budget. Core functions take it so that the same code runs in a worker, the CLI or a test.
 */
export interface JobContext {
  signal: AbortSignal;
  progress(stage: string, fraction: number): void;
  budgetBytes: number;
}

/** A context for code run directly (tests, CLI): never aborted, progress ignored. */
export function directContext(overrides: Partial<JobContext> = {}): JobContext {
  return {
    signal: new AbortController().signal,
    progress: () => {},
    budgetBytes: Number.MAX_SAFE_INTEGER,
    ...overrides,
  };
}
