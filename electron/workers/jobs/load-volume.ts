import { loadVolume } from '../../core/io';
import { valueRange } from '../../core/volume/volume';
import { defineJob } from '../job-definition';

/** Reads a scan's pixels into an int16 HU volume in a worker, so a bad file can't take the host down. */
export const loadVolumeJob = defineJob('loadVolume', async ({ format, files }, ctx) => {
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
});
