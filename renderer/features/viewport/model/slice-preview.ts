/**
 * The first picture of a scan, before its volume is on the GPU: the current axial slice
 * windowed on the CPU and drawn on a 2D canvas exactly where the volume viewport will draw
 * it. On a software GPU the first volume render of a 512×512×300 scan takes about half a
 * second (every slice is converted to float and uploaded); this shows the slice in a few ms.
 */

/** Grey RGBA pixels of one int16 slice (x fastest) in a window; invert flips the greys. */
export function windowSliceRgba(slice: Int16Array, voi: { lower: number; upper: number }, invert: boolean, out?: Uint8ClampedArray): Uint8ClampedArray {
  const rgba = out ?? new Uint8ClampedArray(slice.length * 4);
  // One table entry per stored value inside the window, one 32-bit store per pixel: this
  // runs for the first picture and every fast-scroll frame (~2× the per-pixel arithmetic).
  const { first, table } = windowTable(voi, invert);
  const n = table.length;
  const below = table[0]!;
  const above = table[n - 1]!;
  // A word view needs a 4-byte aligned offset: an unaligned `out` gets the words copied in.
  const aligned = rgba.byteOffset % 4 === 0;
  const px = aligned ? new Uint32Array(rgba.buffer, rgba.byteOffset, slice.length) : new Uint32Array(slice.length);
  for (let i = 0; i < slice.length; i++) {
    const k = slice[i]! - first;
    px[i] = k < 0 ? below : k >= n ? above : table[k]!;
  }
  if (!aligned) rgba.set(new Uint8ClampedArray(px.buffer));
  return rgba;
}

/**
 * The RGBA pixel (as the platform's 32-bit word) of each stored value from `first`, the
 * window's lower edge rounded down, to its upper edge rounded up: below and above it the
 * first and last entries hold. Greys as a Uint8ClampedArray rounds them.
 */
function windowTable(voi: { lower: number; upper: number }, invert: boolean): { first: number; table: Uint32Array } {
  const lo = voi.lower;
  const span = Math.max(1e-6, voi.upper - voi.lower);
  const first = Math.min(32767, Math.max(-32768, Math.floor(lo)));
  const last = Math.min(32767, Math.max(first, Math.ceil(voi.upper)));
  const table = new Uint32Array(last - first + 1);
  const bytes = new Uint8ClampedArray(table.buffer);
  for (let v = 0, j = 0; v < table.length; v++, j += 4) {
    let g = ((first + v - lo) / span) * 255;
    g = g < 0 ? 0 : g > 255 ? 255 : g;
    if (invert) g = 255 - g;
    bytes[j] = g;
    bytes[j + 1] = g;
    bytes[j + 2] = g;
    bytes[j + 3] = 255;
  }
  return { first, table };
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
