import { LungDeskError } from '../../common/errors';

/**
 * HU histogram with fixed bins, so histograms of different scans line up (the seed's
 * `plt.hist(hu.flatten(), bins=80)` picks its bins from each scan's range, ours does not).
 *
 * Bin k counts values v with `min + k·binWidth ≤ v < min + (k+1)·binWidth`; there are
 * ceil((max − min) / binWidth) bins. Values below `min` go to `below`, values ≥ `max` to
 * `above`; both still count in `total`, `mean`, `std` and the percentiles, which describe every
 * voxel selected (all voxels, or those where `mask` ≠ 0).
 *
 * `std` is the population standard deviation (numpy `std`, ddof = 0). Percentiles are exact
 * and interpolate linearly between order statistics, as numpy `percentile` (method "linear").
 * With no voxel selected, `mean`, `std` and the percentiles are NaN (null in JSON).
 *
 * Voxels that hold no measurement can be left out (`leaveOut`) and are then counted in
 * `leftOut` instead of anywhere else: the slots of missing slices (whole z slices), DICOM
 * outside-the-field pixels the reader turned into their slice's intercept (given as counts
 * per HU value: they cannot be told from air by value), and values below a threshold (what
 * converters write outside the field of view). Without a `mask`, the counts come off the
 * table; with one, only the slices and the threshold apply (the counts are per volume).
 *
 * One pass over the voxels into a 65 536-entry count table (one per int16 value), then
 * everything else from the table: O(n + 65 536), no sort, no copy.
 */

export interface HuHistogramOptions {
  /** Bin width in HU (default 10). */
  binWidth?: number;
  /** Lower edge of the first bin in HU (default −1100). */
  min?: number;
  /** Upper edge of the bins in HU (default 3100); values ≥ max count in `above`. */
  max?: number;
  /** Voxels to count: same length as the volume, non-zero = counted. Default: all. */
  mask?: Uint8Array;
  /** Voxels with no measurement to leave out (see the module comment). */
  leaveOut?: {
    /** z indices of whole slices (missing slices' slots), each `sliceSize` voxels. */
    slices?: readonly number[];
    sliceSize?: number;
    /** How many voxels of each value are outside-the-field padding (`loadVolume`'s `outsideField`). */
    padded?: readonly { hu: number; voxels: number }[];
    /** Values below this are outside the field of view. */
    below?: number;
  };
}

/** Voxels left out of a histogram, by why. */
export interface LeftOut {
  /** In the slots of missing slices. */
  missingSlices: number;
  /** Outside the field of view: padding turned into the intercept, and values below the threshold. */
  outsideField: number;
}

export interface HuHistogram {
  binWidth: number;
  min: number;
  /** Upper edge of the last bin: min + counts.length · binWidth (≥ the requested max). */
  max: number;
  counts: number[];
  below: number;
  above: number;
  total: number;
  mean: number;
  std: number;
  percentiles: { p1: number; p5: number; p50: number; p95: number; p99: number };
  leftOut: LeftOut;
}

const MAX_BINS = 100_000;

