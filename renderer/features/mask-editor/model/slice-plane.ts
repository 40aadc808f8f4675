import type { SliceAxis, SliceReach } from './voxel-edit';

export type Axis3 = 0 | 1 | 2;

/**
 * How a view's slice lies on the grid: `u` is the slice's horizontal voxel axis, `v` its
 * vertical one, `n` the normal (the axis the view scrolls through). Axial slices are z = k
 * with (u, v) = (x, y); coronal are y = k with (x, z); sagittal are x = k with (y, z).
 */
export interface PlaneAxes {
  readonly u: Axis3;
  readonly v: Axis3;
  readonly n: Axis3;
}

const PLANES: Record<SliceAxis, PlaneAxes> = {
  axial: { u: 0, v: 1, n: 2 },
  coronal: { u: 0, v: 2, n: 1 },
  sagittal: { u: 1, v: 2, n: 0 },
};

export function planeAxes(axis: SliceAxis): PlaneAxes {
  return PLANES[axis];
}

/** The slices (along the view's normal, inclusive) a reach covers from `slice`, clipped to the grid. */
export function reachSlices(dims: readonly [number, number, number], axis: SliceAxis, slice: number, reach: SliceReach): [number, number] {
  const n = dims[planeAxes(axis).n];
  if (reach.kind === 'all') return [0, n - 1];
  const half = reach.kind === 'slab' ? Math.max(0, Math.floor(reach.halfSlices)) : 0;
  return [Math.max(0, slice - half), Math.min(n - 1, slice + half)];
}

/** Flat index of (x, y, z), x fastest. */
export function flatIndex(dims: readonly [number, number, number], x: number, y: number, z: number): number {
  return x + dims[0] * (y + dims[1] * z);
}

/** Voxel (x, y, z) of a flat index. */
export function ijkOf(dims: readonly [number, number, number], i: number): [number, number, number] {
  const x = i % dims[0];
  const r = (i - x) / dims[0];
  const y = r % dims[1];
  return [x, y, (r - y) / dims[1]];
}
