import { describe, expect, it } from 'vitest';
import { floodEdit, floodFill } from '../../../../renderer/features/mask-editor/model/flood-fill';
import { showIndices } from './grid';

/** An HU grid from ASCII art: '#' 40 HU (tissue), 'o' −20, 'x' 400 (bone), '.' −850 (lung). */
function huGrid(slices: string[]): { dims: [number, number, number]; hu: Int16Array } {
  const rows = slices.map((s) => s.split('\n').map((r) => r.trim()).filter(Boolean));
  const nx = rows[0]![0]!.length;
  const ny = rows[0]!.length;
  const nz = rows.length;
  const hu = new Int16Array(nx * ny * nz);
  const of: Record<string, number> = { '#': 40, '.': -850, o: -20, x: 400 };
  rows.forEach((slice, z) => slice.forEach((row, y) => [...row].forEach((c, x) => (hu[x + nx * (y + ny * z)] = of[c]!))));
  return { dims: [nx, ny, nz], hu };
}

const g2 = huGrid([
  ['.....', '.##..', '.#.#.', '..##.', '#....'].join('\n'),
  ['.....', '.....', '..#..', '.....', '.....'].join('\n'),
]);

describe('flood fill', () => {
  it('fills 4-connected pixels on the slice in 2D: a diagonal contact does not leak', () => {
    const r = floodFill(g2, { seed: [1, 1, 0], mode: '2d', axis: 'axial', tolerance: 10 });
    expect(showIndices(g2.dims, r.indices, 0)).toBe(['.....', '.##..', '.#...', '.....', '.....'].join('\n'));
    expect(r.truncated).toBe(false);
  });

  it('reaches through 6-connected neighbours in 3D', () => {
    // (2, 2, 1) joins nothing on slice 0 face-wise except (2, 2, 0), which is lung: a separate 3D island.
    const r3 = floodFill(g2, { seed: [2, 2, 1], mode: '3d', axis: 'axial', tolerance: 10 });
    expect([...r3.indices]).toEqual([2 + 5 * (2 + 5 * 1)]);
    const lung = floodFill(g2, { seed: [0, 0, 0], mode: '3d', axis: 'axial', tolerance: 10 });
    const lung2d = floodFill(g2, { seed: [0, 0, 0], mode: '2d', axis: 'axial', tolerance: 10 });
    // On slice 0 the lung hole at (2, 2) is closed off face-wise; in 3D the lung outside the ring joins all of slice 1's lung.
    expect(lung2d.indices.length).toBe(25 - 7 - 1);
    expect(lung.indices.length).toBe(lung2d.indices.length + 24);
  });

  it('takes voxels within ± tolerance of the seed HU, or within an explicit range', () => {
    const g = huGrid(['#ox.']);
    expect([...floodFill(g, { seed: [0, 0, 0], mode: '2d', axis: 'axial', tolerance: 59 }).indices]).toEqual([0]);
    expect([...floodFill(g, { seed: [0, 0, 0], mode: '2d', axis: 'axial', tolerance: 60 }).indices]).toEqual([0, 1]);
    expect([...floodFill(g, { seed: [0, 0, 0], mode: '2d', axis: 'axial', range: { lo: -100, hi: 500 } }).indices]).toEqual([0, 1, 2]);
    expect(floodFill(g, { seed: [3, 0, 0], mode: '2d', axis: 'axial', range: { lo: -100, hi: 500 } }).indices).toHaveLength(0);
  });

  it('stays on the slice of the view it was clicked on (coronal: y fixed)', () => {
    const g = huGrid(['##\n##', '##\n##']);
    const r = floodFill(g, { seed: [0, 0, 0], mode: '2d', axis: 'coronal', tolerance: 0 });
    expect([...r.indices]).toEqual([0, 1, 4, 5]);
  });

  it('stops at maxVoxels with a truncated flag, keeping the part nearest the seed', () => {
    const g = { dims: [200, 200, 50] as [number, number, number], hu: new Int16Array(200 * 200 * 50) };
    const r = floodFill(g, { seed: [100, 100, 25], mode: '3d', axis: 'axial', tolerance: 0, maxVoxels: 1000 });
    expect(r.truncated).toBe(true);
    expect(r.indices).toHaveLength(1000);
    for (const i of r.indices) {
      const x = i % 200;
      const y = Math.floor(i / 200) % 200;
      const z = Math.floor(i / 40000);
      expect(Math.abs(x - 100) + Math.abs(y - 100) + Math.abs(z - 25)).toBeLessThanOrEqual(9); // 1,000 voxels fill the 6-connected ball of 8 hops (833) and part of the 9th
    }
    for (let k = 1; k < r.indices.length; k++) expect(r.indices[k]!).toBeGreaterThan(r.indices[k - 1]!);
  });

  it('refuses a seed outside the grid', () => {
    expect(() => floodFill(g2, { seed: [5, 0, 0], mode: '2d', axis: 'axial' })).toThrow(/outside the 5×5×2 grid/);
  });

  it('makes a fill or an erase edit of the label', () => {
    const r = floodFill(g2, { seed: [1, 1, 0], mode: '2d', axis: 'axial' });
    expect(floodEdit(3, r, 'fill').add).toBe(r.indices);
    expect(floodEdit(3, r, 'erase').remove).toBe(r.indices);
  });
});
