import { LungDeskError } from '../../common/errors';
import type { Mat3, Vec3, VolumeGeometry } from '../../common/geometry';
import { OUTSIDE_FIELD_BELOW_HU } from '../volume/padding';
import { worldToVoxel } from '../volume/volume';

/**
 * The sampling grid of a nodule cube and the two samplers that fill it.
 *
 * Grid: `n = round(cubeMm / spacingMm)` voxels per edge (at least 1), the same along the
 * three axes, which are the scan's own axes (the direction matrix's columns, normalised), so
 * a cube is the scan's orientation resampled to an isotropic step. Cube voxel (i, j, k),
 * stored at array index [k, j, i] (z, y, x, C order), sits at world
 * `origin + direction · (spacingMm · [i, j, k])`, and its centre voxel `[h, h, h]` with
 * `h = floor(n / 2)` sits exactly on the lesion's world centre: for an even `n` the cube
 * reaches h voxels below the centre and h − 1 above (numpy's `a[c - h : c + h]` convention).
 *
 * Because the cube's axes are the scan's, each cube axis walks along one scan axis only,
 * and the scan index along it is `c_a + (t − h) · spacingMm / (|d_a| · spacing_a)` for the
 * centre's continuous index `c`: sampling is separable, with taps and weights computed once
 * per axis.
 */

/** HU of everything outside the scan, and of voxels outside its field of view: air. */
export const CUBE_OUTSIDE_HU = -1000;
/** Largest edge in voxels (512³ int16 is 256 MB): past it, ask for a coarser spacing. */
export const MAX_CUBE_EDGE = 512;

export interface CubeGrid {
  /** Voxels per edge; the arrays are (n, n, n), z, y, x. */
  n: number;
  /** Index of the centre voxel along each axis, floor(n / 2). */
  centerIndex: number;
  spacingMm: number;
  /** World (LPS mm) centre of cube voxel (0, 0, 0). */
  origin: Vec3;
  /** Row-major 3×3; column j is the world direction of cube axis j (the scan's, unit length). */
  direction: Mat3;
  /** The lesion centre as a continuous index of the scan (x, y, z). */
  centerVoxel: Vec3;
  /** Scan voxels per cube voxel along each axis (x, y, z). */
  step: Vec3;
}

/** The cube of `cubeMm` at `spacingMm` centred on `center` (world LPS mm) in `scan`. */
export function cubeGrid(scan: VolumeGeometry, center: Vec3, cubeMm: number, spacingMm: number): CubeGrid {
  if (!(cubeMm > 0) || !(spacingMm > 0)) {
    throw new LungDeskError('contract.bad-input', `a cube needs a positive edge and spacing, got ${cubeMm} mm at ${spacingMm} mm`);
  }
  const n = Math.max(1, Math.round(cubeMm / spacingMm));
  if (n > MAX_CUBE_EDGE) {
    throw new LungDeskError('contract.bad-input', `a ${cubeMm} mm cube at ${spacingMm} mm is ${n}³ voxels; at most ${MAX_CUBE_EDGE} per edge (raise the cube spacing)`);
  }
  if (!center.every(Number.isFinite)) throw new LungDeskError('contract.bad-input', `lesion centre ${center.join(', ')} is not a finite point`);
  const d = scan.direction;
  const len = [0, 1, 2].map((j) => Math.hypot(d[j]!, d[3 + j]!, d[6 + j]!));
  const direction = [0, 1, 2, 3, 4, 5, 6, 7, 8].map((e) => d[e]! / len[e % 3]!);
  const h = Math.floor(n / 2);
  const back = -h * spacingMm;
  const origin: Vec3 = [0, 1, 2].map((r) => center[r]! + back * (direction[3 * r]! + direction[3 * r + 1]! + direction[3 * r + 2]!)) as Vec3;
  const step = [0, 1, 2].map((a) => spacingMm / (len[a]! * scan.spacing[a]!)) as Vec3;
  return { n, centerIndex: h, spacingMm, origin, direction, centerVoxel: worldToVoxel(scan, center), step };
}

/** Per cube axis: the scan index of each cube voxel's position. */
function axisPositions(grid: CubeGrid, a: number): Float64Array {
  const out = new Float64Array(grid.n);
  for (let t = 0; t < grid.n; t++) out[t] = grid.centerVoxel[a]! + (t - grid.centerIndex) * grid.step[a]!;
  return out;
}

