/**
 * The kernel worker's entry (a module Web Worker, bundled by Vite as its own chunk). It runs
 * one call at a time, in the order the page sends them; the page terminates it to cancel.
 */
import { answerKernelCall, type KernelCall } from './kernel-protocol';
import { runKernel } from './run-kernel';

self.addEventListener('message', (event: MessageEvent<KernelCall>) => {
  answerKernelCall(
    event.data,
    (message, transfer) => self.postMessage(message, { transfer }),
    ({ dims, spacing, labels, request }) => runKernel({ dims, spacing, labels }, request),
  );
});
