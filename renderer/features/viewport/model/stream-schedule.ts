import type { Slab } from './progressive-load';

/**
 * When the parts of a streaming load run: slabs asked for in plan order with two requests
 * in flight (one crosses the wire while the other is copied in), and redraws spaced out.
 */

/**
 * Asks for the slabs of `plan` in order, `inFlight` at a time, and hands each to `onSlab` as
 * it arrives. Stops asking once `cancelled()`; a failed request rejects (the rest stop).
 */
export async function fetchSlabs<T>(
  plan: readonly Slab[],
  fetchSlab: (slab: Slab) => Promise<T>,
  onSlab: (slab: Slab, result: T) => void,
  cancelled: () => boolean,
  inFlight = 2,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (!cancelled() && next < plan.length) {
      const slab = plan[next++]!;
      const result = await fetchSlab(slab);
      if (cancelled()) return;
      onSlab(slab, result);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, inFlight) }, worker));
}

/**
 * Runs `fn` at most once per `ms`: a request within `ms` of the last run is put off to the
 * end of that interval (several requests, one run). With `leading` false the first request
 * waits `ms` too, so work that is over sooner never runs it.
 */
export function throttle(fn: () => void, ms: number, leading = true): { request: () => void; cancel: () => void } {
  let last = leading ? -Infinity : performance.now();
  let timer: ReturnType<typeof setTimeout> | null = null;
  const run = (): void => {
    timer = null;
    last = performance.now();
    fn();
  };
  return {
    request() {
      if (timer !== null) return;
      const wait = last + ms - performance.now();
      if (wait <= 0) run();
      else timer = setTimeout(run, wait);
    },
    cancel() {
      if (timer !== null) clearTimeout(timer);
      timer = null;
    },
  };
}
