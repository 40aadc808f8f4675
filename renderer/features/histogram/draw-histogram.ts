import type { HuHistogram } from '../../../electron/common/contract';
import {
  HU_MARKS,
  LUNG_BAND,
  barHeight,
  binToPixel,
  formatHu,
  huToX,
  maxCountIn,
  niceTicks,
  type PlotRect,
} from './model/histogram-scale';

export interface DrawOptions {
  log: boolean;
  view: { min: number; max: number };
  /** CSS px; the canvas backing store is cssWidth × devicePixelRatio. */
  cssWidth: number;
  cssHeight: number;
}

const COLORS = {
  bg: '#0d1014',
  axis: '#566172',
  text: '#aab3c0',
  bar: '#4ea1ff',
  band: 'rgba(120, 200, 140, 0.16)',
  bandText: '#7fc79a',
  mark: '#f5c451',
};

/**
 * Draws the histogram into a 2D context already scaled to CSS px: lung band shaded, bars,
 * x axis with round HU ticks, and dashed marks at air, water and bone. The PNG export is
 * this canvas, so everything (background included) is drawn, nothing is CSS.
 */
export function drawHistogram(ctx: CanvasRenderingContext2D, h: HuHistogram, o: DrawOptions): void {
  const { cssWidth: W, cssHeight: H } = o;
  const rect: PlotRect = { left: 44, top: 14, width: Math.max(10, W - 56), height: Math.max(10, H - 44) };
  const bottom = rect.top + rect.height;
  ctx.save();
  ctx.fillStyle = COLORS.bg;
  ctx.fillRect(0, 0, W, H);
  ctx.font = '10px system-ui, sans-serif';

  ctx.save();
  ctx.beginPath();
  ctx.rect(rect.left, rect.top, rect.width, rect.height);
  ctx.clip();

  // Lung band under the bars.
  const b0 = huToX(LUNG_BAND[0], o.view, rect);
  const b1 = huToX(LUNG_BAND[1], o.view, rect);
  ctx.fillStyle = COLORS.band;
  ctx.fillRect(b0, rect.top, b1 - b0, rect.height);
  ctx.fillStyle = COLORS.bandText;
  ctx.textAlign = 'center';
  ctx.fillText('lung', (b0 + b1) / 2, rect.top + 10);

  const peak = maxCountIn(h, o.view);
  ctx.fillStyle = COLORS.bar;
  h.counts.forEach((c, i) => {
    const bh = barHeight(c, peak, rect.height, o.log);
    if (bh <= 0) return;
    const { x0, x1 } = binToPixel(i, h, rect, o.view);
    if (x1 < rect.left || x0 > rect.left + rect.width) return;
    // At least 1 px wide so narrow bins on a wide range still show.
    ctx.fillRect(x0, bottom - bh, Math.max(1, x1 - x0 - 0.5), bh);
  });

  ctx.strokeStyle = COLORS.mark;
  ctx.fillStyle = COLORS.mark;
  ctx.setLineDash([3, 3]);
  for (const m of HU_MARKS) {
    if (m.hu < o.view.min || m.hu > o.view.max) continue;
    const x = Math.round(huToX(m.hu, o.view, rect)) + 0.5;
    ctx.beginPath();
    ctx.moveTo(x, rect.top);
    ctx.lineTo(x, bottom);
    ctx.stroke();
    ctx.textAlign = x > rect.left + rect.width - 30 ? 'right' : 'left';
    ctx.fillText(m.label, x + (ctx.textAlign === 'right' ? -3 : 3), rect.top + 22);
  }
  ctx.setLineDash([]);
  ctx.restore();

  // Axes.
  ctx.strokeStyle = COLORS.axis;
  ctx.beginPath();
  ctx.moveTo(rect.left, rect.top);
  ctx.lineTo(rect.left, bottom + 0.5);
  ctx.lineTo(rect.left + rect.width, bottom + 0.5);
  ctx.stroke();

  ctx.fillStyle = COLORS.text;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  const maxTicks = Math.max(2, Math.min(12, Math.floor(rect.width / 55)));
  for (const t of niceTicks(o.view.min, o.view.max, maxTicks)) {
    const x = Math.round(huToX(t, o.view, rect)) + 0.5;
    ctx.beginPath();
    ctx.moveTo(x, bottom);
    ctx.lineTo(x, bottom + 4);
    ctx.stroke();
    ctx.fillText(formatHu(t), x, bottom + 6);
  }
  ctx.textAlign = 'right';
  ctx.fillText('HU', rect.left + rect.width, bottom + 18);

  ctx.save();
  ctx.translate(12, rect.top + rect.height / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText(o.log ? 'voxels (log)' : 'voxels', 0, 0);
  ctx.restore();
  ctx.restore();
}
