/** The label every overlay draws: masks are shown as one label, whatever their stored value. */
export const OVERLAY_LABEL = 1;

/**
 * A mask's bytes as the labelmap's voxels: a fresh Uint8Array on the scan grid (x fastest)
 * where every non-zero voxel is OVERLAY_LABEL. A fresh array, because Cornerstone keeps and
 * slices the buffer it is given, and the input is left untouched. Throws when the byte count
 * disagrees with the dims, naming both (a mask of another grid must never be drawn).
 */
export function toLabelmapVoxels(bytes: Uint8Array, dims: readonly [number, number, number]): Uint8Array {
  const [nx, ny, nz] = dims;
  const n = nx * ny * nz;
  if (!Number.isSafeInteger(n) || n <= 0) throw new RangeError(`mask dims ${dims.join('×')} are not a volume`);
  if (bytes.length !== n) throw new RangeError(`mask has ${bytes.length} voxels, the scan grid ${dims.join('×')} has ${n}`);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) if (bytes[i] !== 0) out[i] = OVERLAY_LABEL;
  return out;
}

/** Whether a mask's dims are the scan grid's. */
export function sameGrid(a: readonly number[], b: readonly number[]): boolean {
  return a.length === 3 && b.length === 3 && a[0] === b[0] && a[1] === b[1] && a[2] === b[2];
}

/** "#3c8cff" as a Cornerstone colour (RGBA, 0..255, opaque: opacity comes from the style). */
export function rgbaOf(rgb: readonly [number, number, number]): [number, number, number, number] {
  return [rgb[0], rgb[1], rgb[2], 255];
}
