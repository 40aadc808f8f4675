/** When the parts of a streaming load run: redraws (the progress bar) spaced out. */

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
