import { loadVolume } from '../../core/io';
import { huHistogram } from '../../core/volume/histogram';
import { defineJob } from '../job-definition';

const nullIfNaN = (v: number): number | null => (Number.isFinite(v) ? v : null);

/** Loads a scan and computes its HU histogram in a worker. */
export const huHistogramJob = defineJob('huHistogram', async ({ format, files, binWidth }, ctx) => {
  const { volume } = await loadVolume({ format, files }, ctx);
  ctx.progress('histogram', 0.95);
  const h = huHistogram(volume.voxels, binWidth === undefined ? {} : { binWidth });
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
  };
});
