import { z } from 'zod';
import { Vec3 } from '../geometry';
import { HuHistogram } from '../contract/scans';
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

/** The contract's HU histogram without the scan id, which the host adds. */
export const HuHistogramResultSchema = HuHistogram.omit({ scanId: true });

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
