/** The bench's printed table: one row per figure, its ratio to the baseline, its goal and whether it is met. */

export interface Row {
  metric: string;
  /** Printed as is; null prints "n/a". */
  value: string | null;
  /** The figure over its baseline (the series read), e.g. "1.8×"; '' when it has none. */
  ratio?: string | null;
  goal: string;
  /** null: no goal for this row, or no value to judge. */
  met: boolean | null;
  /** 1-min load average while the figure was measured. */
  load?: string;
}

export function table(rows: readonly Row[], ratioHead = '× read'): string {
  const cells = rows.map((r) => [r.metric, r.value ?? 'n/a', r.ratio === undefined ? '' : (r.ratio ?? 'n/a'), r.goal, r.met === null ? '' : r.met ? 'yes' : 'NO', r.load ?? '']);
  const head = ['metric', 'median', ratioHead, 'goal', 'met?', 'load'];
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const right = new Set([1, 2, 5]);
  const line = (c: string[]): string => c.map((s, i) => (right.has(i) ? s.padStart(widths[i]!) : s.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

export const ms = (v: number | null): string | null => (v === null || !Number.isFinite(v) ? null : `${v.toFixed(0)} ms`);
export const fps = (v: number): string | null => (Number.isFinite(v) ? `${v.toFixed(1)} fps` : null);
export const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(0)} MB`;
/** A ratio as "2.31×"; null when either side is missing. */
export const times = (v: number | null, base: number | null): string | null =>
  v === null || base === null || !Number.isFinite(v) || !Number.isFinite(base) || base <= 0 ? null : `${(v / base).toFixed(2)}×`;

/** null when there is no value to judge. */
export function atMost(v: number | null, goal: number): boolean | null {
  return v === null || !Number.isFinite(v) ? null : v <= goal;
}

export function atLeast(v: number | null, goal: number): boolean | null {
  return v === null || !Number.isFinite(v) ? null : v >= goal;
}
