import { describe, expect, it } from 'vitest';
import { rasterizeShape, scissorsEdit, type ScissorsShape } from '../../../../renderer/features/mask-editor/model/scissors';
import { EditBuffer } from '../../../../renderer/features/mask-editor/model/edit-buffer';
import { drawGrid, showGrid } from './grid';

function showMask(shape: ScissorsShape, w: number, h: number, px: [number, number] = [1, 1]): string {
  const m = rasterizeShape(shape, w, h, px);
  const rows: string[] = [];
  for (let v = 0; v < h; v++) {
    let row = '';
    for (let u = 0; u < w; u++) {
      const a = u - m.u0;
      const b = v - m.v0;
      row += a >= 0 && b >= 0 && a < m.w && b < m.h && m.mask[a + m.w * b] ? '#' : '.';
    }
    rows.push(row);
  }
  return rows.join('\n');
}

const empty5 = (nz: number) => drawGrid(Array.from({ length: nz }, () => '.....\n.....\n.....\n.....'));

describe('scissors shapes (pixel centre rule)', () => {
  it('rasterises a triangle by its pixel centres', () => {
    expect(showMask({ kind: 'polygon', points: [[0.5, 0.5], [6.5, 0.5], [0.5, 6.5]] }, 8, 8)).toBe(
      // Column 0's centres lie left of the edge at u = 0.5; the hypotenuse u = 7 − v is a right edge.
      ['........', '.#####..', '.####...', '.###....', '.##.....', '.#......', '........', '........'].join('\n'),
    );
  });

  it('takes a centre on a left or top edge and leaves one on a right or bottom edge out', () => {
    // The square [1, 3]×[1, 3] has centres on all four edges.
    expect(showMask({ kind: 'polygon', points: [[1, 1], [3, 1], [3, 3], [1, 3]] }, 5, 5)).toBe(['.....', '.##..', '.##..', '.....', '.....'].join('\n'));
  });

  it('splits pixels between polygons sharing an edge: none twice, none lost', () => {
    const a = rasterizeShape({ kind: 'polygon', points: [[0, 0], [2.5, 0], [4.2, 6], [0, 6]] }, 8, 8, [1, 1]);
    const b = rasterizeShape({ kind: 'polygon', points: [[2.5, 0], [7, 0], [7, 6], [4.2, 6]] }, 8, 8, [1, 1]);
    const whole = rasterizeShape({ kind: 'polygon', points: [[0, 0], [7, 0], [7, 6], [0, 6]] }, 8, 8, [1, 1]);
    const cover = new Uint8Array(64);
    for (const m of [a, b]) for (let v = 0; v < m.h; v++) for (let u = 0; u < m.w; u++) cover[u + m.u0 + 8 * (v + m.v0)]! += m.mask[u + m.w * v]!;
    for (let v = 0; v < 8; v++) for (let u = 0; u < 8; u++) {
      const inWhole = u - whole.u0 < whole.w && v - whole.v0 < whole.h && whole.mask[u - whole.u0 + whole.w * (v - whole.v0)] === 1;
      expect(cover[u + 8 * v]).toBe(inWhole ? 1 : 0);
    }
  });

  it('leaves the doubly wound part of a self-crossing loop out (even-odd)', () => {
    // A pentagram: its centre pentagon is crossed twice.
    const star: [number, number][] = [];
    for (let k = 0; k < 5; k++) {
      const t = -Math.PI / 2 + (k * 4 * Math.PI) / 5;
      star.push([10 + 9.5 * Math.cos(t), 10 + 9.5 * Math.sin(t)]);
    }
    const m = rasterizeShape({ kind: 'polygon', points: star }, 21, 21, [1, 1]);
    expect(m.mask[10 - m.u0 + m.w * (10 - m.v0)]).toBe(0);
    expect(m.mask[10 - m.u0 + m.w * (3 - m.v0)]).toBe(1);
  });

  it('covers the centres within a rectangle given by any two opposite corners, boundary included', () => {
    expect(showMask({ kind: 'rectangle', from: [3, 2.5], to: [1, 1] }, 5, 4)).toBe(['.....', '.###.', '.###.', '.....'].join('\n'));
  });

  it('makes a circle in mm an ellipse on non-square pixels', () => {
    expect(showMask({ kind: 'circle', center: [4, 2], radiusMm: 2.5 }, 9, 5, [0.7, 2.5])).toBe(
      // 0.7 mm wide, 2.5 mm tall pixels: the next rows up and down are exactly 2.5 mm away (boundary: in).
      ['.........', '....#....', '.#######.', '....#....', '.........'].join('\n'),
    );
    expect(showMask({ kind: 'circle', center: [2, 2], radiusMm: 2 }, 5, 5)).toBe(['..#..', '.###.', '#####', '.###.', '..#..'].join('\n'));
  });

  it('ignores a polygon of fewer than three points', () => {
    expect(rasterizeShape({ kind: 'polygon', points: [[0, 0], [3, 3]] }, 5, 5, [1, 1]).mask).toHaveLength(0);
  });
});

