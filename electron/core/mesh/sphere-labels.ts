import type { Vec3, VolumeGeometry } from '../../common/geometry';
import { voxelToWorld, worldToVoxel } from '../volume/volume';

/**
 * A labelmap of balls: ball n (label n + 1) holds the voxels whose centre lies within
 * diameter / 2 of its world centre (LPS mm, through the full direction matrix), as LUNA16's
 * annotations describe nodules. Later balls overwrite earlier ones where they overlap.
 */
export function sphereLabels(g: VolumeGeometry, balls: readonly { center: Vec3; diameterMm: number }[]): Uint8Array {
  const [nx, ny, nz] = g.dims;
  const out = new Uint8Array(nx * ny * nz);
  balls.forEach((b, n) => {
    const r = b.diameterMm / 2;
    const c = worldToVoxel(g, b.center);
    // The ball's index box: r mm is at most r / spacing voxels along any axis (orthonormal direction).
    const lo = [0, 1, 2].map((a) => Math.max(0, Math.floor(c[a]! - r / g.spacing[a]!) - 1));
    const hi = [0, 1, 2].map((a) => Math.min(g.dims[a]! - 1, Math.ceil(c[a]! + r / g.spacing[a]!) + 1));
    for (let z = lo[2]!; z <= hi[2]!; z++) {
      for (let y = lo[1]!; y <= hi[1]!; y++) {
        for (let x = lo[0]!; x <= hi[0]!; x++) {
          const p = voxelToWorld(g, [x, y, z]);
          if ((p[0] - b.center[0]) ** 2 + (p[1] - b.center[1]) ** 2 + (p[2] - b.center[2]) ** 2 <= r * r) out[x + nx * (y + ny * z)] = Math.min(255, n + 1);
        }
      }
    }
  });
  return out;
}
