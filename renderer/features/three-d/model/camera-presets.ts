/**
 * The 3D pane's camera in the patient's frame. World coordinates are LPS millimetres: +x the
 * patient's left, +y posterior, +z superior. A preset names the side the reader looks from:
 * "anterior" stands in front of the patient (at −y) looking posteriorly with the head up, so
 * the patient's left is on the screen's right, as on a frontal radiograph.
 */
export type Vec3 = readonly [number, number, number];

export type ViewPreset = 'anterior' | 'posterior' | 'left' | 'right' | 'superior' | 'inferior';
export const VIEW_PRESETS: readonly ViewPreset[] = ['anterior', 'posterior', 'left', 'right', 'superior', 'inferior'];

/** Where the camera is, what it looks at and which way is up on the screen. */
export interface CameraState {
  position: Vec3;
  target: Vec3;
  up: Vec3;
}

/**
 * Direction from the target to the camera, and the screen's up, per preset. Superior looks
 * down from the head and inferior up from the feet (the axial slices' radiological view),
 * both with anterior at the top of the screen.
 */
const PRESETS: Record<ViewPreset, { toEye: Vec3; up: Vec3 }> = {
  anterior: { toEye: [0, -1, 0], up: [0, 0, 1] },
  posterior: { toEye: [0, 1, 0], up: [0, 0, 1] },
  left: { toEye: [1, 0, 0], up: [0, 0, 1] },
  right: { toEye: [-1, 0, 0], up: [0, 0, 1] },
  superior: { toEye: [0, 0, 1], up: [0, -1, 0] },
  inferior: { toEye: [0, 0, -1], up: [0, -1, 0] },
};

export const add = (a: Vec3, b: Vec3): Vec3 => [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
export const sub = (a: Vec3, b: Vec3): Vec3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
export const scale = (a: Vec3, s: number): Vec3 => [a[0] * s, a[1] * s, a[2] * s];
export const dot = (a: Vec3, b: Vec3): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
export const cross = (a: Vec3, b: Vec3): Vec3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
export const length = (a: Vec3): number => Math.hypot(a[0], a[1], a[2]);
export const normalize = (a: Vec3): Vec3 => {
  const l = length(a);
  return l > 0 ? scale(a, 1 / l) : [0, 0, 1];
};

/** Axis-aligned bounds in world mm. */
export interface Bounds {
  min: Vec3;
  max: Vec3;
}

export const centreOf = (b: Bounds): Vec3 => scale(add(b.min, b.max), 0.5);
/** Half the diagonal: a sphere around the bounds. */
export const radiusOf = (b: Bounds): number => Math.max(1, length(sub(b.max, b.min)) / 2);

/** The camera's distance that fits a sphere of `radius` in a vertical field of view of `fovDeg`, with a margin. */
export function fitDistance(radius: number, fovDeg: number): number {
  return (radius / Math.sin((fovDeg * Math.PI) / 360)) * 1.05;
}

/** The camera of a preset, framing `bounds`. */
export function presetCamera(preset: ViewPreset, bounds: Bounds, fovDeg: number): CameraState {
  const { toEye, up } = PRESETS[preset];
  const target = centreOf(bounds);
  return { position: add(target, scale(toEye, fitDistance(radiusOf(bounds), fovDeg))), target, up };
}

/** The world direction of the screen's right (what the reader sees on the right). */
export function screenRight(c: CameraState): Vec3 {
  return normalize(cross(sub(c.target, c.position), c.up));
}

/** Rotates `v` about the unit axis `k` by `angle` radians (Rodrigues). */
export function rotate(v: Vec3, k: Vec3, angle: number): Vec3 {
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  return add(add(scale(v, cos), scale(cross(k, v), sin)), scale(k, dot(k, v) * (1 - cos)));
}

/**
 * Turns the camera around its target as a drag does, the scene following the mouse: `yaw`
 * about the screen's up (positive, a drag to the right, brings the scene's left side to the
 * front), `pitch` about the screen's right (positive, a drag up, shows the underside). No
 * fixed world up, so the reader can turn over the top (a trackball, not a turntable).
 */
export function orbit(c: CameraState, yaw: number, pitch: number): CameraState {
  const up0 = normalize(c.up);
  const right = screenRight(c);
  let eye = sub(c.position, c.target);
  eye = rotate(eye, up0, -yaw);
  const right1 = rotate(right, up0, -yaw);
  eye = rotate(eye, right1, pitch);
  const up1 = rotate(up0, right1, pitch);
  // Keep the up exactly perpendicular to the viewing direction (rounding drifts over many drags).
  const back = normalize(eye);
  const up = normalize(sub(up1, scale(back, dot(up1, back))));
  return { position: add(c.target, eye), target: c.target, up };
}

/** Moves the camera toward (factor < 1) or away from the target, within [minMm, maxMm]. */
export function dolly(c: CameraState, factor: number, minMm = 5, maxMm = 5000): CameraState {
  const eye = sub(c.position, c.target);
  const d = Math.min(maxMm, Math.max(minMm, length(eye) * factor));
  return { ...c, position: add(c.target, scale(normalize(eye), d)) };
}

/** Slides camera and target across the screen by (dx right, dy up) millimetres. */
export function pan(c: CameraState, dx: number, dy: number): CameraState {
  const move = add(scale(screenRight(c), dx), scale(normalize(c.up), dy));
  return { position: add(c.position, move), target: add(c.target, move), up: c.up };
}

/** Turns the view to a point (a selected lesion): the same direction, the point in the centre at `distanceMm`. */
export function lookAtPoint(c: CameraState, point: Vec3, distanceMm: number): CameraState {
  const back = normalize(sub(c.position, c.target));
  return { position: add(point, scale(back, distanceMm)), target: point, up: c.up };
}
