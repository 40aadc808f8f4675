import type { MaskLabel, MaskRuns } from '../../../electron/common/contract';
import { getEnabledElementByViewportId, type Types } from '@cornerstonejs/core';
import { addEditableLabelmap, labelmapSlicesModified, removeLabelmapOverlay, type LabelmapOverlay } from '../masks';
import { worldToIndex, type ShownVolume } from '../viewport';
import { StrokeInk } from './stroke-ink';
import { EditBuffer, type EditResult } from './model/edit-buffer';
import type { VoxelEdit } from './model/voxel-edit';
import { labelColours } from './model/label-colours';

/** The mask version a session edits: null parent for a new empty mask. */
export interface EditSource {
  scanId: number;
  parentId: number | null;
  kind: string;
  labels: MaskLabel[];
}

/**
 * One mask being edited on the shown volume: the edit buffer (history, change against the
 * parent) over the labelmap's own bytes, drawn as an editable Cornerstone labelmap. Every
 * write re-uploads only the slices it touched, so a stroke is on screen the next frame.
 */
export class EditSession {
  readonly buffer: EditBuffer;
  private overlay: LabelmapOverlay | null;
  private readonly listeners = new Set<() => void>();
  /** Slices a stroke wrote that the labelmap has not drawn yet (the stroke's ink shows them). */
  private pendingZ: { zMin: number; zMax: number } | null = null;
  private colourTable: [number, number, number, number][];
  /** Undo and redo reach the axial pane as ink at once; the labelmap render follows. */
  private readonly ink = new StrokeInk();

  constructor(
    readonly shown: ShownVolume,
    readonly source: EditSource,
    labels: Uint8Array,
  ) {
    this.buffer = new EditBuffer({ dims: shown.header.dims, labels });
    this.colourTable = labelColours(source.labels);
    this.overlay = addEditableLabelmap(shown, `edit-${source.kind}`, labels, this.colourTable);
  }

  get labels(): Uint8Array {
    return this.buffer.labels;
  }

  /** RGBA per label value, as the labelmap draws them. */
  get colours(): readonly (readonly [number, number, number, number])[] {
    return this.colourTable;
  }

  /** Called after every write (React re-reads undo / dirty / figures). */
  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  apply(edit: VoxelEdit, tool: string, locked: ReadonlySet<number>): EditResult {
    return this.shownAfter(this.buffer.apply(edit, { locked, tool }));
  }

  beginStroke(tool: string): void {
    this.buffer.beginStroke(tool);
  }

  /** Takes back the stroke under way (Esc during a drag): nothing of it stays, no undo step. */
  cancelStroke(): EditResult {
    return this.strokeDone(this.buffer.cancelStroke());
  }

  /** Ends the stroke and draws the labelmap on every slice it wrote, once. */
  endStroke(): EditResult {
    return this.strokeDone(this.buffer.endStroke());
  }

  /** After a stroke ends or is taken back: the labelmap draws every slice it wrote, once. */
  private strokeDone(r: EditResult): EditResult {
    const pending = this.pendingZ;
    this.pendingZ = null;
    if (pending && this.overlay) labelmapSlicesModified(this.overlay, range(pending.zMin, pending.zMax));
    for (const fn of this.listeners) fn();
    return r;
  }

  undo(): EditResult {
    return this.stepShown(this.buffer.undo());
  }

  redo(): EditResult {
    return this.stepShown(this.buffer.redo());
  }

  /** Writes a saved change (a journal's strokes) as one undo step. */
  applyRuns(change: MaskRuns, tool: string): EditResult {
    return this.shownAfter(this.buffer.applyRuns(change, tool));
  }

  /** Colours of the labels changed (a label added for a lesion): the labelmap is drawn again. */
  recolour(labels: MaskLabel[]): void {
    const old = this.overlay;
    if (old) removeLabelmapOverlay(old);
    this.colourTable = labelColours(labels);
    this.overlay = addEditableLabelmap(this.shown, `edit-${this.source.kind}`, this.buffer.labels, this.colourTable);
  }

  dispose(): void {
    this.ink.dispose();
    if (this.overlay) removeLabelmapOverlay(this.overlay);
    this.overlay = null;
    this.listeners.clear();
  }

  /**
   * An undo or redo: its voxels on the axial pane's shown slice go on screen as ink in this
   * frame, and the labelmap (three software-rendered panes, ~100 ms) is updated only after that
   * frame is out, so the reader sees the step at once; without a shown slice to ink, at once.
   */
  private stepShown(r: EditResult): EditResult {
    if (!this.inkAxial(r) || !r.zRange) return this.shownAfter(r);
    const zs = range(r.zRange.zMin, r.zRange.zMax);
    requestAnimationFrame(() =>
      setTimeout(() => {
        if (this.overlay) labelmapSlicesModified(this.overlay, zs);
        this.ink.fadeAfterRender();
      }, 0),
    );
    for (const fn of this.listeners) fn();
    return r;
  }

  /** Draws a step's voxels on the axial pane's shown slice as ink; false when none of them is there. */
  private inkAxial(r: EditResult): boolean {
    if (!r.indices || !r.zRange) return false;
    const viewport = getEnabledElementByViewportId('axial')?.viewport as Types.IVolumeViewport | undefined;
    const focal = viewport?.getCamera().focalPoint;
    if (!viewport || !focal || !this.shown.viewportIds.includes('axial')) return false;
    const k = Math.round(worldToIndex(focal, this.shown.header)[2]);
    if (k < r.zRange.zMin || k > r.zRange.zMax) return false;
    this.ink.clear();
    this.ink.draw(viewport, 'axial', k, this.shown.header, { label: 0, add: r.indices, remove: new Uint32Array(0) }, this.buffer.labels, this.shown.voxels, this.colourTable);
    return true;
  }

  private shownAfter(r: EditResult): EditResult {
    if (r.zRange && this.buffer.inStroke) {
      const p = this.pendingZ;
      this.pendingZ = p ? { zMin: Math.min(p.zMin, r.zRange.zMin), zMax: Math.max(p.zMax, r.zRange.zMax) } : { ...r.zRange };
    } else if (r.zRange && this.overlay) labelmapSlicesModified(this.overlay, range(r.zRange.zMin, r.zRange.zMax));
    for (const fn of this.listeners) fn();
    return r;
  }
}

function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let z = from; z <= to; z++) out.push(z);
  return out;
}
