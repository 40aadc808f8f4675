/** Figures of the viewer bench: medians and percentiles, and frame rates from frame intervals. */

/** Linear-interpolated percentile (p in 0..100) of unsorted numbers; NaN when there are none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const pos = (Math.min(100, Math.max(0, p)) / 100) * (s.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo);
}

export const median = (values: readonly number[]): number => percentile(values, 50);

/** Differences between consecutive timestamps (ms). */
export function intervals(times: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 1; i < times.length; i++) out.push(times[i]! - times[i - 1]!);
  return out;
}

export interface FrameRate {
  frames: number;
  /** fps of the median frame. */
  medianFps: number;
  /** fps of the slowest 10 % of frames: 1000 / the 90th percentile interval. */
  p10Fps: number;
  /** Longest frame, ms. */
  worstMs: number;
}

/** Frame rate of requestAnimationFrame timestamps (ms). */
export function frameRate(rafTimes: readonly number[]): FrameRate {
  const iv = intervals(rafTimes);
  return {
    frames: iv.length,
    medianFps: 1000 / median(iv),
    p10Fps: 1000 / percentile(iv, 90),
    worstMs: iv.length ? Math.max(...iv) : Number.NaN,
  };
}
