/**
 * Orientation letters at a pane's edges, from its camera. LPS world: +x = patient's Left,
 * +y = Posterior, +z = Superior. vtk's viewPlaneNormal points from the focal point towards
 * the camera, so the screen's right is viewUp × viewPlaneNormal and its top is viewUp.
 */
type V = readonly number[];

export interface EdgeLetters {
  top: string;
  bottom: string;
  left: string;
  right: string;
}

const AXES: readonly [string, string][] = [
  ['L', 'R'],
  ['P', 'A'],
  ['S', 'I'],
];

function cross(a: V, b: V): [number, number, number] {
  return [a[1]! * b[2]! - a[2]! * b[1]!, a[2]! * b[0]! - a[0]! * b[2]!, a[0]! * b[1]! - a[1]! * b[0]!];
}

/**
 * The letters of a world direction: its components of at least `minShare` of the largest,
 * strongest first ("L", or "LP" for an oblique direction). "" for a zero vector.
 */
export function directionLetters(d: V, minShare = 0.5): string {
  const mags = [0, 1, 2].map((i) => Math.abs(d[i] ?? 0));
  const max = Math.max(...mags);
  if (!(max > 1e-9)) return '';
  return [0, 1, 2]
    .filter((i) => mags[i]! >= minShare * max)
    .sort((a, b) => mags[b]! - mags[a]!)
    .map((i) => AXES[i]![(d[i] ?? 0) > 0 ? 0 : 1])
    .join('');
}

/** The four edge letters of a view with camera `viewUp` and `viewPlaneNormal` (LPS). */
export function orientationLetters(viewUp: V, viewPlaneNormal: V): EdgeLetters {
  const right = cross(viewUp, viewPlaneNormal);
  const neg = (v: V): number[] => v.map((c) => -c);
  return {
    top: directionLetters(viewUp),
    bottom: directionLetters(neg(viewUp)),
    right: directionLetters(right),
    left: directionLetters(neg(right)),
  };
}
