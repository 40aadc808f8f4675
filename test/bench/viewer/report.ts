/** The bench's printed table: one row per figure, its goal and whether it is met. */

export interface Row {
  metric: string;
  /** Printed as is; null prints "n/a". */
  value: string | null;
  goal: string;
  /** null: no goal for this row, or no value to judge. */
  met: boolean | null;
}

export function table(rows: readonly Row[]): string {
  const cells = rows.map((r) => [r.metric, r.value ?? 'n/a', r.goal, r.met === null ? '' : r.met ? 'yes' : 'NO']);
  const head = ['metric', 'median', 'goal', 'met?'];
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]): string => c.map((s, i) => (i === 1 ? s.padStart(widths[i]!) : s.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

export const ms = (v: number | null): string | null => (v === null || !Number.isFinite(v) ? null : `${v.toFixed(0)} ms`);
export const fps = (v: number): string | null => (Number.isFinite(v) ? `${v.toFixed(1)} fps` : null);
export const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(0)} MB`;

/** null when there is no value to judge. */
export function atMost(v: number | null, goal: number): boolean | null {
  return v === null || !Number.isFinite(v) ? null : v <= goal;
}

export function atLeast(v: number | null, goal: number): boolean | null {
  return v === null || !Number.isFinite(v) ? null : v >= goal;
}
