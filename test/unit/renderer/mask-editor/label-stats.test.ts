import { describe, expect, it } from 'vitest';
import { EditBuffer } from '../../../../renderer/features/mask-editor/model/edit-buffer';
import { LabelCounts, axialDiameters, convexHull, growBox, labelBoxes } from '../../../../renderer/features/mask-editor/model/label-stats';
import { prng } from '../../../fuzz/prng';
import { drawGrid } from './grid';

describe('label counts', () => {
  it('counts once and then follows the edit buffer exactly over applies, undos and redos', () => {
    const g = drawGrid(['11..\n.22.\n....', '....\n.33.\n1...']);
    const counts = LabelCounts.fromLabels(g.labels);
    expect([counts.count(1), counts.count(2), counts.count(3)]).toEqual([3, 2, 2]);
    const buf = new EditBuffer(g);
    const rand = prng(3);
    for (let s = 0; s < 80; s++) {
      const r = rand();
      let deltas;
      if (r < 0.2) deltas = buf.undo().labelDeltas;
      else if (r < 0.3) deltas = buf.redo().labelDeltas;
      else {
        const pick = () => Uint32Array.from(new Set(Array.from({ length: 5 }, () => Math.floor(rand() * 24)))).sort();
        deltas = buf.apply({ label: 1 + Math.floor(rand() * 3), add: pick(), remove: pick() }, { locked: new Set(rand() < 0.3 ? [2] : []), tool: 'brush' }).labelDeltas;
      }
      counts.applyDeltas(deltas);
      const truth = LabelCounts.fromLabels(g.labels);
      for (let l = 0; l < 4; l++) expect(counts.count(l)).toBe(truth.count(l));
    }
  });

  it('gives volumes in mm³ from the spacing and lists present labels', () => {
    const counts = LabelCounts.fromLabels(Uint8Array.from([0, 1, 1, 5]));
    expect(counts.volumeMm3(1, [0.5, 0.5, 2])).toBeCloseTo(1);
    expect(counts.present()).toEqual([1, 5]);
  });
});

describe('label boxes', () => {
  it('finds every label box in one pass and grows a box by an edit', () => {
    const g = drawGrid(['1...\n..2.', '....\n.1..']);
    const boxes = labelBoxes(g);
    expect(boxes.get(1)).toEqual({ lo: [0, 0, 0], hi: [1, 1, 1] });
    expect(boxes.get(2)).toEqual({ lo: [2, 1, 0], hi: [2, 1, 0] });
    expect(growBox(boxes.get(2)!, g.dims, Uint32Array.from([3 + 4 * (0 + 2 * 1)]))).toEqual({ lo: [2, 0, 0], hi: [3, 1, 1] });
    expect(growBox(null, g.dims, new Uint32Array(0))).toBeNull();
  });
});

/** A label grid with label 1 painted where `inside(x, y, z)` holds. */
function painted(dims: [number, number, number], spacing: [number, number, number], inside: (x: number, y: number, z: number) => boolean) {
  const labels = new Uint8Array(dims[0] * dims[1] * dims[2]);
  for (let z = 0; z < dims[2]; z++) for (let y = 0; y < dims[1]; y++) for (let x = 0; x < dims[0]; x++) if (inside(x, y, z)) labels[x + dims[0] * (y + dims[1] * z)] = 1;
  return { dims, spacing, labels };
}

describe('axial diameters (RECIST long axis and its perpendicular)', () => {
  it('measures a W×H rectangle of pixels: the diagonal, and H·D/W across it', () => {
    const g = painted([20, 20, 3], [0.7, 0.7, 2.5], (x, y, z) => z === 1 && x >= 3 && x < 13 && y >= 5 && y < 9);
    const d = axialDiameters(g, 1)!;
    const W = 10 * 0.7;
    const H = 4 * 0.7;
    const D = Math.hypot(W, H);
    expect(d.z).toBe(1);
    expect(d.long.mm).toBeCloseTo(D, 9);
    expect(d.short.mm).toBeCloseTo((H * D) / W, 9);
    // The long caliper runs corner to corner, in voxel coordinates.
    const ends = [d.long.from, d.long.to].map((p) => p.map((c) => Math.round(c * 2) / 2).join(',')).sort();
    expect([['12.5,4.5', '2.5,8.5'], ['12.5,8.5', '2.5,4.5']]).toContainEqual(ends);
  });

  it('measures one pixel across its diagonal', () => {
    const g = painted([5, 5, 1], [0.7, 0.7, 1], (x, y) => x === 2 && y === 2);
    const d = axialDiameters(g, 1)!;
    expect(d.long.mm).toBeCloseTo(0.7 * Math.SQRT2, 9);
    expect(d.short.mm).toBeCloseTo(0.7 * Math.SQRT2, 9);
  });

  it('finds a rotated ellipse’s axes within a pixel, with the long axis along the major axis', () => {
    const a = 10;
    const b = 5;
    const th = Math.PI / 6;
    const s = 0.5;
    const g = painted([60, 60, 2], [s, s, 1], (x, y, z) => {
      if (z !== 0) return false;
      const u = (x - 30) * s;
      const v = (y - 30) * s;
      const p = u * Math.cos(th) + v * Math.sin(th);
      const q = -u * Math.sin(th) + v * Math.cos(th);
      return (p / a) ** 2 + (q / b) ** 2 <= 1;
    });
    const d = axialDiameters(g, 1)!;
    const pixelDiagonal = s * Math.SQRT2;
    expect(d.long.mm).toBeGreaterThanOrEqual(2 * a - 1e-9);
    expect(d.long.mm).toBeLessThanOrEqual(2 * a + pixelDiagonal);
    expect(d.short.mm).toBeGreaterThanOrEqual(2 * b - pixelDiagonal);
    expect(d.short.mm).toBeLessThanOrEqual(2 * b + pixelDiagonal);
    const angle = Math.atan2(d.long.to[1] - d.long.from[1], d.long.to[0] - d.long.from[0]);
    const off = Math.abs(((angle - th + Math.PI / 2) % Math.PI + Math.PI) % Math.PI - Math.PI / 2);
    expect(off).toBeLessThan(0.1);
    // The short caliper is perpendicular to the long one.
    const lx = d.long.to[0] - d.long.from[0];
    const ly = d.long.to[1] - d.long.from[1];
    const sx = d.short.to[0] - d.short.from[0];
    const sy = d.short.to[1] - d.short.from[1];
    expect(Math.abs(lx * sx + ly * sy) / (Math.hypot(lx, ly) * Math.hypot(sx, sy))).toBeLessThan(1e-9);
  });

  it('takes the slice where the label is longest and stays inside the given box', () => {
    const g = painted([30, 30, 4], [1, 1, 1], (x, y, z) => (z === 1 && x >= 2 && x < 6 && y === 3) || (z === 2 && x >= 10 && x < 20 && y === 10));
    expect(axialDiameters(g, 1)!.z).toBe(2);
    expect(axialDiameters(g, 1, { lo: [0, 0, 0], hi: [8, 8, 3] })!.z).toBe(1);
    expect(axialDiameters(g, 2)).toBeNull();
  });

  it('computes the convex hull without collinear points', () => {
    expect(convexHull([0, 0, 1, 0, 2, 0, 2, 2, 0, 2, 1, 1])).toEqual([[0, 0], [2, 0], [2, 2], [0, 2]]);
  });
});
