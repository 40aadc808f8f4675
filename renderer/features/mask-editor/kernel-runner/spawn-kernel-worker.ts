/** Starts a kernel worker and adapts the browser's Worker to the client's port. */
import type { KernelReply, KernelWorker } from './kernel-protocol';

export function spawnKernelWorker(): KernelWorker {
  // Vite bundles the worker as its own chunk only when it sees this exact `new Worker(new URL(...))` shape.
  const worker = new Worker(new URL('./kernel-worker.ts', import.meta.url), { type: 'module', name: 'lungdesk-mask-kernel' });
  return {
    post: (call, transfer) => worker.postMessage(call, transfer),
    terminate: () => worker.terminate(),
    listen: (onReply, onFailure) => {
      worker.onmessage = onReply && ((event: MessageEvent<KernelReply>) => onReply(event.data));
      worker.onerror =
        onFailure &&
        ((event: ErrorEvent) => {
          // Handled here: keep it out of the page's uncaught-error log.
          event.preventDefault();
          onFailure(event.message || 'the kernel worker failed to load or crashed');
        });
      worker.onmessageerror = onFailure && (() => onFailure('a reply from the kernel worker could not be read'));
    },
  };
}
