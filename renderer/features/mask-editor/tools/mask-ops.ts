import type { MaskOpId } from '../model/editor-commands';
import type { VoxelEdit } from '../model/voxel-edit';
import { KernelFailedError, runKernel, runKernelOffThread, type KernelRequest } from '../kernel-runner';
import type { ToolContext } from './tool-kit';

/** The kernel request of an operation on the chosen label over the whole mask. */
export const MASK_OPS: Record<MaskOpId, (ctx: ToolContext) => KernelRequest> = {
  grow: (ctx) => ({ kernel: 'grow', label: ctx.label, marginMm: ctx.params.marginMm }),
  shrink: (ctx) => ({ kernel: 'shrink', label: ctx.label, marginMm: ctx.params.marginMm }),
  // Opening then closing with a ball of the margin's radius.
  smooth: (ctx) => ({ kernel: 'smooth', label: ctx.label, radiusMm: ctx.params.marginMm }),
  interpolate: (ctx) => ({ kernel: 'interpolate', label: ctx.label, axis: ctx.axis }),
  'keep-largest': (ctx) => ({ kernel: 'keep-largest', label: ctx.label }),
  'remove-small': (ctx) => ({ kernel: 'remove-small', label: ctx.label, minVolumeMm3: ctx.params.minIslandMm3 }),
};

/**
 * Runs an operation off the main thread: on a whole lung, grow / shrink take seconds and
 * smoothing longer, and the reading room must keep drawing and answering Esc meanwhile. Where
 * the page cannot start a module worker (Electron's file:// page may refuse one), the same
 * kernel runs inline rather than failing the reader's action.
 */
export async function runMaskOp(op: MaskOpId, ctx: ToolContext, signal?: AbortSignal): Promise<VoxelEdit> {
  const request = MASK_OPS[op](ctx);
  try {
    return await runKernelOffThread(ctx.grid, request, signal ? { signal } : {});
  } catch (e) {
    if (e instanceof KernelFailedError && e.reason === 'WorkerError') return runKernel(ctx.grid, request);
    throw e;
  }
}
