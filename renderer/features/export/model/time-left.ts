/**
 * Time left of a running export from its progress events: the rate over the last minute of
 * samples (so a slow first case, or a machine that got busy, stops weighing on the estimate
 * once it is past), extrapolated to the end. Pure: the hook feeds it `Date.now()`.
 */

export interface ProgressSample {
  /** ms (any clock, one per job). */
  t: number;
  /** 0..1 of the whole job. */
  fraction: number;
}

/** How far back the rate looks. */
export const RATE_WINDOW_MS = 60_000;
/** Below this much progress or time seen, no estimate: one case does not make a rate. */
const MIN_SPAN_MS = 1_000;
const MIN_GAIN = 1e-6;

/**
 * The samples with one more: older ones than the window before it are dropped (one is kept at
 * or before the window's start so the span covers it); a fraction that goes back (a resumed
 * job counting again) starts afresh; a repeat of the last fraction only moves nothing.
 * Returns a new array; the input is left untouched.
 */
export function addSample(samples: readonly ProgressSample[], s: ProgressSample, windowMs = RATE_WINDOW_MS): ProgressSample[] {
  if (!Number.isFinite(s.fraction) || !Number.isFinite(s.t)) return [...samples];
  const last = samples[samples.length - 1];
  if (last && (s.fraction < last.fraction || s.t < last.t)) return [s];
  if (last && s.fraction === last.fraction) return [...samples];
  const out = [...samples, s];
  const cutoff = s.t - windowMs;
  let first = 0;
  while (first + 1 < out.length - 1 && out[first + 1]!.t <= cutoff) first++;
  return out.slice(first);
}

/**
 * Seconds left at `now`, or null while there is no rate yet (fewer than two samples, under a
 * second between them, or no progress). The time since the last sample counts as spent.
 */
export function timeLeftSeconds(samples: readonly ProgressSample[], now: number): number | null {
  if (samples.length < 2) return null;
  const a = samples[0]!;
  const b = samples[samples.length - 1]!;
  const span = b.t - a.t;
  const gain = b.fraction - a.fraction;
  if (span < MIN_SPAN_MS || gain < MIN_GAIN) return null;
  const rate = gain / span; // fraction per ms
  const leftMs = (1 - Math.min(1, b.fraction)) / rate - Math.max(0, now - b.t);
  return Math.max(0, leftMs / 1000);
}

/** "about 40 s left", "about 3 min left", "about 1 h 20 min left"; "estimating time left…" without a rate. */
export function formatTimeLeft(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return 'estimating time left…';
  if (seconds < 5) return 'a few seconds left';
  if (seconds < 55) return `about ${Math.round(seconds / 5) * 5} s left`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `about ${minutes} min left`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m === 0 ? `about ${h} h left` : `about ${h} h ${m} min left`;
}
