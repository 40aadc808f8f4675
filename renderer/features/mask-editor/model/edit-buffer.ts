import type { MaskRuns } from '../../../../electron/common/contract/mask-edit';
import type { VoxelEdit } from './voxel-edit';
import { ParentBlocks } from './parent-blocks';

/** What one write to the labelmap (an apply, a stroke's end, an undo or a redo) touched. */
export interface EditResult {
  /** Voxels whose label changed. */
  readonly changed: number;
  /** First and last flat index written, inclusive; null when nothing changed. */
  readonly indexRange: { readonly min: number; readonly max: number } | null;
  /** First and last z slice written, inclusive (the slices to re-render); null when nothing changed. */
  readonly zRange: { readonly zMin: number; readonly zMax: number } | null;
  /** Per label, how its voxel count moved (label 0 included); labels that did not move are absent. */
  readonly labelDeltas: ReadonlyMap<number, number>;
  /** The voxels an undo, redo or cancelled stroke wrote (the step's own array: read, never write). */
  readonly indices?: Uint32Array;
}

export interface ApplyOptions {
  /** Labels no tool may overwrite (a label's own `remove` is refused too); 0 is ignored. */
  readonly locked: ReadonlySet<number>;
  /** Tool id recorded for the save's audit (e.g. 'brush', 'scissors'). */
  readonly tool: string;
}

export interface EditBufferOptions {
  /** Undo steps kept; the oldest are dropped beyond it. Default 200 (the issue asks for ≥ 100). */
  readonly maxSteps?: number;
  /** Bytes the undo history may hold; the oldest steps are dropped beyond it (the newest is always kept). Default 64 MiB. */
  readonly maxBytes?: number;
}

/**
 * One undo step: the voxels it changed in write order, with their labels before and after.
 * Undo writes `before` back in reverse order, redo writes `after` forward, so a stroke whose
 * stamps touched a voxel twice still restores bit-identically without a merge.
 */
interface Step {
  readonly tool: string;
  readonly indices: Uint32Array;
  readonly before: Uint8Array;
  /** One label for every voxel (a brush or eraser step), or one per voxel. */
  readonly after: Uint8Array | number;
  readonly min: number;
  readonly max: number;
  readonly bytes: number;
}

interface Chunk {
  indices: Uint32Array;
  before: Uint8Array;
  after: Uint8Array | number;
}

const STEP_OVERHEAD_BYTES = 96;

/**
 * The labelmap being edited and its history. It mutates `labels` in place (the array the
 * viewer renders from) and records each step as a region diff: the changed indices with their
 * old and new labels, never a copy of the mask. It also keeps, copy-on-write, the parent's
 * labels of every block it ever wrote, so the cumulative change against the parent (what save
 * and the journal send) is exact and costs only the touched blocks, whatever the history kept.
 */
export class EditBuffer {
  readonly dims: readonly [number, number, number];
  readonly labels: Uint8Array;
  private readonly sliceSize: number;
  private readonly maxSteps: number;
  private readonly maxBytes: number;
  private readonly parent: ParentBlocks;
  private undoSteps: Step[] = [];
  private redoSteps: Step[] = [];
  private historyBytes = 0;
  private stroke: { tool: string; chunks: Chunk[] } | null = null;
  private readonly toolCounts = new Map<string, number>();
  /** Voxels that differ from the parent now, kept exact on every write. */
  private differing = 0;
  private readonly lockTable = new Uint8Array(256);
  private readonly deltaScratch = new Int32Array(256);

  constructor(grid: { readonly dims: readonly [number, number, number]; readonly labels: Uint8Array }, options: EditBufferOptions = {}) {
    const [nx, ny, nz] = grid.dims;
    if (![nx, ny, nz].every((n) => Number.isInteger(n) && n > 0) || nx * ny * nz !== grid.labels.length) {
      throw new RangeError(`edit buffer: labelmap has ${grid.labels.length} voxels but the grid ${nx}×${ny}×${nz} has ${nx * ny * nz}`);
    }
    this.dims = [nx, ny, nz];
    this.labels = grid.labels;
    this.sliceSize = nx * ny;
    this.maxSteps = Math.max(1, options.maxSteps ?? 200);
    this.maxBytes = Math.max(0, options.maxBytes ?? 64 * 1024 * 1024);
    this.parent = new ParentBlocks(grid.labels);
  }

  /** Starts grouping applies into one undo step (a drag). A stroke still open is ended first. */
  beginStroke(tool: string): void {
    if (this.stroke) this.endStroke();
    this.stroke = { tool, chunks: [] };
  }

