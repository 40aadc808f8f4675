/**
 * How a kernel run ends when it does not answer an edit. Renderer-side classes: the renderer
 * may import electron/common for types only, so LungDeskError is not available as a value.
 */
import type { KernelName } from './kernel-request';

/** The caller's AbortSignal fired; the worker running the kernel was terminated. */
export class KernelAbortedError extends Error {
  /** 'AbortError', as fetch and DOMException name it, so generic abort checks recognise it. */
  override readonly name = 'AbortError';
  readonly kernel: KernelName;
  constructor(kernel: KernelName, reason?: unknown) {
    super(`mask kernel ${kernel} was cancelled`, reason === undefined ? undefined : { cause: reason });
    this.kernel = kernel;
  }
}

/** The kernel threw (bad parameters: RangeError), or the worker died or could not load. */
export class KernelFailedError extends Error {
  override readonly name = 'KernelFailedError';
  readonly kernel: KernelName;
  /** The name of the error the kernel threw ('RangeError', ...) or 'WorkerError' when the worker itself failed. */
  readonly reason: string;
  constructor(kernel: KernelName, reason: string, message: string) {
    super(`mask kernel ${kernel} failed: ${message}`);
    this.kernel = kernel;
    this.reason = reason;
  }
}

export function isKernelAborted(e: unknown): e is KernelAbortedError {
  return e instanceof KernelAbortedError;
}
