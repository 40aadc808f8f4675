// Typed bindings for the binary morphology kernels in native/src/morphology.h (dilation,
// erosion, opening, closing with disk / ball / ellipsoid elements through an exact
// distance transform; hole filling), plus the footprints they use as explicit arrays.
// Arguments are validated in C++ (bind-morphology.cc); this file picks the element's
// radii and documents the conventions.
import { nativeAddon } from './addon-loader';

/** Volume dimensions `[nx, ny, nz]`; voxel (x, y, z) sits at index `x + nx*(y + ny*z)`. */
export type Dims3 = readonly [number, number, number];

/** Semi-axes of an ellipsoidal element in voxels, `[rx, ry, rz]`; 0 = no extent on that axis. */
export type Radii3 = readonly [number, number, number];

/**
 * The structuring element's shape:
 * - `'ball'` (default): `ball(r)`, {dz²+dy²+dx² ≤ r²}, in 3D;
 * - `'disk'`: `disk(r)`, {dy²+dx² ≤ r²}, applied to every z slice on its own (x-y plane);
 * - `'cross'`: scipy's default structure (connectivity 1), which is `disk(1)` (4
 *   neighbours) for a single-slice image (nz = 1) and `ball(1)` (6 neighbours) otherwise;
 *   `radius` must be 1 (or omitted as 1).
 */
export type FootprintShape = 'ball' | 'disk' | 'cross';

export interface MorphologyOptions {
  /** Default `'ball'`. Ignored when the radius is given as a `[rx, ry, rz]` triple. */
  footprint?: FootprintShape;
}

export interface ErosionOptions extends MorphologyOptions {
  /**
   * What voxels outside the volume count as in the erosion (the erosion pass of an
   * opening or closing): 1 (default, skimage 0.19's `binary_erosion`, an object touching
   * the edge is not eaten from it) or 0 (scipy.ndimage's default border_value).
   */
  borderValue?: 0 | 1;
}

export interface FillHolesOptions {
  /** 3: the volume is one 3D image; 2: every z slice is filled on its own. Default: 2 when nz = 1, else 3. */
  dim?: 2 | 3;
  /** Background neighbourhood: false (default) = cross, 4 in 2D / 6 in 3D; true = 8 / 26. */
  fullConnectivity?: boolean;
}

/** A footprint as a C-order 0/1 array: `shape` is (2r+1, 2r+1) for a disk, (2r+1)³ for a ball, (z, y, x). */
export interface Footprint {
  shape: number[];
  data: Uint8Array;
}

interface MorphologyAddon {
  binaryDilation(mask: Uint8Array, dims: Dims3, radii: Radii3): Uint8Array;
  binaryErosion(mask: Uint8Array, dims: Dims3, radii: Radii3, borderValue: 0 | 1): Uint8Array;
  binaryOpening(mask: Uint8Array, dims: Dims3, radii: Radii3, borderValue: 0 | 1): Uint8Array;
  binaryClosing(mask: Uint8Array, dims: Dims3, radii: Radii3, borderValue: 0 | 1): Uint8Array;
  fillHoles(mask: Uint8Array, dims: Dims3, dim: 2 | 3, fullConnectivity: boolean): { mask: Uint8Array; filled: number };
}

const load = (): MorphologyAddon => nativeAddon<MorphologyAddon>();

/**
 * The element's semi-axes in voxels for a radius and a footprint shape. A triple is
 * passed through unchanged (an ellipsoid, see {@link voxelRadiiForMm}).
 * @throws RangeError when `footprint` is `'cross'` and `radius` is not 1, or the
 *   footprint name is unknown. Radius values themselves are checked by the kernel.
 */
export function elementRadii(radius: number | Radii3, dims: Dims3, footprint: FootprintShape = 'ball'): Radii3 {
  if (typeof radius !== 'number') return radius;
  switch (footprint) {
    case 'ball':
      return [radius, radius, radius];
    case 'disk':
      return [radius, radius, 0];
    case 'cross':
      if (radius !== 1) throw new RangeError(`footprint 'cross' is the radius-1 element, got radius ${radius}`);
      return dims[2] === 1 ? [1, 1, 0] : [1, 1, 1];
    default:
      throw new RangeError(`footprint must be 'ball', 'disk' or 'cross', got ${JSON.stringify(footprint)}`);
  }
}

