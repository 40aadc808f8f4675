import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { Steps } from '../common/steps';

/** Longest stretch of work between two yields to the event loop, ms. */
const SLICE_MS = 8;

/**
 * Cooperative time slicing for long work on the host's thread: call `tick()` between small
 * steps; once SLICE_MS have passed since the last yield it lets the event loop run (other
 * requests are answered) before the work goes on, so no request waits behind a long list.
 */
export function timeSlicer(sliceMs = SLICE_MS): { tick(): Promise<void> | undefined } {
  let since = performance.now();
  return {
    tick() {
      if (performance.now() - since < sliceMs) return undefined;
      return yieldToLoop().then(() => {
        since = performance.now();
      });
    },
  };
}

/** `items.map(fn)` that yields to the event loop every few ms. */
export async function mapSliced<T, R>(items: readonly T[], fn: (item: T, i: number) => R, slicer = timeSlicer()): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  for (let i = 0; i < items.length; i++) {
    out[i] = fn(items[i]!, i);
    if ((i & 63) === 63) await slicer.tick();
  }
  return out;
}

/** Runs a core computation written as steps (core/review/steps.ts), letting the event loop run every few ms between them; its result. */
export async function runStepsSliced<T>(steps: Steps<T>, slicer = timeSlicer()): Promise<T> {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    await slicer.tick();
  }
}
