import { describe, expect, it } from 'vitest';
import { EditBuffer } from '../../../../renderer/features/mask-editor/model/edit-buffer';
import type { VoxelEdit } from '../../../../renderer/features/mask-editor/model/voxel-edit';
import { prng } from '../../../fuzz/prng';
import { drawGrid, showGrid, u32 } from './grid';

const none = { locked: new Set<number>(), tool: 'brush' };
const edit = (label: number, add: number[], remove: number[] = []): VoxelEdit => ({ label, add: u32(add), remove: u32(remove) });

/** The change a brute-force scan finds between two labelmaps, as runs and values. */
function bruteChange(parent: Uint8Array, now: Uint8Array): { runs: number[]; values: number[] } {
  const runs: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < now.length; i++) {
    if (now[i] === parent[i]) continue;
    const n = runs.length;
    if (n > 0 && runs[n - 2]! + runs[n - 1]! === i) runs[n - 1]!++;
    else runs.push(i, 1);
    values.push(now[i]!);
  }
  return { runs, values };
}

/** A random ascending, duplicate-free subset of [0, n) of about `k` indices. */
function randomIndices(rand: () => number, n: number, k: number): number[] {
  const set = new Set<number>();
  for (let j = 0; j < k; j++) set.add(Math.floor(rand() * n));
  return [...set].sort((a, b) => a - b);
}

describe('edit buffer: apply under locks', () => {
  it('paints add voxels with the label and clears remove voxels that hold it', () => {
    const g = drawGrid(['....\n.22.\n.11.']);
    const buf = new EditBuffer(g);
    const r = buf.apply(edit(1, [0, 1], [5, 9, 10]), none);
    expect(showGrid(g.dims, g.labels)).toEqual(['11..\n.22.\n....']);
    expect(r.changed).toBe(4);
    expect(r.labelDeltas.size).toBe(0); // two painted, two erased: counts unchanged
  });

  it('never overwrites a locked label, but paints background and unlocked labels', () => {
    const g = drawGrid(['2233\n....']);
    const buf = new EditBuffer(g);
    const r = buf.apply(edit(1, [0, 1, 2, 3, 4, 5]), { locked: new Set([2]), tool: 'brush' });
    expect(showGrid(g.dims, g.labels)).toEqual(['2211\n11..']);
    expect(r.changed).toBe(4);
    expect(r.labelDeltas).toEqual(new Map([[0, -2], [1, 4], [3, -2]]));
  });

  it('refuses to erase a locked label and leaves other labels alone when erasing', () => {
    const g = drawGrid(['1122']);
    const buf = new EditBuffer(g);
    expect(buf.apply(edit(1, [], [0, 1, 2, 3]), { locked: new Set([1]), tool: 'eraser' }).changed).toBe(0);
    expect(buf.apply(edit(1, [], [0, 1, 2, 3]), { locked: new Set(), tool: 'eraser' }).changed).toBe(2);
    expect(showGrid(g.dims, g.labels)).toEqual(['..22']);
  });

  it('ignores a lock on label 0: background can always be painted', () => {
    const g = drawGrid(['..']);
    new EditBuffer(g).apply(edit(3, [0, 1]), { locked: new Set([0]), tool: 'brush' });
    expect([...g.labels]).toEqual([3, 3]);
  });

  it('answers the z slices and index range it touched', () => {
    const g = drawGrid(['..\n..', '..\n..', '..\n..', '..\n..']);
    const r = new EditBuffer(g).apply(edit(1, [5, 9]), none);
    expect(r.zRange).toEqual({ zMin: 1, zMax: 2 });
    expect(r.indexRange).toEqual({ min: 5, max: 9 });
  });

  it('rejects an index outside the grid and a label outside 1..255', () => {
    const buf = new EditBuffer(drawGrid(['..']));
    expect(() => buf.apply(edit(1, [2]), none)).toThrow(/outside the grid/);
    expect(() => buf.apply(edit(0, [0]), none)).toThrow(/label 0/);
  });

  it('rejects a labelmap whose size is not the grid', () => {
    expect(() => new EditBuffer({ dims: [2, 2, 2], labels: new Uint8Array(7) })).toThrow(/7 voxels.*2×2×2 has 8/);
  });
});