/**
 * Binary dilation of a 0/1 mask by a ball, disk, cross or ellipsoid: voxel p is 1 when a
 * foreground voxel q (mask ≠ 0) lies in the element centred at p; for a ball,
 * |p − q|² ≤ r² on integer offsets. Outside the volume counts as **0**.
 *
 * @param mask - x-fastest, index `x + nx*(y + ny*z)` (C-order (z, y, x) bytes); 0 =
 *   background, non-zero = foreground. Uint8Array only. Never modified.
 * @param dims - `[nx, ny, nz]`; a 2D image is `nz = 1`; `nx*ny*nz` must equal `mask.length`.
 * @param radius - element radius in voxels (integer 0..65535; 0 = identity), or the
 *   semi-axes `[rx, ry, rz]` of the ellipsoid {dx²/rx² + dy²/ry² + dz²/rz² ≤ 1}
 *   (an axis with radius 0 allows only offset 0 on it).
 * @param opts - `footprint`: `'ball'` (default), `'disk'` (per x-y slice) or `'cross'`.
 * @returns a new Uint8Array of 0/1.
 * @throws TypeError / RangeError naming the parameter (mask not a Uint8Array, dims
 *   disagreeing with its length, radius out of range or not an integer).
 *
 * Computed from an exact squared Euclidean distance transform (separable, integer
 * arithmetic, OpenMP over lines from 2^18 voxels up), so the time does not grow with the radius.
 *
 * Matches: `skimage.morphology.binary_dilation(x, disk(r) | ball(r))` (=
 * `scipy.ndimage.binary_dilation(x, structure=fp)`) in scikit-image 0.19.3 / scipy
 * 1.10.1, and `footprint=None` as `'cross'`; ../shared/conformance/cases/binary_dilation.
 *
 * Departs: only ellipsoidal elements (ball, disk, cross); no iterations, mask or origin.
 */
export function binaryDilation(mask: Uint8Array, dims: Dims3, radius: number | Radii3, opts: MorphologyOptions = {}): Uint8Array {
  return load().binaryDilation(mask, dims, elementRadii(radius, dims, opts.footprint));
}

/**
 * Binary erosion: voxel p is 1 when every voxel of the element centred at p is
 * foreground, i.e. the complement of the dilation of the complement. Outside the volume
 * counts as `opts.borderValue`: **1 by default** (skimage 0.19: an object touching the
 * edge is not eaten from the edge), or 0 (scipy.ndimage's own default, used by the
 * `*_scipy_border0` conformance cases).
 *
 * Parameters, return and errors as {@link binaryDilation}; `opts.borderValue` must be 0 or 1.
 *
 * Matches: `skimage.morphology.binary_erosion(x, fp)` = `ndi.binary_erosion(x,
 * structure=fp, border_value=True)`, and `ndi.binary_erosion(x, structure=fp)` with
 * borderValue 0; ../shared/conformance/cases/binary_erosion.
 */
export function binaryErosion(mask: Uint8Array, dims: Dims3, radius: number | Radii3, opts: ErosionOptions = {}): Uint8Array {
  return load().binaryErosion(mask, dims, elementRadii(radius, dims, opts.footprint), opts.borderValue ?? 1);
}

/**
 * Binary opening = dilation (outside 0) of the erosion (outside `opts.borderValue`,
 * default 1). Never adds foreground.
 *
 * Matches: `skimage.morphology.binary_opening(x, fp)` 0.19.3 (borderValue 1) and
 * `ndi.binary_opening(x, structure=fp)` (borderValue 0); ../shared/conformance/cases/binary_opening.
 */
export function binaryOpening(mask: Uint8Array, dims: Dims3, radius: number | Radii3, opts: ErosionOptions = {}): Uint8Array {
  return load().binaryOpening(mask, dims, elementRadii(radius, dims, opts.footprint), opts.borderValue ?? 1);
}

/**
 * Binary closing = erosion (outside `opts.borderValue`, default 1) of the dilation
 * (outside 0). With the default (skimage 0.19) it is extensive: it never removes a
 * foreground voxel; with borderValue 0 (`ndi.binary_closing`) it removes foreground
 * near the edge.
 *
 * Matches: `skimage.morphology.binary_closing(x, fp)` 0.19.3 and, with borderValue 0,
 * `ndi.binary_closing(x, structure=fp)`; ../shared/conformance/cases/binary_closing.
 */
export function binaryClosing(mask: Uint8Array, dims: Dims3, radius: number | Radii3, opts: ErosionOptions = {}): Uint8Array {
  return load().binaryClosing(mask, dims, elementRadii(radius, dims, opts.footprint), opts.borderValue ?? 1);
}

/**
 * Fill holes: out = NOT (background connected to the outside of the image). Foreground
 * stays 1; background the flood from the border does not reach becomes 1.
 *
 * @param mask - as for {@link binaryDilation}; never modified.
 * @param opts - `dim` 3 (the volume, its six faces are the border) or 2 (each z slice on
 *   its own, as a per-slice loop); default 2 when nz = 1, else 3. `fullConnectivity`
 *   false (default): background joins through faces only (4 in 2D, 6 in 3D), so a
 *   background region touching the outside only diagonally is a hole; true: 8 / 26.
 * @returns `mask` (a new Uint8Array of 0/1) and `filled`, the number of hole voxels filled.
 * @throws TypeError / RangeError naming the parameter.
 *
 * Matches: `scipy.ndimage.binary_fill_holes(x)` (cross) and `(x, structure=np.ones((3,)*ndim))`
 * (fullConnectivity) in scipy 1.10.1; ../shared/conformance/cases/binary_fill_holes.
 * Breadth-first flood from the border, O(N).
 */
