import type { DatasetSummary } from '../../../../electron/common/contract';
import type { JobState } from '../../../../electron/common/jobs';
import type { JobType } from '../../../../electron/common/job-catalogue';

/** How the UI names a dataset's layout: the backend's display name, else the layout id. */
export function layoutName(d: Pick<DatasetSummary, 'displayName' | 'layout'>): string {
  const shown = d.displayName?.trim();
  return shown ? shown : d.layout || 'unknown layout';
}

/** "1 scan", "2,345 scans": thousands separated so large challenge sets read at a glance. */
export function countText(n: number, singular: string, plural = `${singular}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? singular : plural}`;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** "2026-03-04 14:05" in local time (a clinician reads wall-clock time, not UTC). */
export function formatTimestamp(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())} ${pad2(d.getHours())}:${pad2(d.getMinutes())}`;
}

/**
 * When a dataset was last indexed, relative to `now` (both ms since the epoch): "just now",
 * "5 min ago", "3 h ago", "2 d ago", and the date beyond a week. A clock that runs behind the
 * backend (negative age) still reads "just now".
 */
export function formatIndexedAt(indexedAt: number | null, now: number): string {
  if (indexedAt === null) return 'not indexed yet';
  const s = Math.max(0, (now - indexedAt) / 1000);
  if (s < 60) return 'indexed just now';
  if (s < 3600) return `indexed ${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `indexed ${Math.floor(s / 3600)} h ago`;
  if (s < 7 * 86_400) return `indexed ${Math.floor(s / 86_400)} d ago`;
  return `indexed ${formatTimestamp(indexedAt).slice(0, 10)}`;
}

/** Job types of the catalogue whose end changes datasets or their scans. */
const DATASET_JOB_TYPES: readonly JobType[] = ['indexDataset', 'checkDataset', 'makeDemo'];

/** Whether a job's end should make the dataset list, scan list and report refresh. */
export function affectsDatasets(job: Pick<JobState, 'type'>): boolean {
  return DATASET_JOB_TYPES.some((t) => t === job.type) || /index|import/i.test(job.type);
}
