/** One surface the pick ray crossed, nearest first. */
export interface PickHit {
  kind: string;
  distance: number;
  opacity: number;
  point: readonly [number, number, number];
  /** The lesion of the group hit (nodules), else null. */
  lesionKey: string | null;
}

/** A surface at least this opaque hides what lies behind it from a click. */
const OPAQUE = 0.6;

/**
 * What a click picks: a lesion seen through a translucent lung is what the reader aims at, so
 * translucent surfaces in front do not stop the ray; the first opaque surface or lesion
 * wins, and only a ray that meets nothing else picks the nearest translucent surface.
 */
export function pickHit(hits: readonly PickHit[]): PickHit | null {
  const sorted = [...hits].sort((a, b) => a.distance - b.distance);
  for (const h of sorted) if (h.lesionKey !== null || h.kind === 'nodules' || h.opacity >= OPAQUE) return h;
  return sorted[0] ?? null;
}
