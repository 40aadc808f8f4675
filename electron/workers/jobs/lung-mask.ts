import path from 'node:path';
import fs from 'node:fs';
import { loadVolume } from '../../core/io';
import { npyHeader, writeChunksAtomic } from '../../core/io/write/npy-writer';
import { lungMaskOnGrid } from '../../core/pipelines/lung-mask-3d';
import { defineJob } from '../job-definition';

/**
 * The 3D lung mask of a scan on its own grid (so it overlays the scan), optionally dilated
 * by a ball in mm (an ellipsoid in voxels on anisotropic grids), written atomically as a
 * uint8 .npy (z, y, x). The host records it as a mask version.
 */
export const lungMaskJob = defineJob('lungMask', async (p, ctx) => {
  const { volume } = await loadVolume({ format: p.format, files: p.files }, ctx);
  ctx.progress('lung mask', 0.4);
  const mask = lungMaskOnGrid(volume, { fill: p.fill, outsideAir: p.outsideAir, threshold: p.threshold, dilateMm: p.dilateMm }, ctx);
  let voxels = 0;
  for (let i = 0; i < mask.length; i++) voxels += mask[i]!;
  fs.mkdirSync(path.dirname(p.out), { recursive: true });
  await writeChunksAtomic(p.out, [npyHeader([volume.dims[2], volume.dims[1], volume.dims[0]], '|u1'), mask]);
  return { path: p.out, dims: volume.dims, voxels };
});
