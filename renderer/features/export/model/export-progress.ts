import type { ExportSummary } from '../../../../electron/common/contract';
import type { JobState } from '../../../../electron/common/jobs';

/** Where the dialog is: filling the form, an export running, or one that has ended (its summary). */
export type ExportPhase = 'form' | 'running' | 'ended';

/** The phase of the dialog's export job: none yet → form; started (no update yet) or running → running; else ended. */
export function exportPhase(jobId: string | null, job: JobState | null): ExportPhase {
  if (jobId === null) return 'form';
  if (job === null || job.status === 'queued' || job.status === 'running') return 'running';
  return 'ended';
}

/** Cases done of total, as the bar's label shows them. */
export interface CasesProgress {
  done: number;
  total: number;
}

/**
 * Cases done of total from a progress event. The runner names the count in its stage
 * ("case 3 of 12", "3/12"); without it, the fraction of the total the preview planned. Null
 * when neither says (no total known).
 */
export function casesProgress(progress: JobState['progress'], plannedTotal: number | null): CasesProgress | null {
  const m = /(\d+)\s*(?:of|\/)\s*(\d+)/i.exec(progress.stage);
  if (m) {
    const done = Number(m[1]);
    const total = Number(m[2]);
    if (total > 0 && done <= total) return { done, total };
  }
  if (plannedTotal === null || plannedTotal <= 0) return null;
  const f = Math.min(1, Math.max(0, Number.isFinite(progress.fraction) ? progress.fraction : 0));
  return { done: Math.floor(f * plannedTotal + 1e-9), total: plannedTotal };
}

/** "3 of 12 cases" (one case: "0 of 1 case"). */
export function casesText(p: CasesProgress): string {
  return `${p.done} of ${p.total} case${p.total === 1 ? '' : 's'}`;
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/**
 * The job's result read as an ExportSummary (its shape checked field by field: the renderer
 * has the contract's types, not its schemas), or null when the job left none or another shape.
 */
export function readExportSummary(result: unknown): ExportSummary | null {
  if (result === null || typeof result !== 'object') return null;
  const r = result as Record<string, unknown>;
  if (typeof r.outDir !== 'string' || typeof r.manifest !== 'string') return null;
  if (!isCount(r.casesWritten) || !isCount(r.casesSkipped) || !isCount(r.bytes)) return null;
  if (typeof r.seconds !== 'number' || !(r.seconds >= 0)) return null;
  if (!Array.isArray(r.failed)) return null;
  const failed: ExportSummary['failed'] = [];
  for (const f of r.failed) {
    if (f === null || typeof f !== 'object') return null;
    const { caseId, reason } = f as Record<string, unknown>;
    if (typeof caseId !== 'string' || typeof reason !== 'string') return null;
    failed.push({ caseId, reason });
  }
  return { outDir: r.outDir, manifest: r.manifest, casesWritten: r.casesWritten, casesSkipped: r.casesSkipped, failed, bytes: r.bytes, seconds: r.seconds };
}

/**
 * Where an export's manifest is: `manifest.json` at the top of its folder (issue 13 fixes the
 * name). Used when the job's state carries no summary; joined with the folder's own separator.
 */
export function manifestPathIn(outDir: string): string {
  const windows = /^[A-Za-z]:\\/.test(outDir) || (outDir.includes('\\') && !outDir.includes('/'));
  const sep = windows ? '\\' : '/';
  const trimmed = outDir.replace(/[\\/]+$/, '');
  return `${trimmed}${sep}manifest.json`;
}

/** "1.2 GB", "340 MB", "12 kB", "512 B" (decimal units, as disks are sold and `du --si` prints). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let u = 0;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  const digits = u === 0 || v >= 100 ? 0 : v >= 10 ? 1 : 2;
  return `${v.toFixed(digits)} ${units[u]}`;
}

/** "12 s", "3 min 5 s", "1 h 2 min". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 === 0 ? `${m} min` : `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}