/**
 * HU cube by trilinear interpolation of the scan's voxels. Taps outside the scan count as
 * `CUBE_OUTSIDE_HU` (−1000, air), and so do voxels below `OUTSIDE_FIELD_BELOW_HU` (outside
 * the reconstruction circle: −2000/−3024 padding is no measurement, and mixing it into an
 * interpolation would invent densities below air): scipy's
 * `map_coordinates(hu, coords, order=1, mode='grid-constant', cval=-1000)` on the scan with
 * those voxels set to −1000. The float64 result is rounded half away from zero to int16.
 * Missing slices must be bridged by the caller (`bridgeMissingSlices`).
 *
 * @param voxels - the scan, x-fastest `x + nx·(y + ny·z)`; never modified.
 * @returns (n, n, n) int16, x fastest.
 */
export function sampleHuCube(voxels: Int16Array, dims: readonly [number, number, number], grid: CubeGrid): Int16Array {
  const [nx, ny, nz] = dims;
  const n = grid.n;
  const taps = [0, 1, 2].map((a) => {
    const pos = axisPositions(grid, a);
    const lo = new Int32Array(n);
    const w = new Float64Array(n);
    for (let t = 0; t < n; t++) {
      lo[t] = Math.floor(pos[t]!);
      w[t] = pos[t]! - lo[t]!;
    }
    return { lo, w };
  });
  const at = (x: number, y: number, z: number): number => {
    if (x < 0 || y < 0 || z < 0 || x >= nx || y >= ny || z >= nz) return CUBE_OUTSIDE_HU;
    const v = voxels[x + nx * (y + ny * z)]!;
    return v < OUTSIDE_FIELD_BELOW_HU ? CUBE_OUTSIDE_HU : v;
  };
  const out = new Int16Array(n * n * n);
  const [tx, ty, tz] = taps as [(typeof taps)[0], (typeof taps)[0], (typeof taps)[0]];
  let o = 0;
  for (let k = 0; k < n; k++) {
    const z0 = tz.lo[k]!, wz = tz.w[k]!;
    for (let j = 0; j < n; j++) {
      const y0 = ty.lo[j]!, wy = ty.w[j]!;
      for (let i = 0; i < n; i++, o++) {
        const x0 = tx.lo[i]!, wx = tx.w[i]!;
        const c00 = at(x0, y0, z0) * (1 - wx) + at(x0 + 1, y0, z0) * wx;
        const c10 = at(x0, y0 + 1, z0) * (1 - wx) + at(x0 + 1, y0 + 1, z0) * wx;
        const c01 = at(x0, y0, z0 + 1) * (1 - wx) + at(x0 + 1, y0, z0 + 1) * wx;
        const c11 = at(x0, y0 + 1, z0 + 1) * (1 - wx) + at(x0 + 1, y0 + 1, z0 + 1) * wx;
        const v = (c00 * (1 - wy) + c10 * wy) * (1 - wz) + (c01 * (1 - wy) + c11 * wy) * wz;
        const r = v < 0 ? -Math.round(-v) : Math.round(v);
        out[o] = r < -32768 ? -32768 : r > 32767 ? 32767 : r;
      }
    }
  }
  return out;
}

/**
 * Mask cube by nearest neighbour (scan voxel `floor(c + 0.5)`, ties up, as the zoom kernel's
 * order 0; outside the scan 0). `valueAt(index)` gives the value of a scan voxel by its flat
 * index (the caller decides what the labels mean).
 * @returns (n, n, n) uint8, x fastest.
 */
export function sampleMaskCube(dims: readonly [number, number, number], grid: CubeGrid, valueAt: (index: number) => number): Uint8Array {
  const n = grid.n;
  const near = [0, 1, 2].map((a) => {
    const pos = axisPositions(grid, a);
    const idx = new Int32Array(n);
    for (let t = 0; t < n; t++) {
      const v = Math.floor(pos[t]! + 0.5);
      idx[t] = v >= 0 && v < dims[a]! ? v : -1;
    }
    return idx;
  }) as [Int32Array, Int32Array, Int32Array];
  const [nx, ny] = dims;
  const out = new Uint8Array(n * n * n);
  let o = 0;
  for (let k = 0; k < n; k++) {
    const z = near[2][k]!;
    for (let j = 0; j < n; j++) {
      const y = near[1][j]!;
      for (let i = 0; i < n; i++, o++) {
        const x = near[0][i]!;
        if (x < 0 || y < 0 || z < 0) continue;
        out[o] = valueAt(x + nx * (y + ny * z));
      }
    }
  }
  return out;
}
