import { loadVolume } from '../../core/io';
import { huHistogram } from '../../core/volume/histogram';
import { OUTSIDE_FIELD_BELOW_HU } from '../../core/volume/padding';
import { defineJob } from '../job-definition';

const nullIfNaN = (v: number): number | null => (Number.isFinite(v) ? v : null);

/**
 * Loads a scan and computes its HU histogram in a worker, leaving out what holds no
 * measurement: missing slices' padding, DICOM outside-the-field padding and values below
 * OUTSIDE_FIELD_BELOW_HU (see `huHistogram`); how many is in `leftOut`.
 */
export const huHistogramJob = defineJob('huHistogram', async ({ format, files, binWidth }, ctx) => {
  const { volume, missingSlices, outsideField } = await loadVolume({ format, files }, ctx);
  ctx.progress('histogram', 0.95);
  const leaveOut = { slices: missingSlices, sliceSize: volume.dims[0] * volume.dims[1], padded: outsideField, below: OUTSIDE_FIELD_BELOW_HU };
  const h = huHistogram(volume.voxels, binWidth === undefined ? { leaveOut } : { binWidth, leaveOut });
  return {
    binWidth: h.binWidth,
    min: h.min,
    max: h.max,
    counts: h.counts,
    below: h.below,
    above: h.above,
    total: h.total,
    mean: nullIfNaN(h.mean),
    std: nullIfNaN(h.std),
    percentiles: {
      p1: nullIfNaN(h.percentiles.p1),
      p5: nullIfNaN(h.percentiles.p5),
      p50: nullIfNaN(h.percentiles.p50),
      p95: nullIfNaN(h.percentiles.p95),
      p99: nullIfNaN(h.percentiles.p99),
    },
    leftOut: h.leftOut,
  };
});
