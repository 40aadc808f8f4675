import type { Timers } from './settle-tracker';

/**
 * The axial pane's scroll fast path: while the reader scrolls, each new slice is windowed on
 * the CPU and drawn on the 2D preview canvas where the volume view would draw it (a few ms),
 * and the volume view renders for real only once scrolling pauses. On a software GPU a volume
 * render of a large pane costs ~35 ms, which caps scrolling near 20–30 fps; the 2D draw does
 * not. Only where the 2D picture is the same picture: one plain slice of the CT, nothing
 * blended over it, the view's plane one of the volume's slices.
 */

/** Pause after the last scroll step before the volume view renders for real. */
export const FAST_SCROLL_QUIET_MS = 120;
/**
 * Steps further apart than this are separate scrolls. Within a scroll the pause waits for
 * 1.5 step intervals, up to this: on a busy machine frames (and steps) come slower than the
 * quiet time, and a real render between two steps would slow the next frame further.
 */
export const FAST_SCROLL_MAX_QUIET_MS = 400;

export interface FastScrollView {
  /** Slab MIP on: the view shows a maximum over several slices. */
  slabOn: boolean;
  /** Actors on the view besides the CT (mask overlays blend over it). */
  extraActors: number;
  /** The view's plane normal and the volume's slice (k) axis, world directions. */
  viewNormal: readonly number[];
  sliceAxis: readonly number[];
}

/** Whether a scroll step of this view can be drawn from one stored slice on a 2D canvas. */
export function fastScrollPossible(v: FastScrollView): boolean {
  if (v.slabOn || v.extraActors > 0) return false;
  const n = v.viewNormal;
  const a = v.sliceAxis;
  const nLen = Math.hypot(n[0] ?? 0, n[1] ?? 0, n[2] ?? 0);
  const aLen = Math.hypot(a[0] ?? 0, a[1] ?? 0, a[2] ?? 0);
  if (nLen === 0 || aLen === 0) return false;
  const cos = Math.abs((n[0] ?? 0) * (a[0] ?? 0) + (n[1] ?? 0) * (a[1] ?? 0) + (n[2] ?? 0) * (a[2] ?? 0)) / (nLen * aLen);
  // An oblique plane cuts across slices: no single stored slice is the picture.
  return cos > 1 - 1e-6;
}

/** World direction of the volume's k axis (slices): the third column of a row-major direction. */
export function sliceAxisOf(direction: readonly number[]): [number, number, number] {
  return [direction[2] ?? 0, direction[5] ?? 0, direction[8] ?? 0];
}

/**
 * When the real render follows a burst of fast steps: `quietMs` after the last step, or at
 * once on flush() (another change to the view needs a real render anyway). Pure logic with
 * injected timers.
 */
export class ScrollSettler {
  private timer: unknown = null;
  private lastStep = -Infinity;

  constructor(
    private readonly onSettle: () => void,
    private readonly quietMs = FAST_SCROLL_QUIET_MS,
    private readonly timers: Timers = { set: (fn, ms) => setTimeout(fn, ms), clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>) },
    private readonly maxQuietMs = FAST_SCROLL_MAX_QUIET_MS,
  ) {}

  /** How long the pause after a step at `now` must be (the interval since the previous step sets it). */
  quietAfter(now: number): number {
    const gap = now - this.lastStep;
    return gap < this.maxQuietMs ? Math.min(this.maxQuietMs, Math.max(this.quietMs, 1.5 * gap)) : this.quietMs;
  }

  /** Whether fast steps are waiting for their real render. */
  get pending(): boolean {
    return this.timer !== null;
  }

  /** A fast step was drawn at `now` (ms): the real render waits for the next pause. */
  step(now: number): void {
    this.clear();
    const quiet = this.quietAfter(now);
    this.lastStep = now;
    this.timer = this.timers.set(() => {
      this.timer = null;
      this.onSettle();
    }, quiet);
  }

  /** Renders for real now when fast steps are waiting; nothing otherwise. */
  flush(): void {
    if (!this.pending) return;
    this.clear();
    this.onSettle();
  }

  /** Forgets waiting steps without a render (the view is being emptied or replaced). */
  cancel(): void {
    this.clear();
  }

  private clear(): void {
    if (this.timer !== null) this.timers.clear(this.timer);
    this.timer = null;
  }
}
