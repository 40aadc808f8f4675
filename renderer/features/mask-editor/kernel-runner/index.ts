/** Mask kernels off the main thread: the request union, the pure dispatcher and the worker client. */
export type { GrowRequest, InterpolateRequest, KeepAtRequest, KeepLargestRequest, KernelName, KernelRequest, RemoveSmallRequest, ShrinkRequest, SmoothRequest } from './kernel-request';
export { KERNEL_NAMES } from './kernel-request';
export { runKernel } from './run-kernel';
export { KernelAbortedError, KernelFailedError, isKernelAborted } from './kernel-errors';
export { INLINE_MAX_VOXELS } from './kernel-client';
export type { KernelPlacement, KernelProgress, KernelRunOptions } from './kernel-client';
export { disposeKernelWorkers, runKernelOffThread } from './run-kernel-off-thread';
