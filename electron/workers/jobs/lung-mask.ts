import path from 'node:path';
import fs from 'node:fs';
import { loadVolume } from '../../core/io';
import { npyHeader, writeChunksAtomic } from '../../core/io/write/npy-writer';
import { dilateLungMask, lungMaskOnGrid } from '../../core/pipelines/lung-mask-3d';
import { bridgeMissingSlices, clearMissingSlices } from '../../core/volume/bridge-missing-slices';
import type { WrittenMask } from '../../common/job-catalogue';
import { defineJob } from '../job-definition';

function countSet(mask: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < mask.length; i++) n += mask[i]!;
  return n;
}

async function writeMask(file: string, dims: readonly [number, number, number], mask: Uint8Array): Promise<WrittenMask> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await writeChunksAtomic(file, [npyHeader([dims[2], dims[1], dims[0]], '|u1'), mask]);
  return { path: file, voxels: countSet(mask) };
}

/**
 * The 3D lung mask of a scan on its own grid (so it overlays the scan), written atomically as
 * a uint8 .npy (z, y, x) to `out`; with `dilateMm` > 0 and `outDilated`, also that mask
 * dilated by a ball in mm (an ellipsoid in voxels on anisotropic grids). Both come from one
 * segmentation: the dilation needs the undilated mask anyway, so keeping it costs no extra
 * memory. The host records each as a mask version, the dilated one as the other's child.
 * On a series with missing slices the mask is computed on the bridged volume
 * (`bridgeMissingSlices`: padding would join the lungs to the outside air) and then cleared
 * on the missing slots, which hold no image.
 */
export const lungMaskJob = defineJob('lungMask', async (p, ctx) => {
  const { volume, missingSlices } = await loadVolume({ format: p.format, files: p.files }, ctx);
  bridgeMissingSlices(volume, missingSlices);
  ctx.progress('lung mask', 0.4);
  const mask = lungMaskOnGrid(volume, { fill: p.fill, outsideAir: p.outsideAir, threshold: p.threshold }, ctx);
  // The dilation starts from the bridged mask (a gap must not cut the margin), so the
  // missing slots are cleared from a copy written first.
  const shown = missingSlices.length ? mask.slice() : mask;
  clearMissingSlices(shown, volume.dims, missingSlices);
  const written = await writeMask(p.out, volume.dims, shown);
  let dilated: WrittenMask | null = null;
  if (p.dilateMm > 0 && p.outDilated) {
    const wide = dilateLungMask(mask, volume, p.dilateMm, ctx);
    clearMissingSlices(wide, volume.dims, missingSlices);
    dilated = await writeMask(p.outDilated, volume.dims, wide);
  }
  return { ...written, dims: volume.dims, dilated };
});
