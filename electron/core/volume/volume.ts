import type { Mat3, Vec3, VolumeGeometry } from '../../common/geometry';

/**
 * A CT volume in Hounsfield units. Voxels are x-fastest: index = x + nx·(y + ny·z).
 * Geometry is LPS millimetres: world = origin + direction · (spacing ⊙ ijk), origin is the
 * centre of voxel 0 and column j of `direction` is the world direction of voxel axis j.
 */
export interface Volume extends VolumeGeometry {
  voxels: Int16Array;
}

export function voxelCount(dims: readonly [number, number, number]): number {
  return dims[0] * dims[1] * dims[2];
}

/** World (LPS mm) position of the centre of voxel (i, j, k); fractional indices allowed. */
export function voxelToWorld(g: VolumeGeometry, ijk: Vec3): Vec3 {
  const [si, sj, sk] = g.spacing;
  const a = ijk[0] * si;
  const b = ijk[1] * sj;
  const c = ijk[2] * sk;
  const d = g.direction;
  return [
    g.origin[0] + d[0]! * a + d[1]! * b + d[2]! * c,
    g.origin[1] + d[3]! * a + d[4]! * b + d[5]! * c,
    g.origin[2] + d[6]! * a + d[7]! * b + d[8]! * c,
  ];
}

/** Continuous voxel index (i, j, k) of a world point: the inverse of `voxelToWorld`. */
export function worldToVoxel(g: VolumeGeometry, xyz: Vec3): Vec3 {
  const inv = invert3(g.direction);
  const p0 = xyz[0] - g.origin[0];
  const p1 = xyz[1] - g.origin[1];
  const p2 = xyz[2] - g.origin[2];
  return [
    (inv[0]! * p0 + inv[1]! * p1 + inv[2]! * p2) / g.spacing[0],
    (inv[3]! * p0 + inv[4]! * p1 + inv[5]! * p2) / g.spacing[1],
    (inv[6]! * p0 + inv[7]! * p1 + inv[8]! * p2) / g.spacing[2],
  ];
}

/** Inverse of a row-major 3×3 matrix; throws on a singular one. */
export function invert3(m: Mat3): Mat3 {
  const [a, b, c, d, e, f, g, h, i] = m as [number, number, number, number, number, number, number, number, number];
  const A = e * i - f * h;
  const B = -(d * i - f * g);
  const C = d * h - e * g;
  const det = a * A + b * B + c * C;
  if (!Number.isFinite(det) || Math.abs(det) < 1e-12) throw new RangeError('direction matrix is singular');
  return [
    A / det, -(b * i - c * h) / det, (b * f - c * e) / det,
    B / det, (a * i - c * g) / det, -(a * f - c * d) / det,
    C / det, -(a * h - b * g) / det, (a * e - b * d) / det,
  ];
}

/** Smallest and largest voxel value (0, 0 for an empty volume). */
export function valueRange(voxels: Int16Array): { min: number; max: number } {
  if (voxels.length === 0) return { min: 0, max: 0 };
  let min = 32767;
  let max = -32768;
  for (let n = 0; n < voxels.length; n++) {
    const v = voxels[n]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { min, max };
}

/**
 * The voxel a LUNA16 world coordinate (coordX, coordY, coordZ: LPS mm, as annotations.csv
 * gives them) falls in: `worldToVoxel` rounded half to even like the tutorial's np.rint,
 * through the full direction matrix. Undefined when it lies outside the volume.
 */
export function lunaWorldToVoxelIndex(g: VolumeGeometry, xyz: Vec3): [number, number, number] | undefined {
  const c = worldToVoxel(g, xyz);
  const r = c.map(rintHalfEven) as [number, number, number];
  return r.every((v, a) => v >= 0 && v < g.dims[a]!) ? r : undefined;
}

function rintHalfEven(v: number): number {
  const f = Math.floor(v);
  const d = v - f;
  if (d !== 0.5) return d < 0.5 ? f : f + 1;
  return f % 2 === 0 ? f : f + 1;
}
