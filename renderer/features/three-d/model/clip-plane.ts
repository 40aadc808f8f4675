/**
 * The clipping plane that follows a slice view. It removes the part of every surface in front
 * of the slice as its preset sees it: above the axial slice (look from superior), in front
 * of the coronal one (look from anterior), right of the sagittal one (look from the right),
 * so the cut face lines up with what the slice view shows.
 */
export type ClipMode = 'off' | 'axial' | 'coronal' | 'sagittal';
export const CLIP_MODES: readonly ClipMode[] = ['off', 'axial', 'coronal', 'sagittal'];

export function nextClipMode(m: ClipMode): ClipMode {
  return CLIP_MODES[(CLIP_MODES.indexOf(m) + 1) % CLIP_MODES.length] ?? 'off';
}

/** A plane kept where normal·p + constant ≥ 0 (three.js's clipping convention). */
export interface ClipPlane {
  normal: readonly [number, number, number];
  constant: number;
  /** The slice's world coordinate along its axis (x, y or z mm), shown and tested. */
  world: number;
}

/** The slices' world positions: the axial view's z, the coronal's y, the sagittal's x (LPS mm). */
export interface SlicePositions {
  axialZ: number;
  coronalY: number;
  sagittalX: number;
}

export function clipPlaneFor(mode: ClipMode, at: SlicePositions): ClipPlane | null {
  switch (mode) {
    case 'off':
      return null;
    case 'axial':
      return { normal: [0, 0, -1], constant: at.axialZ, world: at.axialZ };
    case 'coronal':
      return { normal: [0, 1, 0], constant: -at.coronalY, world: at.coronalY };
    case 'sagittal':
      return { normal: [1, 0, 0], constant: -at.sagittalX, world: at.sagittalX };
  }
}

/** Whether a world point is kept by a plane (or there is none). */
export function keeps(plane: ClipPlane | null, p: readonly [number, number, number]): boolean {
  if (!plane) return true;
  return plane.normal[0] * p[0] + plane.normal[1] * p[1] + plane.normal[2] * p[2] + plane.constant >= 0;
}
