/** Smallest diameter a drag places (mm): shorter drags are taken as a plain click. */
export const MIN_PLACED_DIAMETER_MM = 1;
/** The contract's upper bound for a user nodule's diameter (mm). */
export const MAX_PLACED_DIAMETER_MM = 100;

/**
 * A nodule placed on a slice: the press is its centre, the release a point of its rim, so
 * the circle drawn while dragging runs under the pointer. Both points are world LPS mm on
 * the slice plane. Null when the drag is too short to mean a diameter.
 */
export function placedNodule(center: readonly number[], rim: readonly number[]): { center: [number, number, number]; diameterMm: number } | null {
  const d = 2 * Math.hypot(rim[0]! - center[0]!, rim[1]! - center[1]!, rim[2]! - center[2]!);
  if (!Number.isFinite(d) || d < MIN_PLACED_DIAMETER_MM) return null;
  return { center: [center[0]!, center[1]!, center[2]!], diameterMm: Math.min(MAX_PLACED_DIAMETER_MM, Math.round(d * 100) / 100) };
}

/** "Ø 12.3 mm" beside the circle while dragging. */
export function placementLabel(diameterMm: number): string {
  return `Ø ${diameterMm.toFixed(1)} mm`;
}
