import type { Vec3, VolumeGeometry } from '../../common/geometry';
import { decodeMaskRle, type RleMask } from '../review/mask-rle';
import { flood26 } from '../volume/flood26';
import { worldToVoxel } from '../volume/volume';

/**
 * A lesion's voxels on its scan grid, as ascending flat indices (x fastest), from each of
 * the places a lesion's extent can come from: a saved mask, the readers' consensus outline,
 * or a sphere of its diameter. Distances in mm assume an orthonormal direction matrix, as CT
 * grids have (a sheared grid would make the sphere slightly elliptic).
 */

/** The diameter a lesion without one gets: LIDC's lower bound for a nodule. */
export const DEFAULT_LESION_DIAMETER_MM = 3;

/** Voxels whose centres lie within `diameterMm / 2` of `center` (world LPS mm); the nearest voxel when none does. */
export function sphereVoxels(g: VolumeGeometry, center: Vec3, diameterMm: number | null): Uint32Array {
  const [nx, ny, nz] = g.dims;
  const r = Math.max(diameterMm ?? DEFAULT_LESION_DIAMETER_MM, 0) / 2;
  const c = worldToVoxel(g, center);
  const lo = c.map((v, a) => Math.max(0, Math.ceil(v - r / g.spacing[a]!)));
  const hi = c.map((v, a) => Math.min(g.dims[a]! - 1, Math.floor(v + r / g.spacing[a]!)));
  const out: number[] = [];
  for (let z = lo[2]!; z <= hi[2]!; z++) {
    const dz = (z - c[2]) * g.spacing[2];
    for (let y = lo[1]!; y <= hi[1]!; y++) {
      const dy = (y - c[1]) * g.spacing[1];
      for (let x = lo[0]!; x <= hi[0]!; x++) {
        const dx = (x - c[0]) * g.spacing[0];
        if (dx * dx + dy * dy + dz * dz <= r * r) out.push(x + nx * (y + ny * z));
      }
    }
  }
  if (!out.length) {
    const [x, y, z] = c.map(Math.round) as Vec3;
    if (x >= 0 && y >= 0 && z >= 0 && x < nx && y < ny && z < nz) out.push(x + nx * (y + ny * z));
  }
  return Uint32Array.from(out);
}

/** The voxels of a run-length outline (core/review/mask-rle) on the grid; parts outside it are dropped. */
export function outlineVoxels(g: VolumeGeometry, outline: RleMask, what: string): Uint32Array {
  const [nx, ny, nz] = g.dims;
  const { bbox, mask } = decodeMaskRle(outline, what);
  const bx = bbox.x1 - bbox.x0 + 1;
  const by = bbox.y1 - bbox.y0 + 1;
  const out: number[] = [];
  for (let i = 0; i < mask.length; i++) {
    if (!mask[i]) continue;
    const x = bbox.x0 + (i % bx);
    const y = bbox.y0 + (Math.floor(i / bx) % by);
    const z = bbox.z0 + Math.floor(i / (bx * by));
    if (x >= 0 && y >= 0 && z >= 0 && x < nx && y < ny && z < nz) out.push(x + nx * (y + ny * z));
  }
  return Uint32Array.from(out);
}

/**
 * The 26-connected components of `mask` (non-zero voxels) that hold at least one of `seeds`,
 * as ascending flat indices. `mask` is left as it was (visited voxels are marked and restored).
 */
export function componentsAt(mask: Uint8Array, dims: readonly [number, number, number], seeds: Uint32Array): Uint32Array {
  const VISITED = 0xff;
  const found: number[] = [];
  const saved: number[] = [];
  const canEnter = (j: number): boolean => mask[j] !== 0 && mask[j] !== VISITED;
  const enter = (j: number): void => {
    saved.push(j, mask[j]!);
    mask[j] = VISITED;
    found.push(j);
  };
  for (const s of seeds) if (canEnter(s)) flood26(dims, s, canEnter, enter);
  for (let k = 0; k < saved.length; k += 2) mask[saved[k]!] = saved[k + 1]!;
  return Uint32Array.from(found).sort();
}
