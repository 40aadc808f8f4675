import { utilities, type Types } from '@cornerstonejs/core';
import { pannedCamera, zoomedScale } from './model/camera-moves';
import { cameraCentredOn, cameraThrough } from './model/slice-geometry';
import type { WorldPoint } from './panes';

/** Camera moves on one volume viewport; the ones a user makes directly also render it. */

type CameraPoints = { focalPoint: number[]; position: number[] };
type PlaneCamera = CameraPoints & { viewPlaneNormal: number[] };

/** Moves a view `delta` slices along its normal and renders it. */
export function scrollSlices(vp: Types.IVolumeViewport, volumeId: string | null, delta: number): void {
  if (stepSlices(vp, volumeId, delta)) vp.render();
}

/**
 * Moves a view `delta` slices along its normal, without a render; false when it cannot.
 * Cornerstone's own scroll steps by the slab thickness when one is set; a reader searching a
 * MIP slab wants it to slide slice by slice.
 */
export function stepSlices(vp: Types.IVolumeViewport, volumeId: string | null, delta: number): boolean {
  if (!volumeId) return false;
  const { sliceRangeInfo } = utilities.getVolumeViewportScrollInfo(vp, volumeId, false);
  if (!sliceRangeInfo) return false;
  const { sliceRange, spacingInNormalDirection, camera } = sliceRangeInfo;
  if (!camera.focalPoint || !camera.position || !camera.viewPlaneNormal) return false;
  const { newFocalPoint, newPosition } = utilities.snapFocalPointToSlice(
    camera.focalPoint,
    camera.position,
    sliceRange,
    camera.viewPlaneNormal,
    spacingInNormalDirection,
    delta,
  );
  vp.setCamera({ focalPoint: newFocalPoint, position: newPosition });
  return true;
}

/** Zooms by `factor` (> 1 magnifies). */
export function zoomView(vp: Types.IVolumeViewport, factor: number): void {
  vp.setCamera({ parallelScale: zoomedScale(vp.getCamera().parallelScale ?? 100, factor) });
  vp.render();
}

/** Drags the image from canvas point `from` to `to`. */
export function panView(vp: Types.IVolumeViewport, from: Types.Point2, to: Types.Point2): void {
  const cam = vp.getCamera();
  const moved = pannedCamera(cam as CameraPoints, vp.canvasToWorld(from) as number[], vp.canvasToWorld(to) as number[]);
  vp.setCamera(moved as Partial<Types.ICamera>);
  vp.render();
}

/** Moves the image a tenth of the pane along (dx, dy) (x right, y down), as a drag would. */
export function panViewByTenth(vp: Types.IVolumeViewport, dx: number, dy: number): void {
  const w = vp.element.clientWidth;
  const h = vp.element.clientHeight;
  const from = vp.canvasToWorld([w / 2, h / 2]) as number[];
  const to = vp.canvasToWorld([w / 2 + (dx * w) / 10, h / 2 + (dy * h) / 10]) as number[];
  vp.setCamera(pannedCamera(vp.getCamera() as CameraPoints, from, to) as Partial<Types.ICamera>);
  vp.render();
}

/** Moves the view's slice to contain `point`; pan and zoom stay. */
export function moveSliceThrough(vp: Types.IVolumeViewport, point: readonly number[]): void {
  const cam = vp.getCamera();
  vp.setCamera(cameraThrough(cam as PlaneCamera, point) as Partial<Types.ICamera>);
}

/** Centres the view on `point` (its slice moves there too), at `parallelScale` when given. */
export function centreView(vp: Types.IVolumeViewport, point: readonly number[], parallelScale: number | null): void {
  const cam = vp.getCamera();
  vp.setCamera({
    ...cameraCentredOn(cam as CameraPoints, point),
    ...(parallelScale !== null ? { parallelScale } : {}),
  } as Partial<Types.ICamera>);
}

/** Zoom and pan back to the fitted view, the slice through `keep` (else where it was). */
export function resetViewKeepingSlice(vp: Types.IVolumeViewport, keep: WorldPoint | null): void {
  const before = vp.getCamera();
  vp.resetCamera();
  const cam = vp.getCamera();
  // resetCamera also recentres the slice: put it back where the reader was.
  vp.setCamera(cameraThrough(cam as PlaneCamera, keep ?? (before.focalPoint as WorldPoint)) as Partial<Types.ICamera>);
}

/** What view memory keeps of a view's camera. */
export function viewCamera(vp: Types.IVolumeViewport): { focalPoint: WorldPoint; parallelScale: number } {
  const cam = vp.getCamera();
  const f = cam.focalPoint as number[];
  return { focalPoint: [f[0]!, f[1]!, f[2]!], parallelScale: cam.parallelScale ?? 0 };
}
