import type { Vec3, VolumeGeometry } from '../../common/geometry';
import { flood26 } from '../volume/flood26';
import { worldToVoxel } from '../volume/volume';

/**
 * Splits a mask (inside = any of `values`) into one label per seed: label n + 1 is the
 * 26-connected region that seed n's centre falls in, or the nearest inside voxel within
 * `searchMm` of it. A region two seeds share goes to the first; a seed that finds no region
 * gets no voxels. Voxels no seed reaches stay 0 (they outline no lesion). A new array.
 */
export function labelBySeeds(mask: Uint8Array, g: VolumeGeometry, seeds: readonly Vec3[], values: readonly number[] = [1], searchMm = 10): Uint8Array {
  const isIn = new Uint8Array(256);
  for (const v of values) isIn[v & 255] = 1;
  const out = new Uint8Array(mask.length);
  seeds.slice(0, 255).forEach((centre, n) => {
    const start = nearestInside(mask, isIn, g, centre, searchMm);
    if (start < 0 || out[start] !== 0) return;
    const label = n + 1;
    flood26(g.dims, start, (j) => isIn[mask[j]!] === 1 && out[j] === 0, (j) => (out[j] = label));
  });
  return out;
}

/** Index of the inside voxel nearest a world point (mm), within `searchMm`; −1 when none. */
function nearestInside(mask: Uint8Array, isIn: Uint8Array, g: VolumeGeometry, p: Vec3, searchMm: number): number {
  const [nx, ny, nz] = g.dims;
  const c = worldToVoxel(g, p);
  const r = [0, 1, 2].map((a) => Math.ceil(searchMm / g.spacing[a]!));
  let best = -1;
  let bestD = searchMm * searchMm;
  for (let z = Math.max(0, Math.round(c[2]) - r[2]!); z <= Math.min(nz - 1, Math.round(c[2]) + r[2]!); z++) {
    for (let y = Math.max(0, Math.round(c[1]) - r[1]!); y <= Math.min(ny - 1, Math.round(c[1]) + r[1]!); y++) {
      for (let x = Math.max(0, Math.round(c[0]) - r[0]!); x <= Math.min(nx - 1, Math.round(c[0]) + r[0]!); x++) {
        const i = x + nx * (y + ny * z);
        if (isIn[mask[i]!] !== 1) continue;
        const d = ((x - c[0]) * g.spacing[0]) ** 2 + ((y - c[1]) * g.spacing[1]) ** 2 + ((z - c[2]) * g.spacing[2]) ** 2;
        if (d <= bestD) {
          bestD = d;
          best = i;
        }
      }
    }
  }
  return best;
}
