import type { HuHistogram } from '../../../../electron/common/contract';

/** The plot area inside the canvas, px (axes and labels sit outside it). */
export interface PlotRect {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Reference HU values marked on the plot. */
export const HU_MARKS: readonly { hu: number; label: string }[] = [
  { hu: -1000, label: 'air' },
  { hu: 0, label: 'water' },
  { hu: 400, label: 'bone' },
];
/** The aerated-lung band, shaded. */
export const LUNG_BAND: readonly [number, number] = [-850, -500];

type Range = Pick<HuHistogram, 'min' | 'max'>;

/** x pixel of an HU value: `min` at rect.left, `max` at rect.left + width (not clamped). */
export function huToX(hu: number, h: Range, rect: PlotRect): number {
  const span = h.max - h.min;
  if (!(span > 0)) return rect.left;
  return rect.left + ((hu - h.min) / span) * rect.width;
}

/**
 * Horizontal extent of bin `i`, which covers [min + i·binWidth, min + (i+1)·binWidth) HU of
 * the histogram; the last bin is clipped at `max` when the range is not a multiple of the
 * bin width. `view` is the HU range drawn across the plot (default: the histogram's own).
 */
export function binToPixel(
  i: number,
  h: Range & Pick<HuHistogram, 'binWidth'>,
  rect: PlotRect,
  view: Range = h,
): { x0: number; x1: number } {
  const lo = h.min + i * h.binWidth;
  const hi = Math.min(h.max, lo + h.binWidth);
  return { x0: huToX(lo, view, rect), x1: huToX(hi, view, rect) };
}

/** The HU range to draw: the histogram's, or its intersection with `clip` when given and non-empty. */
export function viewRange(h: Range, clip: Range | null): Range {
  if (!clip) return { min: h.min, max: h.max };
  const min = Math.max(h.min, clip.min);
  const max = Math.min(h.max, clip.max);
  return max > min ? { min, max } : { min: h.min, max: h.max };
}

/** Highest count among the bins that overlap `view` (so a zoomed view scales to what it shows). */
export function maxCountIn(h: Range & Pick<HuHistogram, 'binWidth' | 'counts'>, view: Range): number {
  let m = 0;
  h.counts.forEach((c, i) => {
    const lo = h.min + i * h.binWidth;
    if (lo + h.binWidth > view.min && lo < view.max && c > m) m = c;
  });
  return m;
}

/**
 * Bar height in px for a count. Linear: count / maxCount of the plot height. Log: log10(1 +
 * count) / log10(1 + maxCount), so a bin with 1 voxel is still visible next to 10⁷ air
 * voxels. Zero counts (and maxCount 0) give 0.
 */
export function barHeight(count: number, maxCount: number, plotHeight: number, log: boolean): number {
  if (count <= 0 || maxCount <= 0) return 0;
  const f = log ? Math.log10(1 + count) / Math.log10(1 + maxCount) : count / maxCount;
  return Math.min(1, f) * plotHeight;
}

export function maxCount(counts: readonly number[]): number {
  let m = 0;
  for (const c of counts) if (c > m) m = c;
  return m;
}

/**
 * Round tick values covering [min, max]: the step is 1, 2 or 5 × 10^k, chosen so there are
 * at most `maxTicks` ticks. Every tick is a multiple of the step, inside the range.
 */
export function niceTicks(min: number, max: number, maxTicks = 8): number[] {
  if (!(max > min) || maxTicks < 2) return Number.isFinite(min) ? [min] : [];
  const raw = (max - min) / (maxTicks - 1);
  const mag = 10 ** Math.floor(Math.log10(raw));
  let step = 10 * mag;
  for (const m of [1, 2, 5, 10]) {
    if (m * mag >= raw) {
      step = m * mag;
      break;
    }
  }
  const out: number[] = [];
  const first = Math.ceil(min / step) * step;
  for (let v = first; v <= max + step * 1e-9; v += step) out.push(Number(v.toFixed(6)) + 0); // +0 turns −0 into 0
  return out;
}

/** "−1,000": a true minus and thousands separators, for axis labels and statistics. */
export function formatHu(v: number | null, digits = 0): string {
  if (v === null || !Number.isFinite(v)) return '—';
  const s = Math.abs(v).toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return v < 0 && Number(Math.abs(v).toFixed(digits)) !== 0 ? `−${s}` : s;
}

export interface StatRow {
  label: string;
  value: string;
}

/** Mean, std, percentiles and out-of-range counts, as the panel lists them. */
export function histogramStats(h: HuHistogram): StatRow[] {
  const p = h.percentiles;
  const rows: StatRow[] = [
    { label: 'voxels', value: h.total.toLocaleString('en-US') },
    { label: 'mean', value: `${formatHu(h.mean, 1)} HU` },
    { label: 'std', value: `${formatHu(h.std, 1)} HU` },
    { label: 'p1', value: formatHu(p.p1) },
    { label: 'p5', value: formatHu(p.p5) },
    { label: 'median', value: formatHu(p.p50) },
    { label: 'p95', value: formatHu(p.p95) },
    { label: 'p99', value: formatHu(p.p99) },
  ];
  if (h.below > 0) rows.push({ label: `< ${formatHu(h.min)}`, value: h.below.toLocaleString('en-US') });
  if (h.above > 0) rows.push({ label: `≥ ${formatHu(h.max)}`, value: h.above.toLocaleString('en-US') });
  return rows;
}

/**
 * What the histogram leaves out, in a sentence: the voxels of missing slices (padding) and
 * those outside the field of view, which hold no measurement and would otherwise pile up as
 * a false "air" peak.
 */
export function leftOutText(h: Pick<HuHistogram, 'leftOut'>): string {
  const { missingSlices, outsideField } = h.leftOut;
  if (missingSlices === 0 && outsideField === 0) return 'Every voxel counted: no padding and nothing outside the field of view.';
  const parts: string[] = [];
  if (outsideField > 0) parts.push(`${outsideField.toLocaleString('en-US')} voxels outside the field of view`);
  if (missingSlices > 0) parts.push(`${missingSlices.toLocaleString('en-US')} voxels of missing slices (padding)`);
  return `Left out, no measurement: ${parts.join(', ')}.`;
}

/** A download name safe on every OS: "hu-histogram-LIDC-IDRI-0001.png". */
export function pngFileName(scanName: string): string {
  const safe = scanName.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[_.]+|_+$/g, '').slice(0, 80);
  return `hu-histogram-${safe || 'scan'}.png`;
}
