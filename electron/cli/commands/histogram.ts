import { huHistogram, type HuHistogram } from '../../core/volume/histogram';
import { OUTSIDE_FIELD_BELOW_HU } from '../../core/volume/padding';
import { parseArgs, UsageError, type CliIo } from '../args';
import { loadScan, reportError, reportUsage } from './load-scan';

/**
 * `lungdesk histogram PATH [--series UID] [--bin-width N] [--min HU] [--max HU] [--json]`:
 * the HU histogram of one scan with fixed bins (default 10 HU from −1100 to 3100, so scans
 * compare) and its statistics, of the measured voxels: missing slices' padding and the outside
 * of the field of view are left out and counted (`histogram.leftOut`, as the app's job does).
 * Text output merges bins into at most 40 rows of # bars; --json prints
 * `{ input, dims, histogram, warnings }` with every bin. Exit 0, 1 error, 2 usage.
 */

export const HISTOGRAM_USAGE = `usage: lungdesk histogram PATH [--series UID] [--bin-width N] [--min HU] [--max HU] [--json]
  PATH  a DICOM folder (first series, or --series UID), .mhd/.mha, .nii/.nii.gz, .nrrd/.nhdr
  bins  [min, max) in bins of N HU (defaults 10, -1100, 3100); values outside count as below/above
  Missing slices' padding and the outside of the field of view (DICOM padding, values below
  ${OUTSIDE_FIELD_BELOW_HU} HU) are left out and counted on their own line.`;

const MAX_ROWS = 40;
const BAR = 50;

const fmt = (v: number, digits = 1): string => (Number.isFinite(v) ? v.toFixed(digits) : '-');

/** The compact text view: bins merged into ≤ 40 rows, empty rows at both ends dropped. */
export function formatHistogram(h: HuHistogram): string {
  const group = Math.max(1, Math.ceil(h.counts.length / MAX_ROWS));
  const rows: { lo: number; hi: number; n: number }[] = [];
  for (let k = 0; k < h.counts.length; k += group) {
    let n = 0;
    for (let j = k; j < Math.min(k + group, h.counts.length); j++) n += h.counts[j]!;
    rows.push({ lo: h.min + k * h.binWidth, hi: h.min + Math.min(k + group, h.counts.length) * h.binWidth, n });
  }
  let first = rows.findIndex((r) => r.n > 0);
  let last = rows.length - 1 - [...rows].reverse().findIndex((r) => r.n > 0);
  if (first < 0) {
    first = 0;
    last = -1;
  }
  const shown = rows.slice(first, last + 1);
  const peak = Math.max(1, ...shown.map((r) => r.n));
  const w = Math.max(...shown.map((r) => `${r.lo}`.length), ...shown.map((r) => `${r.hi}`.length), 5);
  const lines = [
    `bins of ${h.binWidth} HU over [${h.min}, ${h.max})${group > 1 ? `, shown ${group} bins (${group * h.binWidth} HU) per row` : ''}`,
  ];
  if (h.below) lines.push(`${'below'.padStart(w)}   ${`${h.min}`.padStart(w)}  ${String(h.below).padStart(10)}`);
  for (const r of shown) {
    const bar = '#'.repeat(r.n === 0 ? 0 : Math.max(1, Math.round((r.n / peak) * BAR)));
    lines.push(`${`${r.lo}`.padStart(w)} … ${`${r.hi}`.padStart(w)}  ${String(r.n).padStart(10)} ${bar}`);
  }
  if (h.above) lines.push(`${'above'.padStart(w)}   ${`${h.max}`.padStart(w)}  ${String(h.above).padStart(10)}`);
  const p = h.percentiles;
  if (h.leftOut.missingSlices || h.leftOut.outsideField) {
    lines.push(`left out ${h.leftOut.missingSlices + h.leftOut.outsideField} voxels: ${h.leftOut.missingSlices} in missing slices, ${h.leftOut.outsideField} outside the field of view`);
  }
  lines.push(
    `voxels ${h.total}  mean ${fmt(h.mean)} HU  std ${fmt(h.std)} HU`,
    `percentiles  p1 ${fmt(p.p1)}  p5 ${fmt(p.p5)}  p50 ${fmt(p.p50)}  p95 ${fmt(p.p95)}  p99 ${fmt(p.p99)}`,
  );
  return lines.join('\n');
}

function numberOption(values: Map<string, string[]>, name: string): number | undefined {
  const v = values.get(name);
  if (!v) return undefined;
  if (v.length > 1) throw new UsageError(`--${name} given more than once`);
  const n = Number(v[0]);
  if (v[0]!.trim() === '' || !Number.isFinite(n)) throw new UsageError(`--${name} "${v[0]}" is not a number`);
  return n;
}

export async function histogramCommand(argv: string[], io: CliIo): Promise<number> {
  const json = argv.includes('--json');
  let target: string;
  let seriesUid: string | undefined;
  let opts: { binWidth?: number; min?: number; max?: number };
  try {
    const args = parseArgs(argv, { values: ['series', 'bin-width', 'min', 'max'], flags: ['json'] });
    if (args.positionals.length !== 1) throw new UsageError(args.positionals.length === 0 ? 'PATH is missing' : 'give exactly one PATH');
    target = args.positionals[0]!;
    const s = args.values.get('series');
    if (s && s.length > 1) throw new UsageError('--series given more than once');
    seriesUid = s?.[0];
    opts = {};
    const bw = numberOption(args.values, 'bin-width');
    const min = numberOption(args.values, 'min');
    const max = numberOption(args.values, 'max');
    if (bw !== undefined) {
      if (!(bw > 0)) throw new UsageError(`--bin-width ${bw} must be positive`);
      opts.binWidth = bw;
    }
    if (min !== undefined) opts.min = min;
    if (max !== undefined) opts.max = max;
    if ((opts.max ?? 3100) <= (opts.min ?? -1100)) throw new UsageError(`--max must be above --min`);
  } catch (e) {
    return reportUsage(e instanceof Error ? e.message : String(e), 'histogram', HISTOGRAM_USAGE, json, io);
  }
  try {
    const { series, volume, warnings, missingSlices, outsideField } = await loadScan(target, seriesUid);
    const leaveOut = { slices: missingSlices, sliceSize: volume.dims[0] * volume.dims[1], padded: outsideField, below: OUTSIDE_FIELD_BELOW_HU };
    const histogram = huHistogram(volume.voxels, { ...opts, leaveOut });
    if (json) {
      io.stdout(JSON.stringify({ input: { path: series.files[0], format: series.format, seriesInstanceUid: series.seriesInstanceUid }, dims: volume.dims, histogram, warnings }) + '\n');
    } else {
      for (const w of warnings) io.stderr(`lungdesk histogram: warning: ${w}\n`);
      io.stdout(`${series.seriesInstanceUid || series.files[0]} (${series.format}, ${volume.dims.join('×')})\n${formatHistogram(histogram)}\n`);
    }
    return 0;
  } catch (e) {
    return reportError(e, 'histogram', json, io);
  }
}
