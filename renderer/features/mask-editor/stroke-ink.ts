import { Enums, type Types } from '@cornerstonejs/core';
import type { VolumeHeader } from '../../../electron/common/contract';
import { indexToWorld } from '../viewport';
import { planeAxes } from './model/slice-plane';
import type { SliceAxis, VoxelEdit } from './model/voxel-edit';

/** The labelmap's fill opacity as Cornerstone draws an active segmentation (its default style). */
const FILL_ALPHA = 0.5;
/** The ink stays at most this long after a stroke if the pane's render never reports back. */
const CLEAR_AFTER_MS = 1000;


/**
 * Stroke ink: while a drag paints, each step's voxels are drawn at once on a 2D canvas over
 * the painted pane, in the colour the labelmap render will give them (the CT's grey under the
 * pane's window, blended with the label's colour at the fill opacity; an erased voxel its
 * plain grey), and the labelmap itself is drawn once, when the stroke ends. With software
 * WebGL a labelmap render of the three panes costs ~100 ms, so drawing every step through it
 * put the brush a few frames behind the hand; the ink costs a millisecond. Each voxel's pixel
 * is computed from its final label, so drawing a voxel twice gives the same pixel. It departs
 * from the render in two ways the stroke's end puts right: no outline, and nearest-voxel
 * squares where the render interpolates the CT.
 */
export class StrokeInk {
  private canvas: HTMLCanvasElement | null = null;
  private ctx: CanvasRenderingContext2D | null = null;
  private pane: HTMLElement | null = null;
  private clearTimer: ReturnType<typeof setTimeout> | null = null;
  private offRendered: (() => void) | null = null;
  /** Whether the canvas is showing ink; cleared ink leaves the canvas in place, hidden, for the next stroke or undo. */
  private showing = false;
  private placed = '';

  /** Draws one step's voxels that lie on the pane's shown slice. */
  draw(
    viewport: Types.IVolumeViewport,
    axis: SliceAxis,
    slice: number,
    header: Pick<VolumeHeader, 'dims' | 'spacing' | 'origin' | 'direction'>,
    edit: VoxelEdit,
    labels: Uint8Array,
    hu: Int16Array,
    colours: readonly (readonly [number, number, number, number])[],
  ): void {
    const ctx = this.begin(viewport.element);
    if (!ctx) return;
    const voi = (viewport.getProperties() as { voiRange?: { lower: number; upper: number } }).voiRange ?? { lower: -1350, upper: 150 };
    const width = Math.max(1, voi.upper - voi.lower);
    const [nx, ny] = header.dims;
    const normal = planeAxes(axis).n;
    // worldToCanvas is affine on an orthographic view: three calls give the whole mapping.
    const at = (i: number, j: number, k: number): Types.Point2 => viewport.worldToCanvas(indexToWorld([i, j, k], header) as Types.Point3);
    const o = at(0, 0, 0);
    const ex = at(1, 0, 0);
    const ey = at(0, 1, 0);
    const ez = at(0, 0, 1);
    const b = [
      [ex[0] - o[0], ex[1] - o[1]],
      [ey[0] - o[0], ey[1] - o[1]],
      [ez[0] - o[0], ez[1] - o[1]],
    ] as const;
    const inPlane = ([0, 1, 2] as const).filter((a) => a !== normal);
    // The voxel's square on screen: the box of its two in-plane edges (exact on unrotated views).
    const w = Math.abs(b[inPlane[0]!]![0]) + Math.abs(b[inPlane[1]!]![0]);
    const h = Math.abs(b[inPlane[0]!]![1]) + Math.abs(b[inPlane[1]!]![1]);
    const paint = (list: Uint32Array): void => {
      for (let n = 0; n < list.length; n++) {
        const idx = list[n]!;
        const x = idx % nx;
        const y = Math.floor(idx / nx) % ny;
        const z = Math.floor(idx / (nx * ny));
        if ((normal === 0 ? x : normal === 1 ? y : z) !== slice) continue;
        const g = Math.min(255, Math.max(0, ((hu[idx]! - voi.lower) / width) * 255));
        const v = labels[idx]!;
        const c = v ? colours[v] : undefined;
        const r = c ? g * (1 - FILL_ALPHA) + c[0] * FILL_ALPHA : g;
        const gg = c ? g * (1 - FILL_ALPHA) + c[1] * FILL_ALPHA : g;
        const bl = c ? g * (1 - FILL_ALPHA) + c[2] * FILL_ALPHA : g;
        ctx.fillStyle = `rgb(${r | 0},${gg | 0},${bl | 0})`;
        const cx = o[0] + x * b[0][0] + y * b[1][0] + z * b[2][0];
        const cy = o[1] + x * b[0][1] + y * b[1][1] + z * b[2][1];
        ctx.fillRect(cx - w / 2, cy - h / 2, w, h);
      }
    };
    paint(edit.add);
    paint(edit.remove);
    viewport.element.dispatchEvent(new CustomEvent('lungdesk:mask-ink'));
  }

