import { describe, expect, it } from 'vitest';
import {
  THRESHOLD_PRESETS,
  brushEdit,
  brushFootprint,
  huRangeUnder,
  keepInHuRange,
  type VoxelPoint,
} from '../../../../renderer/features/mask-editor/model/brush';
import { EditBuffer } from '../../../../renderer/features/mask-editor/model/edit-buffer';
import { drawGrid, showGrid, showIndices } from './grid';

const grid = (dims: [number, number, number], spacing: [number, number, number]) => ({ dims, spacing, labels: new Uint8Array(dims[0] * dims[1] * dims[2]) });

/** Draws slice `fixed` of the footprint in the view's (u, v) plane. */
function showPlane(dims: [number, number, number], idx: Uint32Array, u: 0 | 1 | 2, v: 0 | 1 | 2, n: 0 | 1 | 2, fixed: number): string {
  const set = new Set(idx);
  const rows: string[] = [];
  for (let b = 0; b < dims[v]; b++) {
    let row = '';
    for (let a = 0; a < dims[u]; a++) {
      const p = [0, 0, 0];
      p[u] = a;
      p[v] = b;
      p[n] = fixed;
      row += set.has(p[0]! + dims[0] * (p[1]! + dims[1] * p[2]!)) ? '#' : '.';
    }
    rows.push(row);
  }
  return rows.join('\n');
}

describe('brush footprint', () => {
  it('is a disc of voxel centres within the radius on isotropic pixels (2 mm on 1 mm: 13 voxels)', () => {
    const g = grid([7, 7, 3], [1, 1, 1]);
    const idx = brushFootprint(g, [[3, 3, 1]], { radiusMm: 2, mode: 'circle', axis: 'axial' });
    expect(showIndices(g.dims, idx, 1)).toBe(['.......', '...#...', '..###..', '.#####.', '..###..', '...#...', '.......'].join('\n'));
    expect(idx).toHaveLength(13);
  });

  it('is an ellipse in voxel units on anisotropic spacing (3 mm on a coronal view of 0.7 mm pixels, 2.5 mm slices)', () => {
    const g = grid([11, 3, 5], [0.7, 0.7, 2.5]);
    const idx = brushFootprint(g, [[5, 1, 2]], { radiusMm: 3, mode: 'circle', axis: 'coronal' });
    // (0.7·dx)² + (2.5·dz)² ≤ 9: |dx| ≤ 4 on the row, |dx| ≤ 2 one slice up or down, nothing beyond.
    expect(showPlane(g.dims, idx, 0, 2, 1, 1)).toBe(['...........', '...#####...', '.#########.', '...#####...', '...........'].join('\n'));
    expect(idx).toHaveLength(19);
  });

  it('stays on the view slice in circle mode and is an ellipsoid in sphere mode', () => {
    const g = grid([7, 7, 5], [1, 1, 2]);
    const circle = brushFootprint(g, [[3, 3, 2.4]], { radiusMm: 2, mode: 'circle', axis: 'axial' });
    expect(circle).toHaveLength(13);
    const ball = brushFootprint(g, [[3, 3, 2]], { radiusMm: 2, mode: 'sphere', axis: 'axial' });
    // z ± 1 is 2 mm away: only the centre column reaches it.
    expect(ball).toHaveLength(13 + 2);
    expect([...ball]).toContain(3 + 7 * (3 + 7 * 1));
    expect([...ball]).toContain(3 + 7 * (3 + 7 * 3));
  });

  it('clips at the grid edge', () => {
    const g = grid([4, 4, 1], [1, 1, 1]);
    const idx = brushFootprint(g, [[0, 0, 0]], { radiusMm: 1, mode: 'circle', axis: 'axial' });
    expect(showIndices(g.dims, idx)).toBe(['##..', '#...', '....', '....'].join('\n'));
  });

  it('is ascending with no duplicates when stamps overlap', () => {
    const g = grid([20, 20, 1], [1, 1, 1]);
    const idx = brushFootprint(g, [[5, 5, 0], [6, 5, 0], [6, 6, 0], [5, 5, 0]], { radiusMm: 3, mode: 'circle', axis: 'axial' });
    for (let k = 1; k < idx.length; k++) expect(idx[k]!).toBeGreaterThan(idx[k - 1]!);
  });

  it('leaves no gap on a fast drag between two far-apart samples', () => {
    const g = grid([80, 60, 1], [0.7, 0.7, 2.5]);
    const from: VoxelPoint = [2.3, 4.6, 0];
    const to: VoxelPoint = [75.2, 51.9, 0];
    const shape = { radiusMm: 1, mode: 'circle', axis: 'axial' } as const;
    const swept = new Set(brushFootprint(g, [from, to], shape));
    // Every stamp along the segment at 1/100-voxel steps is inside the swept footprint ...
    for (let s = 0; s <= 10000; s++) {
      const t = s / 10000;
      const p: VoxelPoint = [from[0] + t * (to[0] - from[0]), from[1] + t * (to[1] - from[1]), 0];
      for (const i of brushFootprint(g, [p], shape)) expect(swept.has(i)).toBe(true);
    }
    // ... and the swept footprint is one 4-connected piece.
    const start = [...swept][0]!;
    const seen = new Set([start]);
    const queue = [start];
    while (queue.length) {
      const i = queue.pop()!;
      const x = i % 80;
      for (const j of [x > 0 ? i - 1 : -1, x < 79 ? i + 1 : -1, i - 80, i + 80]) {
        if (j >= 0 && swept.has(j) && !seen.has(j)) {
          seen.add(j);
          queue.push(j);
        }
      }
    }
    expect(seen.size).toBe(swept.size);
  });

  it('sweeps a sphere brush between samples in 3D', () => {
    const g = grid([30, 30, 10], [1, 1, 1]);
    const idx = new Set(brushFootprint(g, [[3, 3, 5], [25, 3, 5]], { radiusMm: 1.5, mode: 'sphere', axis: 'axial' }));
    for (let x = 3; x <= 25; x++) {
      expect(idx.has(x + 30 * (3 + 30 * 4))).toBe(true);
      expect(idx.has(x + 30 * (3 + 30 * 6))).toBe(true);
      expect(idx.has(x + 30 * (3 + 30 * 7))).toBe(false);
    }
  });
});

