/**
 * The first picture of a scan, before its volume is on the GPU: the current axial slice
 * windowed on the CPU and drawn on a 2D canvas exactly where the volume viewport will draw
 * it. On a software GPU the first volume render of a 512×512×300 scan takes about half a
 * second (every slice is converted to float and uploaded); this shows the slice in a few ms.
 */

/** Grey RGBA pixels of one int16 slice (x fastest) in a window; invert flips the greys. */
export function windowSliceRgba(slice: Int16Array, voi: { lower: number; upper: number }, invert: boolean, out?: Uint8ClampedArray): Uint8ClampedArray {
  const rgba = out ?? new Uint8ClampedArray(slice.length * 4);
  const lo = voi.lower;
  const span = Math.max(1e-6, voi.upper - voi.lower);
  // One lookup per stored value would be 64k entries; the arithmetic is as fast here.
  for (let i = 0, j = 0; i < slice.length; i++, j += 4) {
    let g = ((slice[i]! - lo) / span) * 255;
    g = g < 0 ? 0 : g > 255 ? 255 : g;
    if (invert) g = 255 - g;
    rgba[j] = g;
    rgba[j + 1] = g;
    rgba[j + 2] = g;
    rgba[j + 3] = 255;
  }
  return rgba;
}

/**
 * The 2D affine transform (canvas.setTransform's a, b, c, d, e, f) taking image pixel
 * (u, v) of an nx × ny slice to canvas pixels, from where three of its corners land:
 * the outer corner of pixel (0, 0), and the far edges along u and along v. Works for any
 * in-plane flip or rotation the viewport's camera applies.
 */
export function sliceTransform(
  corner: readonly [number, number],
  alongU: readonly [number, number],
  alongV: readonly [number, number],
  nx: number,
  ny: number,
): [number, number, number, number, number, number] {
  const a = (alongU[0] - corner[0]) / nx;
  const b = (alongU[1] - corner[1]) / nx;
  const c = (alongV[0] - corner[0]) / ny;
  const d = (alongV[1] - corner[1]) / ny;
  return [a, b, c, d, corner[0], corner[1]];
}

/**
 * World LPS mm of a voxel-corner position (i, j, k in voxel units, corners at half
 * integers), with direction row-major, column j = world direction of axis j.
 */
export function voxelCornerToWorld(
  ijk: readonly [number, number, number],
  grid: { origin: readonly number[]; spacing: readonly number[]; direction: readonly number[] },
): [number, number, number] {
  const d = grid.direction;
  const s = [ijk[0] * grid.spacing[0]!, ijk[1] * grid.spacing[1]!, ijk[2] * grid.spacing[2]!];
  return [
    grid.origin[0]! + d[0]! * s[0]! + d[1]! * s[1]! + d[2]! * s[2]!,
    grid.origin[1]! + d[3]! * s[0]! + d[4]! * s[1]! + d[5]! * s[2]!,
    grid.origin[2]! + d[6]! * s[0]! + d[7]! * s[1]! + d[8]! * s[2]!,
  ];
}
