import { loadVolume } from '../../core/io';
import { npyHeader, writeChunksAtomic } from '../../core/io/write/npy-writer';
import { readMaskVoxels } from '../../core/masks/read-mask';
import { noduleReport, requireSomeSegmented, segmentNodules } from '../../core/pipelines/nodule-mask';
import { defineJob } from '../job-definition';

/**
 * Segments a list of nodule seeds on a scan (core `segmentNodules`: one semi-automatic
 * segmentation per seed, united on the scan's grid), inside a lung mask when given (a job's
 * .npy or an edited version's .ldmask), and writes the union atomically as a uint8 .npy
 * (z, y, x) when `out` is given. Returns
 * per-seed measures; the host records the file as a mask version. Fails with not-found
 * (before writing anything) when no seed could be segmented.
 */
export const segmentNodulesJob = defineJob('segmentNodules', async (p, ctx) => {
  const { volume } = await loadVolume({ format: p.format, files: p.files }, ctx);
  const lung = p.lungMask ? await readMaskVoxels(p.lungMask, volume.dims) : undefined;
  const seeds = p.seeds.map((s) => ({
    center: s.center,
    ...(s.id !== undefined ? { id: s.id } : {}),
    ...(s.diameterMm !== undefined ? { diameterMm: s.diameterMm } : {}),
    ...(s.huRange ? { huRange: s.huRange } : {}),
  }));
  const r = segmentNodules(volume.voxels, volume, seeds, lung, ctx);
  const nodules = r.nodules.map(noduleReport);
  requireSomeSegmented(nodules, p.files.length === 1 ? p.files[0]! : `the ${p.files.length}-file series of ${p.files[0]}`);
  if (p.out) {
    ctx.progress('writing the mask', 0.9);
    const [nx, ny, nz] = volume.dims;
    await writeChunksAtomic(p.out, [npyHeader([nz, ny, nx], '|u1'), r.mask]);
  }
  return { path: p.out ?? null, dims: volume.dims, voxels: r.voxels, nodules };
});
