/**
 * Messages between the page and the kernel worker. One call per message: the page sends the
 * grid (its own copy of the labels, transferred) and the request; the worker answers
 * 'started' once the grid has arrived, then either the edit (index buffers transferred) or
 * the error the kernel threw.
 */
import type { VoxelEdit } from '../model/voxel-edit';
import type { KernelRequest } from './kernel-request';

export interface KernelCall {
  readonly id: number;
  readonly dims: readonly [number, number, number];
  readonly spacing: readonly [number, number, number];
  /** A copy the worker owns; the page's labelmap never crosses. */
  readonly labels: Uint8Array;
  readonly request: KernelRequest;
}

export type KernelReply =
  | { readonly id: number; readonly type: 'started' }
  | { readonly id: number; readonly type: 'done'; readonly edit: VoxelEdit }
  | { readonly id: number; readonly type: 'failed'; readonly errorName: string; readonly message: string };

/**
 * The buffers to transfer with an edit. An index list that is a view into a larger buffer
 * (grown arrays keep slack) is cut to size first, so the transfer carries no slack and never
 * detaches memory that something else still views.
 */
export function transferableEdit(edit: VoxelEdit): { edit: VoxelEdit; transfer: ArrayBuffer[] } {
  const add = tight(edit.add);
  const remove = tight(edit.remove);
  const transfer = add.buffer === remove.buffer ? [add.buffer] : [add.buffer, remove.buffer];
  return { edit: { label: edit.label, add, remove }, transfer: transfer as ArrayBuffer[] };
}

function tight(a: Uint32Array): Uint32Array {
  return a.byteOffset === 0 && a.byteLength === a.buffer.byteLength && a.buffer instanceof ArrayBuffer ? a : a.slice();
}

/**
 * What the client needs of a worker. The browser's Worker is adapted to it in
 * spawn-kernel-worker.ts; keeping the client on this port keeps it free of DOM types, so it
 * runs and typechecks in Node tests too.
 */
export interface KernelWorker {
  post(call: KernelCall, transfer: ArrayBuffer[]): void;
  /** Ends the worker at once, a running kernel included. */
  terminate(): void;
  /** Sets (replaces) the one reply listener and the one failure listener; null clears them. */
  listen(onReply: ((reply: KernelReply) => void) | null, onFailure: ((message: string) => void) | null): void;
}

/** The worker's side of one call: runs it and sends the replies, edit buffers transferred. */
export function answerKernelCall(call: KernelCall, reply: (message: KernelReply, transfer: ArrayBuffer[]) => void, run: (call: KernelCall) => VoxelEdit): void {
  const { id } = call;
  reply({ id, type: 'started' }, []);
  try {
    const { edit, transfer } = transferableEdit(run(call));
    reply({ id, type: 'done', edit }, transfer);
  } catch (e) {
    const error = e instanceof Error ? e : new Error(String(e));
    reply({ id, type: 'failed', errorName: error.name, message: error.message }, []);
  }
}
