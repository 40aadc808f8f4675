/**
 * What one probe class hands back: how many inputs it tried, how many broke a rule, the
 * figures it measured and, per failure, one line saying what broke (the first few are printed).
 */
export interface ClassResult {
  name: string;
  inputs: number;
  failures: number;
  /** Measured values, printed as `key=value` in the class's figures line. */
  figures: Record<string, string | number>;
  /** One line per failure (what input, what rule); capped when printed. */
  findings: string[];
  seconds: number;
}

export interface ProbeOptions {
  /** CI size: fewer inputs, shorter loops; the rules are the same. */
  quick: boolean;
  /** Seed of every random choice, so a failing run can be replayed. */
  seed: number;
  /** Where temp folders go (removed at the end unless `keep`). */
  tmpRoot: string;
  keep: boolean;
  log: (line: string) => void;
}

/** Collects findings and counts inputs for one class. */
export class Tally {
  inputs = 0;
  readonly findings: string[] = [];
  readonly figures: Record<string, string | number> = {};
  readonly counts = new Map<string, number>();
  private readonly t0 = performance.now();
  constructor(readonly name: string) {}

  fail(line: string): void {
    this.findings.push(line);
  }
  count(key: string, by = 1): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + by);
  }
  result(): ClassResult {
    return { name: this.name, inputs: this.inputs, failures: this.findings.length, figures: this.figures, findings: this.findings, seconds: (performance.now() - this.t0) / 1000 };
  }
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

const FINDINGS_PRINTED = 12;

/** The figures line of one class, then its first findings. */
export function printClass(r: ClassResult, out: (line: string) => void): void {
  const figs = Object.entries(r.figures).map(([k, v]) => `${k}=${v}`).join(' ');
  out(`[probe] ${r.name}: ${r.inputs} inputs, ${r.failures} failures, ${r.seconds.toFixed(1)} s | ${figs}`);
  // Answers may hold binary frames: keep the terminal's text printable.
  for (const f of r.findings.slice(0, FINDINGS_PRINTED)) out(`    FAIL ${f.replace(/[^\x20-\x7e\u00a0-\uffff]/g, '?')}`);
  if (r.findings.length > FINDINGS_PRINTED) out(`    … ${r.findings.length - FINDINGS_PRINTED} more`);
}

/** The closing table: class, inputs, failures, seconds. */
export function printTable(results: readonly ClassResult[], out: (line: string) => void): void {
  const rows = results.map((r) => [r.failures === 0 ? 'ok' : 'FAIL', r.name, String(r.inputs), String(r.failures), r.seconds.toFixed(1)]);
  const head = ['', 'class', 'inputs', 'failures', 'seconds'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i >= 2 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
  out(line(head));
  for (const r of rows) out(line(r));
}
