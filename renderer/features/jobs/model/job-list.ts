import type { JobState } from '../../../../electron/common/jobs';

/**
 * Merges one `onDidUpdateJob` payload into the list: replaces the job with the same id or
 * adds it, keeping the list newest first (by `startedAt`, then id for a stable order).
 * Returns a new array; the input is left untouched.
 */
export function mergeJob(jobs: readonly JobState[], update: JobState): JobState[] {
  const out = jobs.filter((j) => j.id !== update.id);
  out.push(update);
  return sortNewestFirst(out);
}

export function sortNewestFirst(jobs: readonly JobState[]): JobState[] {
  return [...jobs].sort((a, b) => b.startedAt - a.startedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export function isActive(job: JobState): boolean {
  return job.status === 'queued' || job.status === 'running';
}

/** "42 %" for the bar's label; fractions outside 0..1 are clamped. */
export function percentText(fraction: number): string {
  const f = Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0));
  return `${Math.round(f * 100)} %`;
}