  /**
   * Ends the open stroke, making it one undo step; answers what the whole stroke touched. Its
   * `labelDeltas` is empty: each apply of the stroke already reported its own.
   */
  endStroke(): EditResult {
    const stroke = this.stroke;
    this.stroke = null;
    if (!stroke || stroke.chunks.length === 0) return this.result(0, Infinity, -Infinity);
    const step = this.stepOf(stroke.tool, stroke.chunks);
    this.push(step);
    return this.result(step.indices.length, step.min, step.max);
  }

  /**
   * Drops the open stroke (Escape during a drag): its voxels go back to what they were before it
   * began, and no undo step is recorded.
   */
  cancelStroke(): EditResult {
    const stroke = this.stroke;
    this.stroke = null;
    if (!stroke || stroke.chunks.length === 0) return this.result(0, Infinity, -Infinity);
    const step = this.stepOf(stroke.tool, stroke.chunks);
    this.write(step.indices, step.before, 'reverse');
    return this.result(step.indices.length, step.min, step.max, this.deltasOf(step, 'undo'));
  }

  /** True while a stroke is open. */
  get inStroke(): boolean {
    return this.stroke !== null;
  }

  /**
   * Applies one tool edit under the locks: `add` voxels take the label unless they hold a locked
   * label; `remove` voxels holding the label go to 0 unless the label is locked. A voxel in both
   * lists counts as added. Outside a stroke this is one undo step; inside, part of the stroke's.
   */
  apply(edit: VoxelEdit, options: ApplyOptions): EditResult {
    const label = edit.label;
    if (!Number.isInteger(label) || label < 1 || label > 255) throw new RangeError(`edit buffer: label ${label} is not 1..255`);
    const lock = this.lockTable;
    lock.fill(0);
    for (const l of options.locked) if (l >= 1 && l <= 255) lock[l] = 1;
    const { add, remove } = edit;
    const cap = add.length + (lock[label] ? 0 : remove.length);
    const indices = new Uint32Array(cap);
    const before = new Uint8Array(cap);
    const after = new Uint8Array(cap);
    const labels = this.labels;
    const n = labels.length;
    const parent = this.parent;
    let differing = 0;
    const deltas = this.deltaScratch;
    deltas.fill(0);
    let count = 0;
    let a = 0;
    let r = lock[label] ? remove.length : 0;
    // Merge the two ascending lists so the step stays in ascending order.
    while (a < add.length || r < remove.length) {
      let i: number;
      let isAdd: boolean;
      if (r >= remove.length || (a < add.length && add[a]! <= remove[r]!)) {
        i = add[a++]!;
        isAdd = true;
        if (r < remove.length && remove[r] === i) r++;
      } else {
        i = remove[r++]!;
        isAdd = false;
      }
      if (i >= n) throw new RangeError(`edit buffer: voxel index ${i} is outside the grid of ${n} voxels`);
      const cur = labels[i]!;
      let next: number;
      if (isAdd) {
        if (cur === label || lock[cur]) continue;
        next = label;
      } else {
        if (cur !== label) continue;
        next = 0;
      }
      indices[count] = i;
      before[count] = cur;
      after[count] = next;
      count++;
      deltas[cur]!--;
      deltas[next]!++;
      // Written here rather than in a second pass: one sweep over a whole-volume edit.
      const origin = parent.originOf(i);
      differing += (next !== origin ? 1 : 0) - (cur !== origin ? 1 : 0);
      labels[i] = next;
    }
    this.differing += differing;
    if (count === 0) return this.result(0, Infinity, -Infinity);
    const fit = <T extends Uint32Array | Uint8Array>(a: T): T => (count === cap ? a : (a.slice(0, count) as T));
    const chunk: Chunk = { indices: fit(indices), before: fit(before), after: fit(after) };
    if (this.stroke) {
      // A new edit ends the redo branch at once, not only when the stroke closes.
      this.redoSteps = [];
      this.stroke.chunks.push(chunk);
    } else {
      this.push(this.stepOf(options.tool, [chunk]));
    }
    return this.result(count, chunk.indices[0]!, chunk.indices[count - 1]!, this.collectDeltas());
  }

