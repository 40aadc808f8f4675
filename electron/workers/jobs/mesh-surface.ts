import { loadVolume } from '../../core/io';
import { outlineVoxels, sphereVoxels } from '../../core/export/lesion-voxels';
import { readMaskVoxels } from '../../core/masks/read-mask';
import { bodyMask, labelBySeeds, makePartSurfaces, makeSurface, meshBounds } from '../../core/mesh';
import type { VolumeGeometry } from '../../common/geometry';
import { defineJob } from '../job-definition';

const bytes = (a: Float32Array | Uint32Array): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/**
 * A surface of a scan in world LPS mm (core/mesh): a stored mask version read from its file
 * (no need to load the scan's pixels), or an HU threshold of the scan itself. A segmentation
 * job's binary nodule mask is split into lesions by their centres first.
 */
export const meshSurfaceJob = defineJob('meshSurface', async (p, ctx) => {
  const t0 = performance.now();
  const g: VolumeGeometry = p.geometry;
  const opts = { triangleBudget: p.triangleBudget, signal: ctx.signal };
  const src = p.source;
  let made;
  let lesionKeys: (string | null)[];
  if (src.kind === 'threshold') {
    ctx.progress('reading the scan', 0.05);
    const { volume } = await loadVolume({ format: p.format, files: p.files }, ctx);
    ctx.progress('meshing', 0.5);
    const r = src.body
      ? makeSurface({ kind: 'labels', mask: bodyMask(volume.voxels, volume.dims, src.thresholdHu), values: [1] }, volume, opts)
      : makeSurface({ kind: 'threshold', hu: volume.voxels, thresholdHu: src.thresholdHu }, volume, opts);
    made = { mesh: r.mesh, stats: r.stats, groups: [{ label: 0, start: 0, count: r.stats.triangles }] };
    lesionKeys = [null];
  } else if (src.kind === 'lesions') {
    ctx.progress('drawing the lesions', 0.05);
    const [nx, ny, nz] = g.dims;
    const labelled = new Uint8Array(nx * ny * nz);
    src.lesions.forEach((l, i) => {
      const voxels = l.outline ? outlineVoxels(g, l.outline, `lesion ${l.lesionKey}'s outline`) : sphereVoxels(g, l.center, l.diameterMm);
      for (const v of voxels) labelled[v] = i + 1;
    });
    ctx.progress('meshing', 0.3);
    made = makePartSurfaces(labelled, src.lesions.map((_, i) => ({ label: i + 1, values: [i + 1] })), g, opts);
    lesionKeys = src.lesions.map((l) => l.lesionKey);
  } else {
    ctx.progress('reading the mask', 0.05);
    const mask = await readMaskVoxels(src.path, g.dims);
    ctx.progress('meshing', 0.3);
    if (src.kind === 'seeds') {
      const labelled = labelBySeeds(mask, g, src.seeds.map((s) => s.center), src.values);
      made = makePartSurfaces(labelled, src.seeds.map((_, i) => ({ label: i + 1, values: [i + 1] })), g, opts);
      lesionKeys = src.seeds.map((s) => s.lesionKey);
    } else {
      made = makePartSurfaces(mask, src.parts, g, opts);
      lesionKeys = src.parts.map((q) => q.lesionKey);
    }
  }
  ctx.progress('done', 1);
  const { mesh } = made;
  return {
    positions: bytes(mesh.positions),
    normals: bytes(mesh.normals),
    indices: bytes(mesh.indices),
    triangles: mesh.indices.length / 3,
    trianglesBeforeDecimation: made.stats.trianglesFull,
    groups: made.groups.map((gr, i) => ({ ...gr, lesionKey: lesionKeys[i] ?? null })),
    bounds: meshBounds(mesh.positions),
    seconds: (performance.now() - t0) / 1000,
  };
});