describe('brush and eraser edits', () => {
  it('erases only the active label, leaving other labels under the eraser', () => {
    const g = drawGrid(['.....\n.112.\n.122.\n.....']);
    const buf = new EditBuffer(g);
    const e = brushEdit(g, 1, [[2, 1.5, 0]], { radiusMm: 1.2, mode: 'circle', axis: 'axial' }, 'erase');
    expect(e.add).toHaveLength(0);
    buf.apply(e, { locked: new Set(), tool: 'eraser' });
    expect(showGrid(g.dims, g.labels)).toEqual(['.....\n...2.\n..22.\n.....']);
  });

  it('paints over an unlocked label but not over a locked one', () => {
    const g = drawGrid(['.....\n.222.\n.....']);
    const e = brushEdit(g, 1, [[2, 1, 0]], { radiusMm: 1, mode: 'circle', axis: 'axial' }, 'paint');
    const a = drawGrid(['.....\n.222.\n.....']);
    new EditBuffer(a).apply(e, { locked: new Set(), tool: 'brush' });
    expect(showGrid(a.dims, a.labels)).toEqual(['..1..\n.111.\n..1..']);
    new EditBuffer(g).apply(e, { locked: new Set([2]), tool: 'brush' });
    expect(showGrid(g.dims, g.labels)).toEqual(['..1..\n.222.\n..1..']);
  });
});

describe('threshold brush', () => {
  const dims: [number, number, number] = [5, 3, 1];
  // A lung row, a nodule row with a calcified voxel, a soft-tissue row.
  const hu = { dims, hu: Int16Array.from([-900, -850, -700, -450, -2000, -300, 40, 500, 60, -450, -50, 0, 30, 20, 10]) };

  it('paints only voxels whose HU is in range', () => {
    const g = grid(dims, [1, 1, 1]);
    const e = brushEdit(g, 2, [[2, 1, 0]], { radiusMm: 5, mode: 'circle', axis: 'axial' }, 'paint', { hu, range: THRESHOLD_PRESETS.nodule });
    expect([...e.add]).toEqual([3, 5, 6, 8, 9, 10, 11, 12, 13, 14]);
    const lung = keepInHuRange(hu, Uint32Array.from([0, 1, 2, 3, 4, 5]), THRESHOLD_PRESETS.lung);
    expect([...lung]).toEqual([0, 1, 2, 3]);
  });

  it('reports the HU range under the footprint', () => {
    expect(huRangeUnder(hu, Uint32Array.from([5, 6, 7]))).toEqual({ lo: -300, hi: 500 });
    expect(huRangeUnder(hu, new Uint32Array(0))).toBeNull();
  });

  it('has presets whose ranges are ordered and keep padding out', () => {
    for (const p of Object.values(THRESHOLD_PRESETS)) {
      expect(p.lo).toBeLessThan(p.hi);
      expect(p.lo).toBeGreaterThan(-2000);
    }
  });
});