  /**
   * Writes a run-length change (a journal's unsaved strokes, a restored diff) as one undo step,
   * without locks: it states the labels the voxels end with.
   */
  applyRuns(change: MaskRuns, tool: string): EditResult {
    const { runs, values } = change;
    if (runs.length % 2 !== 0) throw new RangeError('edit buffer: runs must be (start, length) pairs');
    let total = 0;
    for (let k = 1; k < runs.length; k += 2) total += runs[k]!;
    if (total !== values.length) throw new RangeError(`edit buffer: runs cover ${total} voxels but ${values.length} values were given`);
    const indices = new Uint32Array(total);
    const before = new Uint8Array(total);
    const after = new Uint8Array(total);
    const labels = this.labels;
    let count = 0;
    let v = 0;
    let last = -1;
    for (let k = 0; k < runs.length; k += 2) {
      const start = runs[k]!;
      const end = start + runs[k + 1]!;
      if (start <= last || end > labels.length) throw new RangeError(`edit buffer: run at ${start} is out of order or outside the grid`);
      for (let i = start; i < end; i++, v++) {
        if (labels[i] === values[v]) continue;
        indices[count] = i;
        before[count] = labels[i]!;
        after[count] = values[v]!;
        count++;
      }
      last = end - 1;
    }
    if (count === 0) return this.result(0, Infinity, -Infinity);
    if (this.stroke) this.endStroke();
    const chunk: Chunk = { indices: indices.slice(0, count), before: before.slice(0, count), after: after.slice(0, count) };
    this.write(chunk.indices, chunk.after, 'forward');
    const step = this.stepOf(tool, [chunk]);
    this.push(step);
    return this.result(count, step.min, step.max, this.deltasOf(step, 'redo'));
  }

  /** Undoes the newest step (ending an open stroke first); a no-op result when there is none. */
  undo(): EditResult {
    if (this.stroke) this.endStroke();
    const step = this.undoSteps.pop();
    if (!step) return this.result(0, Infinity, -Infinity);
    this.historyBytes -= step.bytes;
    this.write(step.indices, step.before, 'reverse');
    this.countTool(step.tool, -1);
    this.redoSteps.push(step);
    return { ...this.result(step.indices.length, step.min, step.max, this.deltasOf(step, 'undo')), indices: step.indices };
  }

  /** Redoes the newest undone step; a no-op result when there is none. */
  redo(): EditResult {
    if (this.stroke) this.endStroke();
    const step = this.redoSteps.pop();
    if (!step) return this.result(0, Infinity, -Infinity);
    this.write(step.indices, step.after, 'forward');
    this.countTool(step.tool, 1);
    this.undoSteps.push(step);
    this.historyBytes += step.bytes;
    return { ...this.result(step.indices.length, step.min, step.max, this.deltasOf(step, 'redo')), indices: step.indices };
  }

  get canUndo(): boolean {
    return this.undoSteps.length > 0 || (this.stroke?.chunks.length ?? 0) > 0;
  }

  get canRedo(): boolean {
    return this.redoSteps.length > 0;
  }

  /** Undo steps held now. */
  get undoDepth(): number {
    return this.undoSteps.length;
  }

  /** True when the labelmap differs from the parent in at least one voxel. */
  get dirty(): boolean {
    return this.differing > 0;
  }

  /** Voxels that differ from the parent now. */
  get changedVoxels(): number {
    return this.differing;
  }

  /** Tools whose steps are in effect against the parent (undone steps do not count; dropped ones still do). */
  toolsUsed(): ReadonlySet<string> {
    const used = new Set([...this.toolCounts].filter(([, n]) => n > 0).map(([t]) => t));
    if (this.stroke && this.stroke.chunks.length > 0) used.add(this.stroke.tool);
    return used;
  }

  /** Bytes held by the undo and redo history plus the parent's copy-on-write blocks. */
  bytesUsed(): number {
    let redo = 0;
    for (const s of this.redoSteps) redo += s.bytes;
    return this.historyBytes + redo + this.parent.bytes;
  }

  /**
   * The cumulative change against the labelmap the buffer started from (or was last rebased on):
   * ascending disjoint runs over exactly the voxels that differ now, with their current labels.
   */
  changeAgainstParent(): MaskRuns {
    return this.parent.changeRuns(this.labels);
  }

  /** The parent's labels of the voxels `changeAgainstParent` covers, in the same order (the diff's `before`). */
  parentValuesOf(change: MaskRuns): Uint8Array {
    return this.parent.valuesOf(change.runs);
  }

  /**
   * Makes the current labelmap the new parent (after a save): the change against it is empty.
   * The undo history stays, so a step undone past the save shows up as a change again.
   */
  rebase(): void {
    if (this.stroke) this.endStroke();
    this.parent.clear();
    this.differing = 0;
    this.toolCounts.clear();
  }

