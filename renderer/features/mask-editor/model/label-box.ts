/**
 * The box a label occupies on the grid, and the moves every whole-label kernel shares:
 * pad it, copy the label into it as a 0/1 mask, and turn a changed box mask back into a
 * VoxelEdit. Kernels work inside the box so that a nodule on a 512×512×300 scan costs what
 * the nodule costs, not what the scan costs.
 */
import type { LabelGrid, VoxelEdit } from './voxel-edit';

/** An axis-aligned block of the grid, inclusive low corner `lo`, exclusive high corner `hi`. */
export interface Box {
  readonly lo: readonly [number, number, number];
  readonly hi: readonly [number, number, number];
}

/** Size of a box along x, y, z. */
export function boxDims(box: Box): [number, number, number] {
  return [box.hi[0] - box.lo[0], box.hi[1] - box.lo[1], box.hi[2] - box.lo[2]];
}

/** The smallest box holding every voxel of `label`, or null when the label is absent. */
export function labelBox(grid: LabelGrid, label: number): Box | null {
  const [nx, ny] = grid.dims;
  const labels = grid.labels;
  let x0 = Infinity;
  let y0 = Infinity;
  let z0 = Infinity;
  let x1 = -1;
  let y1 = -1;
  let z1 = -1;
  // indexOf and lastIndexOf run natively and jump over rows without the label, which on a
  // scan are most of them.
  for (let at = labels.indexOf(label); at >= 0; ) {
    const row = Math.floor(at / nx);
    const rowStart = row * nx;
    const last = labels.subarray(rowStart, rowStart + nx).lastIndexOf(label);
    const y = row % ny;
    const z = Math.floor(row / ny);
    x0 = Math.min(x0, at - rowStart);
    x1 = Math.max(x1, last);
    y0 = Math.min(y0, y);
    y1 = Math.max(y1, y);
    z0 = Math.min(z0, z);
    z1 = Math.max(z1, z);
    at = labels.indexOf(label, rowStart + nx);
  }
  return x1 < 0 ? null : { lo: [x0, y0, z0], hi: [x1 + 1, y1 + 1, z1 + 1] };
}

/** `box` grown by `pad[a]` voxels along each axis a, clipped to the grid. */
export function padBox(box: Box, pad: readonly [number, number, number], dims: readonly [number, number, number]): Box {
  return {
    lo: [Math.max(0, box.lo[0] - pad[0]), Math.max(0, box.lo[1] - pad[1]), Math.max(0, box.lo[2] - pad[2])],
    hi: [Math.min(dims[0], box.hi[0] + pad[0]), Math.min(dims[1], box.hi[1] + pad[1]), Math.min(dims[2], box.hi[2] + pad[2])],
  };
}

/** Voxels a distance of `mm` reaches along each axis: ceil(mm / spacing). */
export function voxelReach(mm: number, spacing: readonly [number, number, number]): [number, number, number] {
  return [Math.ceil(mm / spacing[0]), Math.ceil(mm / spacing[1]), Math.ceil(mm / spacing[2])];
}

/** The label inside `box` as a 0/1 mask, x fastest. */
export function boxMask(grid: LabelGrid, label: number, box: Box): Uint8Array {
  const [bx, by, bz] = boxDims(box);
  const [nx, ny] = grid.dims;
  const out = new Uint8Array(bx * by * bz);
  let o = 0;
  for (let z = 0; z < bz; ++z) {
    for (let y = 0; y < by; ++y) {
      let i = box.lo[0] + nx * (box.lo[1] + y + ny * (box.lo[2] + z));
      for (let x = 0; x < bx; ++x, ++i, ++o) out[o] = grid.labels[i] === label ? 1 : 0;
    }
  }
  return out;
}

/** An edit that changes nothing. */
export function emptyEdit(label: number): VoxelEdit {
  return { label, add: new Uint32Array(0), remove: new Uint32Array(0) };
}

/**
 * The edit that turns the label inside `box` into `after` (0/1 per box voxel): voxels set in
 * `after` that are not `label` on the grid are added, voxels of `label` clear in `after` are
 * removed. Indices come out ascending because the box is walked in grid order.
 */
export function editFromBoxMask(grid: LabelGrid, label: number, box: Box, after: Uint8Array): VoxelEdit {
  const [bx, by, bz] = boxDims(box);
  const [nx, ny] = grid.dims;
  const labels = grid.labels;
  let adds = 0;
  let removes = 0;
  const walk = (emit: (i: number, add: boolean) => void): void => {
    let o = 0;
    for (let z = 0; z < bz; ++z) {
      for (let y = 0; y < by; ++y) {
        let i = box.lo[0] + nx * (box.lo[1] + y + ny * (box.lo[2] + z));
        for (let x = 0; x < bx; ++x, ++i, ++o) {
          const was = labels[i] === label;
          if (after[o] !== 0) {
            if (!was) emit(i, true);
          } else if (was) emit(i, false);
        }
      }
    }
  };
  walk((_i, add) => (add ? ++adds : ++removes));
  const add = new Uint32Array(adds);
  const remove = new Uint32Array(removes);
  let a = 0;
  let r = 0;
  walk((i, isAdd) => {
    if (isAdd) add[a++] = i;
    else remove[r++] = i;
  });
  return { label, add, remove };
}
