import { fillBetweenSlices } from '../model/interpolate';
import { keepLargestIsland, removeSmallIslands } from '../model/islands';
import { growLabel, shrinkLabel } from '../model/margin';
import { smoothLabel } from '../model/smooth';
import type { MaskOpId } from '../model/editor-commands';
import type { VoxelEdit } from '../model/voxel-edit';
import type { ToolContext } from './tool-kit';

/** The operations on the chosen label over the whole mask, by id. */
export const MASK_OPS: Partial<Record<MaskOpId, (ctx: ToolContext) => VoxelEdit>> = {
  grow: (ctx) => growLabel(ctx.grid, ctx.label, ctx.params.marginMm),
  shrink: (ctx) => shrinkLabel(ctx.grid, ctx.label, ctx.params.marginMm),
  // Opening then closing with a ball of the margin's radius.
  smooth: (ctx) => smoothLabel(ctx.grid, ctx.label, ctx.params.marginMm),
  interpolate: (ctx) => fillBetweenSlices(ctx.grid, ctx.label, { axis: ctx.axis }),
  'keep-largest': (ctx) => keepLargestIsland(ctx.grid, ctx.label),
  'remove-small': (ctx) => removeSmallIslands(ctx.grid, ctx.label, ctx.params.minIslandMm3),
};

/** Runs an operation on the chosen label over the whole mask; null for an unknown one. */
export function runMaskOp(op: MaskOpId, ctx: ToolContext): VoxelEdit | null {
  return MASK_OPS[op]?.(ctx) ?? null;
}
