/** Pure camera arithmetic for zoom and pan (vtk parallel projection). */
type V = readonly number[];
type P3 = [number, number, number];

export const MIN_SCALE = 1;
export const MAX_SCALE = 5000;

/** Parallel scale after zooming by `factor` (> 1 magnifies), clamped to a sane range. */
export function zoomedScale(parallelScale: number, factor: number): number {
  if (!(factor > 0)) return parallelScale;
  return Math.min(MAX_SCALE, Math.max(MIN_SCALE, parallelScale / factor));
}

/** Zoom factor of one wheel notch: 10 % per 100 units of deltaY, up = magnify. */
export function wheelZoomFactor(deltaY: number): number {
  return Math.pow(1.1, -deltaY / 100);
}

/**
 * Focal point and position after a pan that drags world point `from` onto `to` (both on the
 * view plane): the camera moves by from − to, so the content follows the mouse.
 */
export function pannedCamera(camera: { focalPoint: V; position: V }, from: V, to: V): { focalPoint: P3; position: P3 } {
  const d = [from[0]! - to[0]!, from[1]! - to[1]!, from[2]! - to[2]!];
  const add = (p: V): P3 => [p[0]! + d[0]!, p[1]! + d[1]!, p[2]! + d[2]!];
  return { focalPoint: add(camera.focalPoint), position: add(camera.position) };
}
