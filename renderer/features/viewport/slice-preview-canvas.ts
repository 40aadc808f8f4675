import type { Types } from '@cornerstonejs/core';
import type { VolumeHeader } from '../../../electron/common/contract';
import { planeIndex, planeTile, type PlaneAxis } from './model/plane-tile';
import { sliceTransform, voxelCornerToWorld, windowSliceRgba } from './model/slice-preview';

/** A canvas' reusable scratch: the slice-sized tile and its pixels (scrolling draws every frame). */
interface Scratch {
  tile: HTMLCanvasElement;
  tileCtx: CanvasRenderingContext2D;
  image: ImageData;
}
const scratches = new WeakMap<HTMLCanvasElement, Scratch>();

function scratchFor(canvas: HTMLCanvasElement, nx: number, ny: number): Scratch | null {
  const have = scratches.get(canvas);
  if (have && have.image.width === nx && have.image.height === ny) return have;
  const tile = document.createElement('canvas');
  tile.width = nx;
  tile.height = ny;
  const tileCtx = tile.getContext('2d');
  if (!tileCtx) return null;
  const made = { tile, tileCtx, image: tileCtx.createImageData(nx, ny) };
  scratches.set(canvas, made);
  return made;
}

/**
 * Draws axial slice k (its int16 voxels) on the preview canvas laid over the viewport, where
 * the viewport's camera will draw it, windowed to `voi`; false when it cannot (no canvas or
 * a pane with no size yet).
 */
export function drawSlicePreview(
  canvas: HTMLCanvasElement | null,
  vp: Types.IVolumeViewport,
  header: VolumeHeader,
  slice: Int16Array,
  k: number,
  voi: { lower: number; upper: number },
  invert: boolean,
): boolean {
  // A CPU-backed canvas: with a software GPU, drawing and filtering the slice in the GPU
  // process costs more than doing it here and handing the compositor the finished pixels.
  const ctx = canvas?.getContext('2d', { alpha: false, willReadFrequently: true });
  const w = vp.element.clientWidth;
  const h = vp.element.clientHeight;
  if (!canvas || !ctx || w === 0 || h === 0) return false;
  const [nx, ny] = header.dims;
  const scratch = scratchFor(canvas, nx, ny);
  if (!scratch) return false;
  const dpr = window.devicePixelRatio || 1;
  const cw = Math.round(w * dpr);
  const ch = Math.round(h * dpr);
  // Setting the size reallocates the canvas: only when it changed.
  if (canvas.width !== cw) canvas.width = cw;
  if (canvas.height !== ch) canvas.height = ch;
  const at = (ijk: [number, number, number]) => vp.worldToCanvas(voxelCornerToWorld(ijk, header) as Types.Point3);
  paintTile(ctx, scratch, slice, at([-0.5, -0.5, k]), at([nx - 0.5, -0.5, k]), at([-0.5, ny - 0.5, k]), voi, invert, dpr);
  if (canvas.style.display !== 'block') canvas.style.display = 'block';
  return true;
}

/**
 * Paints an image of int16 values (the scratch's size, u fastest), windowed, on `ctx`'s
 * canvas over black: its pixel (0, 0)'s outer corner lands on canvas point `corner` (CSS
 * px), its far edges along u and v on `alongU` and `alongV`. The context's state is left
 * as it was.
 */
function paintTile(
  ctx: CanvasRenderingContext2D,
  scratch: Scratch,
  values: Int16Array,
  corner: readonly [number, number],
  alongU: readonly [number, number],
  alongV: readonly [number, number],
  voi: { lower: number; upper: number },
  invert: boolean,
  dpr: number,
): void {
  const [a, b, c, d, e, f] = sliceTransform(corner, alongU, alongV, scratch.image.width, scratch.image.height);
  windowSliceRgba(values, voi, invert, scratch.image.data);
  scratch.tileCtx.putImageData(scratch.image, 0, 0);
  ctx.save();
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.fillStyle = '#000';
  ctx.fillRect(0, 0, ctx.canvas.width, ctx.canvas.height);
  ctx.setTransform(a * dpr, b * dpr, c * dpr, d * dpr, e * dpr, f * dpr);
  ctx.drawImage(scratch.tile, 0, 0);
  ctx.restore();
}

/**
 * Draws the coronal (axis 1) or sagittal (axis 0) plane a volume viewport's camera is on,
 * cut from the volume's int16 voxels on the CPU (model/plane-tile.ts), on the viewport's own
 * canvas where its next render will draw it over: the whole volume on screen before the
 * software GPU has drawn it. False (nothing drawn) for a view that is oblique, outside the
 * volume or without a size: it needs the GPU's draw.
 */
export function drawPlanePicture(
  vp: Types.IVolumeViewport,
  header: VolumeHeader,
  voxels: Int16Array,
  axis: PlaneAxis,
  voi: { lower: number; upper: number },
  invert: boolean,
): boolean {
  const canvas = vp.canvas;
  const ctx = canvas.getContext('2d');
  if (!ctx || canvas.width === 0 || canvas.height === 0) return false;
  const camera = vp.getCamera();
  if (!camera.focalPoint || !camera.viewPlaneNormal) return false;
  const t = planeIndex(header, axis, camera.focalPoint, camera.viewPlaneNormal);
  const tile = t === null ? null : planeTile(voxels, header.dims as [number, number, number], axis, t);
  const scratch = tile && scratchFor(canvas, tile.width, tile.height);
  if (t === null || !tile || !scratch) return false;
  const at = (u: number, v: number) => vp.worldToCanvas(voxelCornerToWorld(axis === 1 ? [u, t, v] : [t, u, v], header) as Types.Point3);
  paintTile(ctx, scratch, tile.values, at(-0.5, -0.5), at(tile.width - 0.5, -0.5), at(-0.5, tile.height - 0.5), voi, invert, canvas.width / Math.max(1, vp.element.clientWidth));
  return true;
}

/** Hides the preview canvas: the viewport's own rendering shows through again. */
export function hideSlicePreview(canvas: HTMLCanvasElement | null): void {
  if (canvas) canvas.style.display = 'none';
}

/** Whether the preview canvas is shown over the viewport. */
export function slicePreviewShown(canvas: HTMLCanvasElement | null): boolean {
  return canvas?.style.display === 'block';
}
