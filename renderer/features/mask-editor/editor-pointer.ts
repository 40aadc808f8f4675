import type { PaneId, PanePointerTool, PaneToolEvent } from '../viewport';
import { worldToIndex } from '../viewport';
import type { EditSession } from './edit-session';
import { planeAxes } from './model/slice-plane';
import { StrokeInk } from './stroke-ink';
import type { IndexPoint, ToolContext, ToolDef } from './tools/tool-kit';

/** What the pointer reads from the editor at each event (refs: no React render per mouse move). */
export interface EditorPointerHost {
  session(): EditSession | null;
  tool(): ToolDef | null;
  context(pane: PaneId): ToolContext | null;
  locked(): ReadonlySet<number>;
  /** The HU under the cursor (threshold brush readout), or null off the volume. */
  hoverHu(hu: number | null): void;
}

/**
 * The active tool on the panes: stroke tools edit every segment of a drag (one undo step per
 * stroke), box tools (scissors) edit the box from press to release, click tools edit at the
 * press. The cursor ring (the brush's size in mm) and the scissors' box are plain elements
 * moved on each event, outside React.
 */
export class EditorPointer implements PanePointerTool {
  private last: IndexPoint | null = null;
  private start: { point: IndexPoint; x: number; y: number } | null = null;
  private readonly ring: HTMLDivElement;
  private readonly box: HTMLDivElement;
  /** Panes whose cursor the tool changed (put back when it is left). */
  private readonly cursorOn = new Set<HTMLElement>();
  private readonly ink = new StrokeInk();
  /** The freehand scissors' outline: every point of the drag, and its polyline on screen. */
  private path: IndexPoint[] = [];
  private readonly lasso: SVGSVGElement;
  private readonly lassoLine: SVGPolylineElement;
  /** The shown slice of the pane a stroke started on (index along its normal). */
  private strokeSlice: number | null = null;

  constructor(private readonly host: EditorPointerHost) {
    this.ring = overlayElement('mask-brush-ring', 'position:fixed;pointer-events:none;border:1.5px solid #ffe14d;border-radius:50%;display:none;z-index:20;box-sizing:border-box');
    this.box = overlayElement('mask-scissors-box', 'position:fixed;pointer-events:none;border:1.5px dashed #ff5a5a;display:none;z-index:20;box-sizing:border-box');
    const ns = 'http://www.w3.org/2000/svg';
    this.lasso = document.createElementNS(ns, 'svg');
    this.lasso.dataset.testid = 'mask-scissors-lasso';
    this.lasso.style.cssText = 'position:fixed;left:0;top:0;width:100vw;height:100vh;pointer-events:none;display:none;z-index:20';
    this.lassoLine = document.createElementNS(ns, 'polyline');
    this.lassoLine.setAttribute('fill', 'rgba(255,90,90,0.12)');
    this.lassoLine.setAttribute('stroke', '#ff5a5a');
    this.lassoLine.setAttribute('stroke-width', '1.5');
    this.lassoLine.setAttribute('stroke-dasharray', '4 3');
    this.lasso.appendChild(this.lassoLine);
    document.body.appendChild(this.lasso);
  }

  down(e: PaneToolEvent): boolean {
    const session = this.host.session();
    const tool = this.host.tool();
    const ctx = this.host.context(e.pane);
    if (!session || !tool || !ctx) return false;
    const p = this.indexOf(session, e);
    if (tool.gesture === 'stroke') {
      session.beginStroke(tool.id);
      this.last = p;
      this.strokeSlice = Math.round(p[planeAxes(ctx.axis).n]);
      this.edit(session, tool, ctx, p, p, e);
    } else if (tool.gesture === 'box') {
      this.start = { point: p, x: e.event.clientX, y: e.event.clientY };
      this.path = [p];
      if (ctx.params.scissorsShape === 'freehand') this.startLasso(e.event.clientX, e.event.clientY);
      else this.drawBox(e.event.clientX, e.event.clientY);
    } else {
      this.edit(session, tool, ctx, p, p);
    }
    return true;
  }

  drag(e: PaneToolEvent): void {
    const session = this.host.session();
    const tool = this.host.tool();
    const ctx = this.host.context(e.pane);
    this.hover(e.pane, e);
    if (!session || !tool || !ctx) return;
    const p = this.indexOf(session, e);
    if (tool.gesture === 'stroke' && this.last) {
      this.edit(session, tool, ctx, this.last, p, e);
      this.last = p;
    } else if (tool.gesture === 'box' && this.start) {
      this.path.push(p);
      if (ctx.params.scissorsShape === 'freehand') this.extendLasso(e.event.clientX, e.event.clientY);
      else this.drawBox(e.event.clientX, e.event.clientY);
    }
  }

