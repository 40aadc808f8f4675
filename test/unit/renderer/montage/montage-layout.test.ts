import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MONTAGE_OPTIONS,
  gridShape,
  montageLayout,
  sliceAspect,
  tileSize,
} from '../../../../renderer/features/montage/model/montage-layout';

describe('montage grid shape', () => {
  it('lays 20 square tiles 5 × 4 for a 4:3 grid', () => {
    expect(gridShape(20, 1, 4 / 3)).toEqual({ cols: 5, rows: 4 });
  });

  it('lays 16 square tiles 4 × 4 for a square grid, as the seed plot_ct_scan uses 4 columns', () => {
    expect(gridShape(16, 1, 1)).toEqual({ cols: 4, rows: 4 });
  });

  it('puts fewer columns side by side when tiles are wide', () => {
    const square = gridShape(20, 1, 4 / 3);
    const wide = gridShape(20, 2, 4 / 3);
    expect(wide.cols).toBeLessThan(square.cols);
    expect(wide.cols * wide.rows).toBeGreaterThanOrEqual(20);
  });

  it('has room for every tile and never leaves a whole column or row empty', () => {
    for (let n = 1; n <= 60; n++) {
      for (const a of [0.5, 0.8, 1, 1.3, 2]) {
        const { cols, rows } = gridShape(n, a);
        expect(cols * rows, `n=${n} a=${a}`).toBeGreaterThanOrEqual(n);
        expect((rows - 1) * cols, `n=${n} a=${a}`).toBeLessThan(n);
        expect(rows * (cols - 1), `n=${n} a=${a}`).toBeLessThan(n);
      }
    }
  });

  it('uses one cell for one tile and none for none', () => {
    expect(gridShape(1, 1)).toEqual({ cols: 1, rows: 1 });
    expect(gridShape(0, 1)).toEqual({ cols: 0, rows: 0 });
  });
});

describe('montage tile size keeps the slice aspect in mm', () => {
  it('is square for square pixels on a square grid', () => {
    expect(sliceAspect([512, 512, 100], [0.7, 0.7, 2.5])).toBe(1);
    expect(tileSize(1, 256)).toEqual({ width: 256, height: 256 });
  });

  it('follows x/y spacing when pixels are not square', () => {
    // 512 × 0.6 mm wide, 512 × 0.9 mm tall: taller than wide by 1.5.
    const a = sliceAspect([512, 512, 10], [0.6, 0.9, 1]);
    expect(a).toBeCloseTo(2 / 3, 12);
    expect(tileSize(a, 240)).toEqual({ width: 160, height: 240 });
  });

  it('follows the voxel counts for a non-square slice', () => {
    const a = sliceAspect([512, 256, 10], [1, 1, 1]);
    expect(a).toBe(2);
    expect(tileSize(a, 256)).toEqual({ width: 256, height: 128 });
  });

  it('counts a missing or non-positive spacing as 1 mm', () => {
    expect(sliceAspect([100, 50, 1], [0, -1, 1])).toBe(2);
    expect(sliceAspect([100, 50, 1], [])).toBe(2);
  });
});

describe('montage layout', () => {
  it('places tiles in reading order with a gap around each, first slice top-left', () => {
    const l = montageLayout([0, 5, 10, 15, 20], [64, 64, 23], [1, 1, 1], { maxTileSide: 10, gap: 2, aspect: 1 });
    expect(l.cols * l.rows).toBeGreaterThanOrEqual(5);
    expect(l.tiles.map((t) => t.slice)).toEqual([0, 5, 10, 15, 20]);
    expect(l.tiles[0]).toMatchObject({ x: 2, y: 2, label: '1' });
    expect(l.tiles[1]).toMatchObject({ x: 14, y: 2, label: '6' });
    const second = l.tiles[l.cols]!;
    expect(second).toMatchObject({ x: 2, y: 14 });
    expect(l.width).toBe(2 + l.cols * 12);
    expect(l.height).toBe(2 + l.rows * 12);
  });

  it('draws tiles at most maxTileSide on their long side, keeping the mm aspect', () => {
    const l = montageLayout([0, 1, 2, 3], [512, 512, 4], [0.6, 0.9, 1]);
    expect(l.tileHeight).toBe(DEFAULT_MONTAGE_OPTIONS.maxTileSide);
    expect(l.tileWidth / l.tileHeight).toBeCloseTo(2 / 3, 2);
  });

  it('shrinks tiles so a step-1 montage of a long scan stays within maxCanvasSide', () => {
    const slices = Array.from({ length: 600 }, (_, i) => i);
    const l = montageLayout(slices, [512, 512, 600], [0.7, 0.7, 0.6]);
    expect(l.tiles).toHaveLength(600);
    expect(l.width).toBeLessThanOrEqual(DEFAULT_MONTAGE_OPTIONS.maxCanvasSide);
    expect(l.height).toBeLessThanOrEqual(DEFAULT_MONTAGE_OPTIONS.maxCanvasSide);
    expect(l.tileWidth).toBeGreaterThan(50);
  });

  it('keeps every tile inside the canvas and apart from the others', () => {
    const l = montageLayout(Array.from({ length: 23 }, (_, i) => i * 3), [512, 400, 70], [0.8, 0.8, 2]);
    for (const t of l.tiles) {
      expect(t.x + l.tileWidth).toBeLessThanOrEqual(l.width - l.gap);
      expect(t.y + l.tileHeight).toBeLessThanOrEqual(l.height - l.gap);
    }
    const keys = new Set(l.tiles.map((t) => `${t.x},${t.y}`));
    expect(keys.size).toBe(23);
  });

  it('is empty for no slices', () => {
    expect(montageLayout([], [512, 512, 0], [1, 1, 1])).toMatchObject({ cols: 0, rows: 0, width: 0, height: 0, tiles: [] });
  });
});
