/**
 * The page's kernel client: module Web Workers where the page has them, inline where it does
 * not (see kernel-client.ts for when a call stays on the main thread).
 */
import type { LabelGrid, VoxelEdit } from '../model/voxel-edit';
import { createKernelClient, type KernelRunOptions } from './kernel-client';
import type { KernelRequest } from './kernel-request';
import { spawnKernelWorker } from './spawn-kernel-worker';

const client = createKernelClient(typeof Worker === 'undefined' ? null : spawnKernelWorker);

/** See KernelClient.run: the edit `request` asks for, computed off the main thread. */
export function runKernelOffThread(grid: LabelGrid, request: KernelRequest, options?: KernelRunOptions): Promise<VoxelEdit> {
  return client.run(grid, request, options);
}

/** Terminates the idle kernel worker (e.g. when the mask editor closes). */
export function disposeKernelWorkers(): void {
  client.dispose();
}