  /** The stroke ended and the labelmap render was asked for: the ink goes once that render is on the pane. */
  fadeAfterRender(): void {
    const pane = this.pane;
    if (!pane || !this.canvas) return;
    const clear = (): void => this.clear();
    const onRendered = (): void => {
      requestAnimationFrame(clear);
    };
    pane.addEventListener(Enums.Events.IMAGE_RENDERED, onRendered, { once: true });
    this.offRendered = () => pane.removeEventListener(Enums.Events.IMAGE_RENDERED, onRendered);
    this.clearTimer = setTimeout(clear, CLEAR_AFTER_MS);
  }

  /** Wipes and hides the ink (the canvas stays, so the next ink costs no DOM insertion). */
  clear(): void {
    this.offRendered?.();
    this.offRendered = null;
    if (this.clearTimer) clearTimeout(this.clearTimer);
    this.clearTimer = null;
    if (this.canvas && this.ctx) {
      this.ctx.save();
      this.ctx.setTransform(1, 0, 0, 1, 0, 0);
      this.ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
      this.ctx.restore();
      this.canvas.style.display = 'none';
    }
    this.showing = false;
  }

  /** Removes the canvas (the editor closed). */
  dispose(): void {
    this.clear();
    this.canvas?.remove();
    this.canvas = null;
    this.ctx = null;
    this.pane = null;
    this.placed = '';
  }

  /** The canvas over `pane`, showing: the one kept from the last ink when the pane has not moved, else a new one. */
  private begin(pane: HTMLElement): CanvasRenderingContext2D | null {
    if (this.showing && this.pane === pane && this.ctx) return this.ctx;
    this.clear();
    const rect = pane.getBoundingClientRect();
    const where = `${rect.left},${rect.top},${rect.width},${rect.height},${window.devicePixelRatio || 1}`;
    if (this.canvas && this.ctx && this.pane === pane && this.placed === where) {
      this.canvas.style.display = 'block';
      this.showing = true;
      return this.ctx;
    }
    this.dispose();
    const canvas = document.createElement('canvas');
    const dpr = window.devicePixelRatio || 1;
    canvas.width = Math.round(rect.width * dpr);
    canvas.height = Math.round(rect.height * dpr);
    canvas.dataset.testid = 'mask-stroke-ink';
    canvas.style.cssText = `position:fixed;left:${rect.left}px;top:${rect.top}px;width:${rect.width}px;height:${rect.height}px;pointer-events:none;z-index:5`;
    document.body.appendChild(canvas);
    const ctx = canvas.getContext('2d');
    if (!ctx) {
      canvas.remove();
      return null;
    }
    ctx.scale(dpr, dpr);
    ctx.beginPath();
    ctx.rect(0, 0, rect.width, rect.height);
    ctx.clip();
    this.canvas = canvas;
    this.ctx = ctx;
    this.pane = pane;
    this.placed = where;
    this.showing = true;
    return ctx;
  }
}