  up(e: PaneToolEvent): void {
    const session = this.host.session();
    const tool = this.host.tool();
    const ctx = this.host.context(e.pane);
    if (session && tool?.gesture === 'stroke' && this.strokeSlice !== null) {
      session.endStroke();
      this.ink.fadeAfterRender();
    }
    this.strokeSlice = null;
    if (session && tool && ctx && tool.gesture === 'box' && this.start) {
      const end = this.indexOf(session, e);
      this.edit(session, tool, ctx, this.start.point, end, undefined, [...this.path, end]);
    }
    this.last = null;
    this.start = null;
    this.path = [];
    this.box.style.display = 'none';
    this.lasso.style.display = 'none';
  }

  hover(_pane: PaneId, e: PaneToolEvent | null): void {
    const tool = this.host.tool();
    const session = this.host.session();
    if (!e || !tool || !session) {
      this.ring.style.display = 'none';
      this.host.hoverHu(null);
      return;
    }
    // The HU under the cursor is shown for the threshold brush only (a React update per move).
    if (tool.id === 'threshold') {
      const shown = session.shown;
      const ijk = this.indexOf(session, e).map(Math.round);
      const [nx, ny, nz] = shown.header.dims;
      const inside = ijk[0]! >= 0 && ijk[1]! >= 0 && ijk[2]! >= 0 && ijk[0]! < nx && ijk[1]! < ny && ijk[2]! < nz;
      this.host.hoverHu(inside ? shown.voxels[ijk[0]! + nx * (ijk[1]! + ny * ijk[2]!)]! : null);
    }
    const ctx = this.host.context(e.pane);
    this.cursorOn.add(e.viewport.element);
    if (tool.cursor !== 'ring' || !ctx) {
      this.ring.style.display = 'none';
      e.viewport.element.style.cursor = tool.cursor;
      return;
    }
    e.viewport.element.style.cursor = 'none';
    const a = e.viewport.canvasToWorld([e.canvas[0], e.canvas[1]]);
    const b = e.viewport.canvasToWorld([e.canvas[0] + 10, e.canvas[1]]);
    const mmPerPx = Math.hypot(b[0] - a[0], b[1] - a[1], b[2] - a[2]) / 10 || 1;
    const d = ctx.params.brushMm / mmPerPx;
    const s = this.ring.style;
    s.display = 'block';
    s.width = s.height = `${d}px`;
    s.left = `${e.event.clientX - d / 2}px`;
    s.top = `${e.event.clientY - d / 2}px`;
  }

  /** Drops the gesture under way (Esc during a drag): a stroke is taken back, a box or outline forgotten. True when there was one. */
  cancel(): boolean {
    const session = this.host.session();
    const had = this.strokeSlice !== null || this.start !== null;
    if (this.strokeSlice !== null) session?.cancelStroke();
    this.ink.clear();
    this.strokeSlice = null;
    this.last = null;
    this.start = null;
    this.path = [];
    this.box.style.display = 'none';
    this.lasso.style.display = 'none';
    return had;
  }

  /** Hides the ring and the box (the tool was left). */
  clear(): void {
    this.ring.style.display = 'none';
    this.box.style.display = 'none';
    this.lasso.style.display = 'none';
    for (const el of this.cursorOn) el.style.cursor = '';
    this.cursorOn.clear();
  }

  dispose(): void {
    this.ink.dispose();
    this.lasso.remove();
    this.ring.remove();
    this.box.remove();
  }

  private indexOf(session: EditSession, e: PaneToolEvent): IndexPoint {
    return worldToIndex(e.world, session.shown.header);
  }

  private edit(session: EditSession, tool: ToolDef, ctx: ToolContext, from: IndexPoint, to: IndexPoint, e?: PaneToolEvent, path?: readonly IndexPoint[]): void {
    const edit = tool.edit(ctx, from, to, path);
    if (!edit || (edit.add.length === 0 && edit.remove.length === 0)) return;
    session.apply(edit, tool.id, this.host.locked());
    // A stroke's steps reach the screen as ink; the labelmap is drawn when the stroke ends.
    if (e && this.strokeSlice !== null) this.ink.draw(e.viewport, ctx.axis, this.strokeSlice, session.shown.header, edit, session.labels, session.shown.voxels, session.colours);
  }

  private startLasso(x: number, y: number): void {
    this.lassoLine.setAttribute('points', `${x},${y}`);
    this.lasso.style.display = 'block';
  }

  private extendLasso(x: number, y: number): void {
    this.lassoLine.setAttribute('points', `${this.lassoLine.getAttribute('points') ?? ''} ${x},${y}`);
  }

  private drawBox(x: number, y: number): void {
    const st = this.start;
    if (!st) return;
    const s = this.box.style;
    s.display = 'block';
    s.left = `${Math.min(st.x, x)}px`;
    s.top = `${Math.min(st.y, y)}px`;
    s.width = `${Math.abs(x - st.x)}px`;
    s.height = `${Math.abs(y - st.y)}px`;
    s.borderRadius = this.host.context('axial')?.params.scissorsShape === 'circle' ? '50%' : '0';
  }
}

function overlayElement(testId: string, css: string): HTMLDivElement {
  const el = document.createElement('div');
  el.dataset.testid = testId;
  el.style.cssText = css;
  document.body.appendChild(el);
  return el;
}
