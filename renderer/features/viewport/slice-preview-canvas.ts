import type { Types } from '@cornerstonejs/core';
import type { VolumeHeader } from '../../../electron/common/contract';
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
  const [a, b, c, d, e, f] = sliceTransform(at([-0.5, -0.5, k]), at([nx - 0.5, -0.5, k]), at([-0.5, ny - 0.5, k]), nx, ny);
  windowSliceRgba(slice, voi, invert, scratch.image.data);
  scratch.tileCtx.putImageData(scratch.image, 0, 0);
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.fillStyle = '#000';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.setTransform(a * dpr, b * dpr, c * dpr, d * dpr, e * dpr, f * dpr);
  ctx.drawImage(scratch.tile, 0, 0);
  if (canvas.style.display !== 'block') canvas.style.display = 'block';
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
