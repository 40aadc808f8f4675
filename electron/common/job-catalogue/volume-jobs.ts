import { z } from 'zod';
import { Vec3 } from '../geometry';
import { jobSpec } from './define';
import { Bytes, Dims, ScanFiles } from './shared-schemas';

export const LoadVolumeResultSchema = z.object({
  dims: Dims,
  spacing: Vec3,
  origin: Vec3,
  direction: z.array(z.number()),
  min: z.number(),
  max: z.number(),
  warnings: z.array(z.string()),
  /** Slots of missing slices, filled with padding (see `SeriesDescriptor.missingSlices`). */
  missingSlices: z.array(z.number().int().nonnegative()),
  /** int16 HU voxels as bytes (x fastest), the buffer of the volume itself (no copy). */
  voxels: Bytes,
});
export type LoadVolumeResult = z.infer<typeof LoadVolumeResultSchema>;

const nullableNumber = z.number().nullable();

export const HuHistogramResultSchema = z.object({
  binWidth: z.number(),
  min: z.number(),
  max: z.number(),
  counts: z.array(z.number().int()),
  below: z.number().int(),
  above: z.number().int(),
  total: z.number().int(),
  mean: nullableNumber,
  std: nullableNumber,
  percentiles: z.object({ p1: nullableNumber, p5: nullableNumber, p50: nullableNumber, p95: nullableNumber, p99: nullableNumber }),
  /** Voxels without a measurement, counted nowhere else (missing slices' padding, outside the field). */
  leftOut: z.object({ missingSlices: z.number().int(), outsideField: z.number().int() }),
});

export const volumeJobs = {
  loadVolume: jobSpec({
    runs: 'worker',
    params: z.object(ScanFiles),
    result: LoadVolumeResultSchema,
    doc: "Reads a scan's pixels into an int16 HU volume, so a bad file cannot take the host down.",
  }),
  huHistogram: jobSpec({
    runs: 'worker',
    params: z.object({ ...ScanFiles, binWidth: z.number().positive().optional() }),
    result: HuHistogramResultSchema,
    doc: "A scan's HU histogram with fixed-width bins.",
  }),
};