  private stepOf(tool: string, chunks: Chunk[]): Step {
    let indices: Uint32Array;
    let before: Uint8Array;
    let afterAll: Uint8Array;
    if (chunks.length === 1) {
      ({ indices, before } = chunks[0]!);
      afterAll = chunks[0]!.after as Uint8Array;
    } else {
      let total = 0;
      for (const c of chunks) total += c.indices.length;
      indices = new Uint32Array(total);
      before = new Uint8Array(total);
      afterAll = new Uint8Array(total);
      let o = 0;
      for (const c of chunks) {
        indices.set(c.indices, o);
        before.set(c.before, o);
        afterAll.set(c.after as Uint8Array, o);
        o += c.indices.length;
      }
    }
    let min = Infinity;
    let max = -Infinity;
    for (let k = 0; k < indices.length; k++) {
      const i = indices[k]!;
      if (i < min) min = i;
      if (i > max) max = i;
    }
    // A brush or eraser step writes one label everywhere: keep a number, not a byte per voxel.
    const first = afterAll[0]!;
    let uniform = true;
    for (let k = 1; k < afterAll.length && uniform; k++) uniform = afterAll[k] === first;
    const after: Uint8Array | number = uniform ? first : afterAll;
    const bytes = indices.byteLength + before.byteLength + (uniform ? 0 : afterAll.byteLength) + STEP_OVERHEAD_BYTES;
    return { tool, indices, before, after, min, max, bytes };
  }

  private push(step: Step): void {
    this.redoSteps = [];
    this.countTool(step.tool, 1);
    this.undoSteps.push(step);
    this.historyBytes += step.bytes;
    let drop = 0;
    while (
      this.undoSteps.length - drop > 1 &&
      (this.undoSteps.length - drop > this.maxSteps || this.historyBytes > this.maxBytes)
    ) {
      this.historyBytes -= this.undoSteps[drop]!.bytes;
      drop++;
    }
    if (drop > 0) this.undoSteps.splice(0, drop);
  }

  /** Writes values at indices (forward or in reverse order), keeping the parent blocks and the differing count exact. */
  private write(indices: Uint32Array, values: Uint8Array | number, order: 'forward' | 'reverse'): void {
    const labels = this.labels;
    const parent = this.parent;
    const n = indices.length;
    let delta = 0;
    // Four monomorphic loops: a whole-volume undo runs millions of iterations.
    if (typeof values === 'number') {
      const next = values;
      for (let k = 0; k < n; k++) {
        const i = indices[k]!;
        const origin = parent.originOf(i);
        delta += (next !== origin ? 1 : 0) - (labels[i] !== origin ? 1 : 0);
        labels[i] = next;
      }
    } else if (order === 'forward') {
      for (let k = 0; k < n; k++) {
        const i = indices[k]!;
        const next = values[k]!;
        const origin = parent.originOf(i);
        delta += (next !== origin ? 1 : 0) - (labels[i] !== origin ? 1 : 0);
        labels[i] = next;
      }
    } else {
      for (let k = n - 1; k >= 0; k--) {
        const i = indices[k]!;
        const next = values[k]!;
        const origin = parent.originOf(i);
        delta += (next !== origin ? 1 : 0) - (labels[i] !== origin ? 1 : 0);
        labels[i] = next;
      }
    }
    this.differing += delta;
  }

  private deltasOf(step: Step, direction: 'undo' | 'redo'): ReadonlyMap<number, number> {
    const deltas = this.deltaScratch;
    deltas.fill(0);
    const sign = direction === 'redo' ? 1 : -1;
    const { before, after } = step;
    for (let k = 0; k < before.length; k++) {
      deltas[before[k]!]! -= sign;
      deltas[typeof after === 'number' ? after : after[k]!]! += sign;
    }
    return this.collectDeltas();
  }

  private collectDeltas(): ReadonlyMap<number, number> {
    const out = new Map<number, number>();
    const deltas = this.deltaScratch;
    for (let l = 0; l < 256; l++) if (deltas[l] !== 0) out.set(l, deltas[l]!);
    return out;
  }

  private countTool(tool: string, by: number): void {
    this.toolCounts.set(tool, (this.toolCounts.get(tool) ?? 0) + by);
  }

  private result(changed: number, min: number, max: number, labelDeltas: ReadonlyMap<number, number> = new Map()): EditResult {
    if (changed === 0) return { changed: 0, indexRange: null, zRange: null, labelDeltas };
    return {
      changed,
      indexRange: { min, max },
      zRange: { zMin: Math.floor(min / this.sliceSize), zMax: Math.floor(max / this.sliceSize) },
      labelDeltas,
    };
  }
}
