import path from 'node:path';
import fs from 'node:fs';
import { z } from 'zod';
import { loadVolume } from '../../core/io';
import { npyHeader, writeChunksAtomic } from '../../core/io/write/npy-writer';
import { lungMaskOnGrid } from '../../core/pipelines/lung-mask-3d';
import { bridgeMissingSlices, clearMissingSlices } from '../../core/volume/bridge-missing-slices';
import { defineJob } from '../job-definition';

export interface LungMaskJobResult {
  path: string;
  dims: [number, number, number];
  voxels: number;
}

/**
 * The 3D lung mask of a scan on its own grid (so it overlays the scan), optionally dilated
 * by a ball in mm (an ellipsoid in voxels on anisotropic grids), written atomically as a
 * uint8 .npy (z, y, x). The host records it as a mask version. On a series with missing
 * slices the mask is computed on the bridged volume (`bridgeMissingSlices`: padding would
 * join the lungs to the outside air) and then cleared on the missing slots, which hold no image.
 */
export const lungMaskJob = defineJob({
  type: 'lungMask',
  params: z.object({
    format: z.enum(['dicom', 'metaimage', 'nifti', 'nrrd']),
    files: z.array(z.string().min(1)).min(1),
    out: z.string().min(1),
    fill: z.boolean(),
    dilateMm: z.number().min(0),
    outsideAir: z.enum(['corner', 'sides']),
    threshold: z.number(),
  }),
  async run(p, ctx): Promise<LungMaskJobResult> {
    const { volume, missingSlices } = await loadVolume({ format: p.format, files: p.files }, ctx);
    bridgeMissingSlices(volume, missingSlices);
    ctx.progress('lung mask', 0.4);
    const mask = lungMaskOnGrid(volume, { fill: p.fill, outsideAir: p.outsideAir, threshold: p.threshold, dilateMm: p.dilateMm }, ctx);
    clearMissingSlices(mask, volume.dims, missingSlices);
    let voxels = 0;
    for (let i = 0; i < mask.length; i++) voxels += mask[i]!;
    fs.mkdirSync(path.dirname(p.out), { recursive: true });
    await writeChunksAtomic(p.out, [npyHeader([volume.dims[2], volume.dims[1], volume.dims[0]], '|u1'), mask]);
    return { path: p.out, dims: volume.dims, voxels };
  },
});