export function fillHoles(mask: Uint8Array, dims: Dims3, opts: FillHolesOptions = {}): { mask: Uint8Array; filled: number } {
  return load().fillHoles(mask, dims, opts.dim ?? (dims[2] === 1 ? 2 : 3), opts.fullConnectivity ?? false);
}

/**
 * Semi-axes in voxels of a ball of `radiusMm` millimetres on a grid of `spacing` (mm per
 * voxel along x, y, z): `round(radiusMm / spacing[a])` per axis. With anisotropic spacing
 * the element is the ellipsoid {dx²/rx² + dy²/ry² + dz²/rz² ≤ 1} in voxel units (a ball in
 * mm, up to the rounding of each semi-axis); with isotropic spacing s it is exactly
 * `ball(round(radiusMm / s))`. An axis whose spacing exceeds twice the radius gets 0
 * (no extent on that axis).
 * @throws RangeError for a negative or non-finite radius or a non-positive spacing.
 */
export function voxelRadiiForMm(radiusMm: number, spacing: readonly [number, number, number]): Radii3 {
  if (!Number.isFinite(radiusMm) || radiusMm < 0) throw new RangeError(`radiusMm must be a finite number >= 0, got ${radiusMm}`);
  const r = spacing.map((s, a) => {
    if (!Number.isFinite(s) || s <= 0) throw new RangeError(`spacing[${a}] must be a finite number > 0 (mm), got ${s}`);
    return Math.round(radiusMm / s);
  });
  return [r[0]!, r[1]!, r[2]!];
}

/**
 * Dilation by a ball of `radiusMm` millimetres on a grid of `spacing` mm/voxel: the
 * ellipsoid of {@link voxelRadiiForMm}; for isotropic spacing s this is
 * `binaryDilation(mask, dims, Math.round(radiusMm / s))`.
 */
export function binaryDilationMm(
  mask: Uint8Array,
  dims: Dims3,
  spacing: readonly [number, number, number],
  radiusMm: number,
): Uint8Array {
  return binaryDilation(mask, dims, voxelRadiiForMm(radiusMm, spacing));
}

/** Erosion by a ball of `radiusMm` mm on a grid of `spacing` mm/voxel (see {@link binaryDilationMm}). */
export function binaryErosionMm(
  mask: Uint8Array,
  dims: Dims3,
  spacing: readonly [number, number, number],
  radiusMm: number,
  opts: Pick<ErosionOptions, 'borderValue'> = {},
): Uint8Array {
  return binaryErosion(mask, dims, voxelRadiiForMm(radiusMm, spacing), opts);
}

/**
 * The ellipsoid footprint with semi-axes `[rx, ry, rz]` as an explicit array of shape
 * (2rz+1, 2ry+1, 2rx+1), C order: 1 where dx²/rx² + dy²/ry² + dz²/rz² ≤ 1 (an axis with
 * radius 0 allows only 0). Exactly the element the kernels use.
 */
export function ellipsoid(radii: Radii3): Footprint {
  const [rx, ry, rz] = radii;
  for (const [a, r] of radii.entries()) {
    if (!Number.isInteger(r) || r < 0) throw new RangeError(`radii[${a}] must be a non-negative integer, got ${r}`);
  }
  // Integer test, as in the kernel: sum of d²·(L/r²) <= L with L = lcm of the non-zero r².
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  let L = 0;
  for (const r of radii) if (r > 0) L = L === 0 ? r * r : (L / gcd(L, r * r)) * r * r;
  const term = (d: number, r: number): number => (r === 0 ? (d === 0 ? 0 : Infinity) : d * d * (L / (r * r)));
  const shape = [2 * rz + 1, 2 * ry + 1, 2 * rx + 1];
  const data = new Uint8Array(shape[0]! * shape[1]! * shape[2]!);
  let i = 0;
  for (let dz = -rz; dz <= rz; ++dz)
    for (let dy = -ry; dy <= ry; ++dy)
      for (let dx = -rx; dx <= rx; ++dx) data[i++] = term(dx, rx) + term(dy, ry) + term(dz, rz) <= L ? 1 : 0;
  return { shape, data };
}

/**
 * `skimage.morphology.disk(r)` (0.19.3): shape (2r+1, 2r+1), 1 where dy² + dx² ≤ r²,
 * centre at index r. Sizes for r = 1/2/3/5/10: 5/13/29/81/317 ones.
 * Matches ../shared/conformance/cases/footprint.
 */
export function disk(radius: number): Footprint {
  const e = ellipsoid([radius, radius, 0]);
  return { shape: [e.shape[1]!, e.shape[2]!], data: e.data };
}

/**
 * `skimage.morphology.ball(r)` (0.19.3): shape (2r+1)³, 1 where dz² + dy² + dx² ≤ r²
 * (integer offsets), centre at index r. Sizes for r = 1/2/3/5: 7/33/123/515 ones.
 * Matches ../shared/conformance/cases/footprint.
 */
export function ball(radius: number): Footprint {
  return ellipsoid([radius, radius, radius]);
}
