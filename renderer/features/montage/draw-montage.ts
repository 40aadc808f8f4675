import type { MontageLayout } from './model/montage-layout';

const LABEL = { fill: '#f5c451', outline: 'rgba(0, 0, 0, 0.85)' };

/**
 * Puts the montage pixels on the canvas (resized to the layout) and writes each tile's
 * 1-based slice number in its top-left corner. The PNG export is this canvas, so the labels
 * are drawn into it rather than laid over it in HTML.
 */
export function drawMontage(canvas: HTMLCanvasElement, layout: MontageLayout, pixels: Uint8ClampedArray<ArrayBuffer>): void {
  canvas.width = layout.width;
  canvas.height = layout.height;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.putImageData(new ImageData(pixels, layout.width, layout.height), 0, 0);
  const size = Math.min(16, Math.max(9, Math.round(layout.tileHeight * 0.09)));
  ctx.font = `${size}px system-ui, sans-serif`;
  ctx.textBaseline = 'top';
  ctx.textAlign = 'left';
  ctx.lineJoin = 'round';
  ctx.lineWidth = Math.max(2, size / 4);
  const pad = Math.max(2, Math.round(size / 3));
  for (const t of layout.tiles) {
    ctx.strokeStyle = LABEL.outline;
    ctx.strokeText(t.label, t.x + pad, t.y + pad);
    ctx.fillStyle = LABEL.fill;
    ctx.fillText(t.label, t.x + pad, t.y + pad);
  }
}
