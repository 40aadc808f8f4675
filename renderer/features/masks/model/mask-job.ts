import type { JobState } from '../../../../electron/common/jobs';
import type { OverlayLayer } from './overlay-settings';

/**
 * A mask job started from the panel. `jobId` and `state` stay null until the backend has
 * accepted it and its first update has arrived. `knownIds` are the overlay's versions before
 * the job, so the version it adds can be told apart once it ends.
 */
export interface MaskJob {
  kind: OverlayLayer;
  scanId: number;
  jobId: string | null;
  state: JobState | null;
  knownIds: readonly number[];
}

export function isEnded(state: JobState | null): boolean {
  return state !== null && state.status !== 'queued' && state.status !== 'running';
}

/** Running from the click until the job ends (also while the backend is still accepting it). */
export function isRunning(job: MaskJob | null): boolean {
  return job !== null && !isEnded(job.state);
}

/** The bar's value: 0..1, or null for an indeterminate bar (nothing reported yet). */
export function jobFraction(job: MaskJob): number | null {
  if (!job.state) return null;
  if (job.state.status === 'succeeded') return 1;
  const f = job.state.progress.fraction;
  return Number.isFinite(f) ? Math.min(1, Math.max(0, f)) : null;
}

/** The status beside the bar: "starting", "42 %", "done", "failed", "cancelled". */
export function jobStatusText(job: MaskJob): string {
  const s = job.state;
  if (!s) return 'starting';
  switch (s.status) {
    case 'queued':
      return 'queued';
    case 'running':
      return `${Math.round((jobFraction(job) ?? 0) * 100)} %`;
    case 'succeeded':
      return 'done';
    default:
      return s.status;
  }
}

/** The line under the bar: the stage while running, the error when it failed. */
export function jobDetailText(job: MaskJob): string {
  const s = job.state;
  if (!s) return 'Starting the job…';
  if (s.error) return `${s.error.code}: ${s.error.message}`;
  return s.progress.stage;
}

export function jobTitle(kind: OverlayLayer): string {
  return kind === 'lung' ? 'Lung mask' : 'Nodule segmentation';
}