export function huHistogram(voxels: Int16Array, opts: HuHistogramOptions = {}): HuHistogram {
  const binWidth = opts.binWidth ?? 10;
  const min = opts.min ?? -1100;
  const max = opts.max ?? 3100;
  if (!(binWidth > 0) || !Number.isFinite(binWidth)) throw new LungDeskError('contract.bad-input', `bin width ${binWidth} must be a positive number`);
  if (!Number.isFinite(min) || !Number.isFinite(max) || !(max > min)) throw new LungDeskError('contract.bad-input', `histogram range [${min}, ${max}) is empty or not finite`);
  const nbins = Math.ceil((max - min) / binWidth);
  if (nbins > MAX_BINS) throw new LungDeskError('contract.bad-input', `${nbins} bins (range ${max - min} HU / bin width ${binWidth}) is more than ${MAX_BINS}`);
  const mask = opts.mask;
  if (mask && mask.length !== voxels.length) {
    throw new LungDeskError('contract.bad-input', `mask has ${mask.length} voxels, the volume ${voxels.length}`);
  }

  const leave = opts.leaveOut ?? {};
  const sliceSize = leave.sliceSize ?? 0;
  const skipped = new Uint8Array(sliceSize > 0 ? Math.ceil(voxels.length / sliceSize) : 0);
  for (const k of leave.slices ?? []) {
    if (sliceSize <= 0) throw new LungDeskError('contract.bad-input', 'leaving slices out of a histogram needs their sliceSize');
    if (k >= 0 && k < skipped.length) skipped[k] = 1;
  }

  // table[v + 32768] = how many selected voxels hold v. Float64 so counts past 2^32 stay exact.
  const table = new Float64Array(65536);
  const leftOut: LeftOut = { missingSlices: 0, outsideField: 0 };
  const n = voxels.length;
  // Slice by slice (the whole volume as one "slice" when none is left out).
  const step = skipped.length ? sliceSize : n;
  for (let start = 0, k = 0; start < n; start += step, k++) {
    const end = Math.min(n, start + step);
    if (skipped.length && skipped[k]) {
      if (mask) {
        for (let i = start; i < end; i++) if (mask[i] !== 0) leftOut.missingSlices++;
      } else leftOut.missingSlices += end - start;
      continue;
    }
    if (mask) {
      for (let i = start; i < end; i++) {
        if (mask[i] !== 0) {
          const t = voxels[i]! + 32768;
          table[t] = table[t]! + 1;
        }
      }
    } else {
      for (let i = start; i < end; i++) {
        const t = voxels[i]! + 32768;
        table[t] = table[t]! + 1;
      }
    }
  }
  if (!mask) {
    for (const p of leave.padded ?? []) {
      const t = Math.round(p.hu) + 32768;
      if (t < 0 || t > 65535) continue;
      const c = Math.min(table[t]!, Math.max(0, p.voxels));
      table[t] = table[t]! - c;
      leftOut.outsideField += c;
    }
  }
  if (leave.below !== undefined) {
    const limit = Math.min(65536, Math.max(0, Math.ceil(leave.below) + 32768));
    for (let t = 0; t < limit; t++) {
      leftOut.outsideField += table[t]!;
      table[t] = 0;
    }
  }

  const counts = new Array<number>(nbins).fill(0);
  let below = 0;
  let above = 0;
  let total = 0;
  let sum = 0;
  for (let t = 0; t < 65536; t++) {
    const c = table[t]!;
    if (c === 0) continue;
    const v = t - 32768;
    total += c;
    sum += c * v;
    if (v < min) below += c;
    else if (v >= min + nbins * binWidth) above += c;
    else {
      const k = Math.floor((v - min) / binWidth);
      counts[Math.min(k, nbins - 1)]! += c;
    }
  }
  const mean = total > 0 ? sum / total : NaN;
  let ss = 0;
  if (total > 0) {
    for (let t = 0; t < 65536; t++) {
      const c = table[t]!;
      if (c !== 0) {
        const d = t - 32768 - mean;
        ss += c * d * d;
      }
    }
  }
  const std = total > 0 ? Math.sqrt(ss / total) : NaN;

  // The value of order statistic `rank` (0-based) read off the cumulative table.
  const ps = [1, 5, 50, 95, 99] as const;
  const out: number[] = [];
  if (total === 0) out.push(NaN, NaN, NaN, NaN, NaN);
  else {
    const want: number[] = [];
    for (const p of ps) {
      const pos = (p / 100) * (total - 1);
      want.push(Math.floor(pos), Math.ceil(pos));
    }
    const order = want.map((r, i) => [r, i] as const).sort((a, b) => a[0] - b[0]);
    const values = new Array<number>(want.length);
    let cum = 0;
    let t = 0;
    for (const [rank, i] of order) {
      while (cum + table[t]! <= rank) cum += table[t++]!;
      values[i] = t - 32768;
    }
    ps.forEach((p, k) => {
      const pos = (p / 100) * (total - 1);
      const lo = values[2 * k]!;
      const hi = values[2 * k + 1]!;
      out.push(lo + (hi - lo) * (pos - Math.floor(pos)));
    });
  }
  return {
    binWidth,
    min,
    max: min + nbins * binWidth,
    counts,
    below,
    above,
    total,
    mean,
    std,
    percentiles: { p1: out[0]!, p5: out[1]!, p50: out[2]!, p95: out[3]!, p99: out[4]! },
    leftOut,
  };
}
