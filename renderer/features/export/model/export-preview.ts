import type { ExportPreview } from '../../../../electron/common/contract';

/** Skipped scans grouped by reason, the largest group first (ties: the reason's text). */
export function skippedByReason(skipped: ExportPreview['skipped']): { reason: string; scanIds: number[] }[] {
  const groups = new Map<string, number[]>();
  for (const s of skipped) {
    const ids = groups.get(s.reason) ?? [];
    ids.push(s.scanId);
    groups.set(s.reason, ids);
  }
  return [...groups]
    .map(([reason, scanIds]) => ({ reason, scanIds: [...scanIds].sort((a, b) => a - b) }))
    .sort((a, b) => b.scanIds.length - a.scanIds.length || a.reason.localeCompare(b.reason));
}

/** Cases per split ("train 8 · validation 2 · test 2", "fold-1 3 · fold-2 3 …"), in a fixed order. */
export function casesPerSplit(cases: ExportPreview['cases']): { split: string; cases: number }[] {
  const counts = new Map<string, number>();
  for (const c of cases) counts.set(c.split, (counts.get(c.split) ?? 0) + 1);
  const rank = (s: string): number => ['train', 'validation', 'test'].indexOf(s);
  return [...counts]
    .map(([split, n]) => ({ split, cases: n }))
    .sort((a, b) => {
      const ra = rank(a.split);
      const rb = rank(b.split);
      if (ra >= 0 || rb >= 0) return (ra < 0 ? 99 : ra) - (rb < 0 ? 99 : rb);
      return a.split.localeCompare(b.split, undefined, { numeric: true });
    });
}

/** What keeps Start disabled, in the order a reader fixes it; null when the export can start. */
export function startBlocker(s: {
  fieldErrors: number;
  previewReady: boolean;
  previewPending: boolean;
  previewFailed: boolean;
  cases: number;
  starting: boolean;
}): string | null {
  if (s.fieldErrors > 0) return 'Fix the fields marked in red first.';
  if (s.starting) return 'Starting…';
  if (s.previewPending || (!s.previewReady && !s.previewFailed)) return 'Waiting for the preview…';
  if (s.previewFailed) return 'The preview failed: see its message.';
  if (s.cases === 0) return 'Nothing to export with these options.';
  return null;
}