describe('edit buffer: undo and redo', () => {
  it('groups a stroke into one undo step', () => {
    const g = drawGrid(['......']);
    const buf = new EditBuffer(g);
    buf.beginStroke('brush');
    buf.apply(edit(1, [0, 1]), none);
    buf.apply(edit(1, [1, 2, 3]), none);
    const end = buf.endStroke();
    expect(end.changed).toBe(4);
    expect(buf.undoDepth).toBe(1);
    const u = buf.undo();
    expect(u.changed).toBe(4);
    expect(u.labelDeltas).toEqual(new Map([[0, 4], [1, -4]]));
    expect([...g.labels]).toEqual([0, 0, 0, 0, 0, 0]);
    buf.redo();
    expect([...g.labels]).toEqual([1, 1, 1, 1, 0, 0]);
  });

  it('restores a stroke that painted and erased the same voxel bit-identically', () => {
    const g = drawGrid(['2...']);
    const buf = new EditBuffer(g);
    buf.beginStroke('brush');
    buf.apply(edit(1, [0, 1, 2]), none);
    buf.apply(edit(1, [], [0, 1]), { locked: new Set(), tool: 'eraser' });
    buf.apply(edit(3, [0, 2]), none);
    buf.endStroke();
    expect([...g.labels]).toEqual([3, 0, 3, 0]);
    buf.undo();
    expect([...g.labels]).toEqual([2, 0, 0, 0]);
    buf.redo();
    expect([...g.labels]).toEqual([3, 0, 3, 0]);
  });

  it('cancels an open stroke back to the labels before it, recording no step', () => {
    const g = drawGrid(['2...']);
    const buf = new EditBuffer(g);
    buf.apply(edit(3, [3]), none);
    buf.beginStroke('brush');
    buf.apply(edit(1, [0, 1]), none);
    buf.apply(edit(1, [1, 2]), none);
    const r = buf.cancelStroke();
    expect([...g.labels]).toEqual([2, 0, 0, 3]);
    expect(r.labelDeltas).toEqual(new Map([[0, 2], [1, -3], [2, 1]]));
    expect(buf.undoDepth).toBe(1);
    expect(buf.inStroke).toBe(false);
  });

  it('clears redo when a new edit changes something', () => {
    const g = drawGrid(['....']);
    const buf = new EditBuffer(g);
    buf.apply(edit(1, [0]), none);
    buf.undo();
    expect(buf.canRedo).toBe(true);
    buf.apply(edit(1, [1]), none);
    expect(buf.canRedo).toBe(false);
    expect(buf.redo().changed).toBe(0);
  });

  it('undo and redo return every labelmap bit-identically over 150 random steps', () => {
    const rand = prng(12);
    const g = drawGrid(['........\n'.repeat(8), '........\n'.repeat(8), '........\n'.repeat(8)]);
    const n = g.labels.length;
    const buf = new EditBuffer(g);
    const history: Uint8Array[] = [g.labels.slice()];
    let at = 0;
    for (let step = 0; step < 150; step++) {
      const action = rand();
      if (action < 0.2 && buf.canUndo) {
        buf.undo();
        at--;
        expect(g.labels).toEqual(history[at]);
      } else if (action < 0.3 && buf.canRedo) {
        buf.redo();
        at++;
        expect(g.labels).toEqual(history[at]);
      } else {
        const label = 1 + Math.floor(rand() * 4);
        const locked = new Set(rand() < 0.3 ? [1 + Math.floor(rand() * 4)] : []);
        const stroke = rand() < 0.4;
        if (stroke) buf.beginStroke('brush');
        const parts = stroke ? 1 + Math.floor(rand() * 4) : 1;
        let changed = 0;
        for (let p = 0; p < parts; p++) {
          changed += buf.apply(edit(label, randomIndices(rand, n, 20), randomIndices(rand, n, 10)), { locked, tool: 'brush' }).changed;
        }
        if (stroke) buf.endStroke();
        if (changed > 0) {
          history.length = at + 1;
          history.push(g.labels.slice());
          at++;
        }
      }
    }
    while (buf.canUndo) {
      buf.undo();
      at--;
      expect(g.labels).toEqual(history[at]);
    }
    expect(at).toBe(0);
  });

  it('keeps at most maxSteps steps, dropping the oldest', () => {
    const g = drawGrid(['.'.repeat(20)]);
    const buf = new EditBuffer(g, { maxSteps: 5 });
    for (let i = 0; i < 20; i++) buf.apply(edit(1, [i]), none);
    expect(buf.undoDepth).toBe(5);
    while (buf.canUndo) buf.undo();
    expect([...g.labels].filter((v) => v === 1)).toHaveLength(15);
  });

  it('keeps at least 100 steps by default', () => {
    const g = drawGrid(['.'.repeat(150)]);
    const buf = new EditBuffer(g);
    for (let i = 0; i < 150; i++) buf.apply(edit(1, [i]), none);
    expect(buf.undoDepth).toBeGreaterThanOrEqual(100);
  });

  it('drops the oldest steps beyond the byte budget but always keeps the newest', () => {
    const g = drawGrid(['.'.repeat(4000)]);
    const buf = new EditBuffer(g, { maxBytes: 3000 });
    for (let s = 0; s < 4; s++) buf.apply(edit(1, Array.from({ length: 400 }, (_, k) => s * 400 + k)), none);
    expect(buf.undoDepth).toBe(1);
    buf.apply(edit(2, Array.from({ length: 2000 }, (_, k) => k)), none);
    expect(buf.undoDepth).toBe(1);
    buf.undo();
    expect(g.labels[0]).toBe(1);
  });

  it('holds 200 strokes of ~1,000 voxels in well under 20 MB and far below copies of the mask', () => {
    const dims = [128, 128, 64] as const;
    const labels = new Uint8Array(dims[0] * dims[1] * dims[2]);
    const buf = new EditBuffer({ dims, labels });
    const rand = prng(7);
    for (let s = 0; s < 200; s++) {
      const x0 = Math.floor(rand() * 100);
      const y0 = Math.floor(rand() * 100);
      const z = Math.floor(rand() * 64);
      buf.beginStroke('brush');
      for (let k = 0; k < 25; k++) {
        const add: number[] = [];
        for (let dy = 0; dy < 8; dy++) for (let dx = 0; dx < 5; dx++) add.push(x0 + dx + k + dims[0] * (y0 + dy + dims[1] * z));
        buf.apply(edit(1 + (s % 3), add.sort((a, b) => a - b)), none);
      }
      buf.endStroke();
    }
    expect(buf.undoDepth).toBe(200);
    expect(buf.bytesUsed()).toBeLessThan(20 * 1024 * 1024);
    expect(buf.bytesUsed()).toBeLessThan(200 * labels.length * 0.05);
  });
});

