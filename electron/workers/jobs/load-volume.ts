import { z } from 'zod';
import { loadVolume } from '../../core/io';
import { valueRange } from '../../core/volume/volume';
import { defineJob } from '../job-definition';

export interface LoadVolumeResult {
  dims: [number, number, number];
  spacing: [number, number, number];
  origin: [number, number, number];
  direction: number[];
  min: number;
  max: number;
  warnings: string[];
  /** Slots of missing slices, filled with padding (see `SeriesDescriptor.missingSlices`). */
  missingSlices: number[];
  /** int16 HU voxels as bytes (x fastest), the buffer of the volume itself (no copy). */
  voxels: Uint8Array;
}

/** Reads a scan's pixels into an int16 HU volume in a worker, so a bad file can't take the host down. */
export const loadVolumeJob = defineJob({
  type: 'loadVolume',
  params: z.object({ format: z.enum(['dicom', 'metaimage', 'nifti', 'nrrd']), files: z.array(z.string().min(1)).min(1) }),
  async run({ format, files }, ctx): Promise<LoadVolumeResult> {
    const { volume, warnings, missingSlices } = await loadVolume({ format, files }, ctx);
    const { min, max } = valueRange(volume.voxels);
    const v = volume.voxels;
    return {
      dims: volume.dims,
      spacing: volume.spacing,
      origin: volume.origin,
      direction: volume.direction,
      min,
      max,
      warnings,
      missingSlices,
      voxels: new Uint8Array(v.buffer, v.byteOffset, v.byteLength),
    };
  },
});