describe('scissors edits through the volume', () => {
  const rect: ScissorsShape = { kind: 'rectangle', from: [1, 1], to: [2, 2] };

  it('fills inside on this slice only', () => {
    const g = empty5(4);
    new EditBuffer(g).apply(scissorsEdit(g, 1, rect, { axis: 'axial', slice: 1, reach: { kind: 'slice' }, action: 'fill' }), { locked: new Set(), tool: 'scissors' });
    expect(showGrid(g.dims, g.labels)).toEqual(['.....\n.....\n.....\n.....', '.....\n.11..\n.11..\n.....', '.....\n.....\n.....\n.....', '.....\n.....\n.....\n.....']);
  });

  it('fills a slab of ±N slices, clipped to the volume', () => {
    const g = empty5(4);
    const e = scissorsEdit(g, 2, rect, { axis: 'axial', slice: 0, reach: { kind: 'slab', halfSlices: 1 }, action: 'fill' });
    new EditBuffer(g).apply(e, { locked: new Set(), tool: 'scissors' });
    expect(showGrid(g.dims, g.labels).map((s) => s.includes('2'))).toEqual([true, true, false, false]);
  });

  it('erases inside through all slices, only where the label is', () => {
    const g = drawGrid(['11111\n11111\n11111', '22211\n11111\n11111', '11111\n11111\n11111']);
    const e = scissorsEdit(g, 1, { kind: 'rectangle', from: [0, 0], to: [2, 1] }, { axis: 'axial', slice: 1, reach: { kind: 'all' }, action: 'erase' });
    expect(e.remove).toHaveLength(6 + 3 + 6);
    new EditBuffer(g).apply(e, { locked: new Set(), tool: 'scissors' });
    expect(showGrid(g.dims, g.labels)).toEqual(['...11\n...11\n11111', '22211\n...11\n11111', '...11\n...11\n11111']);
  });

  it('cuts along the normal of a sagittal view (x) on its (y, z) plane', () => {
    const g = drawGrid(['###\n###', '###\n###', '###\n###']);
    // Sagittal: u = y, v = z; erase y = 1, z = 0..1 on slices x = 1 ± 1.
    const e = scissorsEdit(g, 1, { kind: 'rectangle', from: [1, 0], to: [1, 1] }, { axis: 'sagittal', slice: 1, reach: { kind: 'slab', halfSlices: 1 }, action: 'erase' });
    new EditBuffer(g).apply(e, { locked: new Set(), tool: 'scissors' });
    expect(showGrid(g.dims, g.labels)).toEqual(['111\n...', '111\n...', '111\n111']);
  });

  it('erases outside the shape on the slice, keeping the inside', () => {
    const g = drawGrid(['#####\n#####\n#####\n#####']);
    const e = scissorsEdit(g, 1, rect, { axis: 'axial', slice: 0, reach: { kind: 'slice' }, action: 'erase', region: 'outside' });
    new EditBuffer(g).apply(e, { locked: new Set(), tool: 'scissors' });
    expect(showGrid(g.dims, g.labels)).toEqual(['.....\n.11..\n.11..\n.....']);
  });

  it('lists voxels in ascending order on a coronal cut through all slices', () => {
    const g = empty5(4);
    const e = scissorsEdit(g, 1, { kind: 'circle', center: [2, 1.5], radiusMm: 1.6 }, { axis: 'coronal', slice: 2, reach: { kind: 'all' }, action: 'fill' });
    expect(e.add.length).toBeGreaterThan(0);
    for (let k = 1; k < e.add.length; k++) expect(e.add[k]!).toBeGreaterThan(e.add[k - 1]!);
  });
});