describe('edit buffer: change against the parent', () => {
  it('is exactly the voxels that now differ, with their labels, over random edits and undos', () => {
    const rand = prng(99);
    const g = drawGrid(['.'.repeat(300) + '\n' + '.'.repeat(300), '1'.repeat(300) + '\n' + '.'.repeat(300)]);
    const parent = g.labels.slice();
    const buf = new EditBuffer(g);
    for (let s = 0; s < 60; s++) {
      if (rand() < 0.25) buf.undo();
      else buf.apply(edit(1 + Math.floor(rand() * 2), randomIndices(rand, g.labels.length, 30), randomIndices(rand, g.labels.length, 30)), none);
      const change = buf.changeAgainstParent();
      const want = bruteChange(parent, g.labels);
      expect([...change.runs]).toEqual(want.runs);
      expect([...change.values]).toEqual(want.values);
      expect(buf.changedVoxels).toBe(want.values.length);
      expect(buf.dirty).toBe(want.values.length > 0);
      const before = buf.parentValuesOf(change);
      let o = 0;
      for (let k = 0; k < want.runs.length; k += 2) for (let i = want.runs[k]!; i < want.runs[k]! + want.runs[k + 1]!; i++) expect(before[o++]).toBe(parent[i]);
    }
  });

  it('leaves out a voxel painted then erased back, and is clean again after undoing everything', () => {
    const g = drawGrid(['....']);
    const buf = new EditBuffer(g);
    buf.apply(edit(1, [1, 2]), none);
    buf.apply(edit(1, [], [1]), none);
    expect([...buf.changeAgainstParent().runs]).toEqual([2, 1]);
    buf.undo();
    buf.undo();
    expect(buf.changeAgainstParent().runs).toHaveLength(0);
    expect(buf.dirty).toBe(false);
  });

  it('rebases on the saved labelmap: the change is empty, and an undo past the save shows again', () => {
    const g = drawGrid(['....']);
    const buf = new EditBuffer(g);
    buf.apply(edit(1, [0]), none);
    buf.rebase();
    expect(buf.dirty).toBe(false);
    buf.undo();
    const c = buf.changeAgainstParent();
    expect([...c.runs]).toEqual([0, 1]);
    expect([...c.values]).toEqual([0]);
  });

  it('replays a journal change as one undo step, checking the runs', () => {
    const g = drawGrid(['......']);
    const buf = new EditBuffer(g);
    const r = buf.applyRuns({ runs: u32([1, 2, 4, 1]), values: Uint8Array.from([1, 2, 1]) }, 'journal');
    expect([...g.labels]).toEqual([0, 1, 2, 0, 1, 0]);
    expect(r.changed).toBe(3);
    expect([...buf.toolsUsed()]).toEqual(['journal']);
    buf.undo();
    expect([...g.labels]).toEqual([0, 0, 0, 0, 0, 0]);
    expect(() => buf.applyRuns({ runs: u32([1, 2]), values: Uint8Array.from([1]) }, 'journal')).toThrow(/cover 2 voxels/);
    expect(() => buf.applyRuns({ runs: u32([3, 1, 1, 1]), values: Uint8Array.from([1, 1]) }, 'journal')).toThrow(/out of order/);
  });

  it('lists the tools whose steps are in effect', () => {
    const g = drawGrid(['....']);
    const buf = new EditBuffer(g);
    buf.apply(edit(1, [0]), { locked: new Set(), tool: 'brush' });
    buf.apply(edit(1, [1]), { locked: new Set(), tool: 'scissors' });
    expect([...buf.toolsUsed()].sort()).toEqual(['brush', 'scissors']);
    buf.undo();
    expect([...buf.toolsUsed()]).toEqual(['brush']);
  });
});
