/**
 * Long pure computations (grouping a scan of 25k marks) are written as generators that pause
 * (`yield`) between small steps: run here in one go, or by the host a slice at a time so its
 * event loop answers other requests meanwhile (app/time-slice.ts, runStepsSliced). Either way
 * the result is the same: the pauses carry no data.
 */
export type Steps<T> = Generator<void, T, void>;

/** Runs steps to the end without pausing; their result. */
export function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}
