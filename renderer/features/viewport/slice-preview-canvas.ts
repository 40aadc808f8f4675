import type { Types } from '@cornerstonejs/core';
import type { VolumeHeader } from '../../../electron/common/contract';
import { sliceTransform, voxelCornerToWorld, windowSliceRgba } from './model/slice-preview';

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
  const ctx = canvas?.getContext('2d');
  const w = vp.element.clientWidth;
  const h = vp.element.clientHeight;
  if (!canvas || !ctx || w === 0 || h === 0) return false;
  const [nx, ny] = header.dims;
  const dpr = window.devicePixelRatio || 1;
  canvas.width = Math.round(w * dpr);
  canvas.height = Math.round(h * dpr);
  const at = (ijk: [number, number, number]) => vp.worldToCanvas(voxelCornerToWorld(ijk, header) as Types.Point3);
  const [a, b, c, d, e, f] = sliceTransform(at([-0.5, -0.5, k]), at([nx - 0.5, -0.5, k]), at([-0.5, ny - 0.5, k]), nx, ny);
  const tile = document.createElement('canvas');
  tile.width = nx;
  tile.height = ny;
  const rgba = windowSliceRgba(slice, voi, invert);
  tile.getContext('2d')?.putImageData(new ImageData(new Uint8ClampedArray(rgba.buffer as ArrayBuffer), nx, ny), 0, 0);
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.fillStyle = '#000';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.setTransform(a * dpr, b * dpr, c * dpr, d * dpr, e * dpr, f * dpr);
  ctx.drawImage(tile, 0, 0);
  canvas.style.display = 'block';
  return true;
}

/** Hides the preview canvas: the viewport's own rendering shows through again. */
export function hideSlicePreview(canvas: HTMLCanvasElement | null): void {
  if (canvas) canvas.style.display = 'none';
}
