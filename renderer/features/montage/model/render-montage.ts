import { toGrey, type GreyMap } from './grey-window';
import type { MontageLayout } from './montage-layout';

/**
 * The montage's pixels (RGBA, canvas row-major), built straight from the int16 voxels: each
 * tile is box-averaged down (or nearest-sampled up) to its size and windowed in the same
 * pass, so no full-resolution image of any slice is ever made.
 *
 * Display convention: tile row 0 is voxel row y = 0 and tile column 0 is voxel column x = 0.
 * For a scan whose direction is the identity in LPS (+x = patient's left, +y = posterior),
 * that puts the patient's right on the screen's left and anterior at the top, which is how
 * the viewer's axial view shows it (Cornerstone's axial camera: viewUp −y, left-to-right +x).
 * Other directions are drawn in voxel order, which can differ from the viewer; see
 * `matchesViewerAxial`.
 */

export interface MontageVolume {
  /** [nx, ny, nz]. */
  dims: readonly number[];
  /** HU, x fastest: index = x + nx·(y + ny·z). */
  voxels: Int16Array;
}

/** Gaps and empty cells: black, like the viewer's background. */
export const MONTAGE_BACKGROUND: readonly [number, number, number] = [0, 0, 0];

/**
 * For `out` output pixels over `n` source pixels, the source span [start, end) of each.
 * Shrinking (out < n): every source pixel falls in exactly one span of at least one pixel
 * (a box filter). Otherwise each output pixel takes the one source pixel under its centre
 * (nearest), so enlarged pixels are equal-sized blocks.
 */
export function sourceSpans(n: number, out: number): { start: Int32Array; end: Int32Array } {
  const start = new Int32Array(out);
  const end = new Int32Array(out);
  const enlarging = out >= n;
  for (let u = 0; u < out; u++) {
    if (enlarging) {
      const c = Math.min(n - 1, Math.floor(((u + 0.5) * n) / out));
      start[u] = c;
      end[u] = c + 1;
    } else {
      start[u] = Math.floor((u * n) / out);
      end[u] = Math.floor(((u + 1) * n) / out);
    }
  }
  return { start, end };
}

/**
 * RGBA pixels of the whole montage canvas (layout.width × layout.height), tiles windowed
 * with `map`, the rest `background`. Throws a RangeError when the voxel count disagrees
 * with dims or a tile's slice is outside the volume.
 */
export function renderMontagePixels(
  volume: MontageVolume,
  layout: MontageLayout,
  map: GreyMap,
  background: readonly [number, number, number] = MONTAGE_BACKGROUND,
): Uint8ClampedArray<ArrayBuffer> {
  const [nx = 0, ny = 0, nz = 0] = volume.dims;
  if (volume.voxels.length !== nx * ny * nz) {
    throw new RangeError(`voxels: expected ${nx}×${ny}×${nz} = ${nx * ny * nz}, got ${volume.voxels.length}`);
  }
  const W = layout.width;
  const px = new Uint8ClampedArray(W * layout.height * 4);
  for (let i = 0; i < px.length; i += 4) {
    px[i] = background[0];
    px[i + 1] = background[1];
    px[i + 2] = background[2];
    px[i + 3] = 255;
  }
  if (layout.tiles.length === 0) return px;
  const xs = sourceSpans(nx, layout.tileWidth);
  const ys = sourceSpans(ny, layout.tileHeight);
  const v = volume.voxels;
  for (const tile of layout.tiles) {
    if (!(tile.slice >= 0 && tile.slice < nz)) throw new RangeError(`slice ${tile.slice} is outside 0..${nz - 1}`);
    const sliceBase = tile.slice * nx * ny;
    for (let row = 0; row < layout.tileHeight; row++) {
      const y0 = ys.start[row]!;
      const y1 = ys.end[row]!;
      let o = ((tile.y + row) * W + tile.x) * 4;
      for (let col = 0; col < layout.tileWidth; col++) {
        const x0 = xs.start[col]!;
        const x1 = xs.end[col]!;
        let sum = 0;
        for (let y = y0; y < y1; y++) {
          const base = sliceBase + y * nx;
          for (let x = x0; x < x1; x++) sum += v[base + x]!;
        }
        const g = toGrey(sum / ((y1 - y0) * (x1 - x0)), map);
        px[o] = g;
        px[o + 1] = g;
        px[o + 2] = g;
        o += 4;
      }
    }
  }
  return px;
}

/**
 * Whether voxel columns run to the patient's left and voxel rows to posterior (each axis's
 * strongest world component), i.e. whether the montage shows slices the way the viewer's
 * axial view does. Row-major direction, column j = world direction of voxel axis j.
 */
export function matchesViewerAxial(direction: readonly number[]): boolean {
  if (direction.length !== 9) return false;
  const axis = (j: number): number[] => [direction[j]!, direction[3 + j]!, direction[6 + j]!];
  const strongest = (d: number[]): number => d.reduce((best, c, i) => (Math.abs(c) > Math.abs(d[best]!) ? i : best), 0);
  const ax = axis(0);
  const ay = axis(1);
  return strongest(ax) === 0 && ax[0]! > 0 && strongest(ay) === 1 && ay[1]! > 0;
}
