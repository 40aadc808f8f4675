import type { HuRange } from './brush';
import type { HuGrid, Ijk, SliceAxis, VoxelEdit } from './voxel-edit';
import { planeAxes } from './slice-plane';

/**
 * A flood from a seed voxel through voxels whose HU is in a range: `range` when given, else the
 * seed's HU ± `tolerance`. Neighbours share a face: 4-connectivity on the view's slice in `2d`,
 * 6-connectivity in `3d` (skimage connectivity=1), so a fill does not leak through voxels that
 * touch only at an edge or corner, as vessels and airways touching the nodule often do.
 */
export interface FloodOptions {
  readonly seed: Ijk;
  readonly mode: '2d' | '3d';
  /** The view the click came from; `2d` stays on its slice through the seed. */
  readonly axis: SliceAxis;
  readonly tolerance?: number;
  readonly range?: HuRange;
  /** Stop after this many voxels (the result is then `truncated`); default 2,000,000. */
  readonly maxVoxels?: number;
}

export interface FloodResult {
  /** The filled voxels, ascending. */
  readonly indices: Uint32Array;
  /** True when the fill reached `maxVoxels` before running out of neighbours: it covers only part of the region. */
  readonly truncated: boolean;
  /** The HU range the fill took. */
  readonly range: HuRange;
}

export const DEFAULT_FLOOD_MAX_VOXELS = 2_000_000;

/**
 * Floods from the seed. Voxels are visited breadth-first, so a truncated fill is the part of
 * the region nearest the seed (in hops), not a ragged scan-order strip.
 */
export function floodFill(hu: HuGrid, options: FloodOptions): FloodResult {
  const [nx, ny, nz] = hu.dims;
  const [sx, sy, sz] = options.seed.map(Math.round) as [number, number, number];
  if (sx < 0 || sy < 0 || sz < 0 || sx >= nx || sy >= ny || sz >= nz) {
    throw new RangeError(`flood fill: seed (${sx}, ${sy}, ${sz}) is outside the ${nx}×${ny}×${nz} grid`);
  }
  const seed = sx + nx * (sy + ny * sz);
  const seedHu = hu.hu[seed]!;
  const tol = Math.max(0, options.tolerance ?? 0);
  const range = options.range ?? { lo: seedHu - tol, hi: seedHu + tol };
  const max = Math.max(1, Math.floor(options.maxVoxels ?? DEFAULT_FLOOD_MAX_VOXELS));
  const values = hu.hu;
  if (values[seed]! < range.lo || values[seed]! > range.hi) return { indices: new Uint32Array(0), truncated: false, range };

  const plane = planeAxes(options.axis);
  const moveX = options.mode === '3d' || plane.u === 0 || plane.v === 0;
  const moveY = options.mode === '3d' || plane.u === 1 || plane.v === 1;
  const moveZ = options.mode === '3d' || plane.u === 2 || plane.v === 2;
  const sliceSize = nx * ny;
  const lo = range.lo;
  const hi = range.hi;
  // One bit per voxel (a 512×512×300 scan: 9.8 MB) rather than a byte or a Set.
  const seen = new Uint32Array(Math.ceil(values.length / 32));
  let queue = new Uint32Array(Math.min(max, 1 << 16));
  let head = 0;
  let tail = 0;
  seen[seed >>> 5]! |= 1 << (seed & 31);
  queue[tail++] = seed;
  let truncated = false;
  /** Takes neighbour j when it is new and in range; false once the cap is reached. */
  const visit = (j: number): boolean => {
    if (seen[j >>> 5]! & (1 << (j & 31))) return true;
    const v = values[j]!;
    if (v < lo || v > hi) return true;
    if (tail >= max) return false;
    seen[j >>> 5]! |= 1 << (j & 31);
    if (tail === queue.length) {
      const bigger = new Uint32Array(Math.min(max, queue.length * 2));
      bigger.set(queue);
      queue = bigger;
    }
    queue[tail++] = j;
    return true;
  };
  while (head < tail) {
    const i = queue[head++]!;
    const x = i % nx;
    const t = (i - x) / nx;
    const y = t % ny;
    const z = (t - y) / ny;
    const ok =
      (!moveX || ((x === 0 || visit(i - 1)) && (x === nx - 1 || visit(i + 1)))) &&
      (!moveY || ((y === 0 || visit(i - nx)) && (y === ny - 1 || visit(i + nx)))) &&
      (!moveZ || ((z === 0 || visit(i - sliceSize)) && (z === nz - 1 || visit(i + sliceSize))));
    if (!ok) {
      truncated = true;
      break;
    }
  }
  return { indices: ascendingFromBits(seen, queue, tail), truncated, range };
}

/**
 * The filled voxels in ascending order, read off the bitset between the lowest and highest
 * word the fill touched (typed-array sort of 2 M indices takes ~0.4 s; this pass takes a few ms).
 */
function ascendingFromBits(seen: Uint32Array, queue: Uint32Array, count: number): Uint32Array {
  let min = Infinity;
  let max = -Infinity;
  for (let k = 0; k < count; k++) {
    const i = queue[k]!;
    if (i < min) min = i;
    if (i > max) max = i;
  }
  const out = new Uint32Array(count);
  let o = 0;
  for (let w = min >>> 5; w <= max >>> 5; w++) {
    let bits = seen[w]!;
    while (bits !== 0) {
      const low = bits & -bits;
      out[o++] = w * 32 + (31 - Math.clz32(low));
      bits ^= low;
    }
  }
  return out;
}

/** The flood as an edit of `label`: fill paints it, erase clears it where the label is. */
export function floodEdit(label: number, flood: FloodResult, action: 'fill' | 'erase'): VoxelEdit {
  const empty = new Uint32Array(0);
  return action === 'fill' ? { label, add: flood.indices, remove: empty } : { label, add: empty, remove: flood.indices };
}
