/**
 * The one place a kernel request becomes a kernel call. Pure: the same function runs on the
 * main thread (small grids, tests) and inside the kernel worker, so the two cannot disagree.
 */
import { fillBetweenSlices } from '../model/interpolate';
import { keepIslandAt, keepLargestIsland, removeSmallIslands } from '../model/islands';
import { growLabel, shrinkLabel } from '../model/margin';
import { smoothLabel } from '../model/smooth';
import type { LabelGrid, VoxelEdit } from '../model/voxel-edit';
import type { KernelRequest } from './kernel-request';

/**
 * Runs `request` on `grid` and answers the edit it asks for; never writes `grid.labels`.
 * Bad parameters throw the kernel's RangeError (a negative margin, a click off the grid); a
 * label outside 1..255 or a kernel name this build does not know throws a RangeError here.
 */
export function runKernel(grid: LabelGrid, request: KernelRequest): VoxelEdit {
  const { label } = request;
  if (!(Number.isInteger(label) && label >= 1 && label <= 255)) throw new RangeError(`label must be an integer 1..255, got ${String(label)}`);
  switch (request.kernel) {
    case 'grow':
      return growLabel(grid, label, request.marginMm);
    case 'shrink':
      return shrinkLabel(grid, label, request.marginMm);
    case 'smooth':
      return smoothLabel(grid, label, request.radiusMm, { kind: request.kind });
    case 'keep-largest':
      return keepLargestIsland(grid, label, { connectivity: request.connectivity });
    case 'remove-small':
      return removeSmallIslands(grid, label, request.minVolumeMm3, { connectivity: request.connectivity });
    case 'keep-at':
      return keepIslandAt(grid, label, request.at, { connectivity: request.connectivity });
    case 'interpolate':
      return fillBetweenSlices(grid, label, { axis: request.axis });
    default: {
      // A request built by hand (or by an older page talking to a newer worker).
      const unknown: { kernel?: unknown } = request;
      throw new RangeError(`unknown mask kernel ${String(unknown.kernel)}`);
    }
  }
}

