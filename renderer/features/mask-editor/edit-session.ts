import type { MaskLabel, MaskRuns } from '../../../electron/common/contract';
import { addEditableLabelmap, labelmapSlicesModified, removeLabelmapOverlay, type LabelmapOverlay } from '../masks';
import type { ShownVolume } from '../viewport';
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

  constructor(
    readonly shown: ShownVolume,
    readonly source: EditSource,
    labels: Uint8Array,
  ) {
    this.buffer = new EditBuffer({ dims: shown.header.dims, labels });
    this.overlay = addEditableLabelmap(shown, `edit-${source.kind}`, labels, labelColours(source.labels));
  }

  get labels(): Uint8Array {
    return this.buffer.labels;
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

  endStroke(): EditResult {
    return this.shownAfter(this.buffer.endStroke(), false);
  }

  undo(): EditResult {
    return this.shownAfter(this.buffer.undo());
  }

  redo(): EditResult {
    return this.shownAfter(this.buffer.redo());
  }

  /** Writes a saved change (a journal's strokes) as one undo step. */
  applyRuns(change: MaskRuns, tool: string): EditResult {
    return this.shownAfter(this.buffer.applyRuns(change, tool));
  }

  /** Colours of the labels changed (a label added for a lesion): the labelmap is drawn again. */
  recolour(labels: MaskLabel[]): void {
    const old = this.overlay;
    if (old) removeLabelmapOverlay(old);
    this.overlay = addEditableLabelmap(this.shown, `edit-${this.source.kind}`, this.buffer.labels, labelColours(labels));
  }

  dispose(): void {
    if (this.overlay) removeLabelmapOverlay(this.overlay);
    this.overlay = null;
    this.listeners.clear();
  }

  private shownAfter(r: EditResult, redraw = true): EditResult {
    if (redraw && r.zRange && this.overlay) {
      const zs: number[] = [];
      for (let z = r.zRange.zMin; z <= r.zRange.zMax; z++) zs.push(z);
      labelmapSlicesModified(this.overlay, zs);
    }
    for (const fn of this.listeners) fn();
    return r;
  }
}
