import { describe, expect, it } from 'vitest';
import { greyMap } from '../../../../renderer/features/montage/model/grey-window';
import { montageLayout, type MontageLayout } from '../../../../renderer/features/montage/model/montage-layout';
import { matchesViewerAxial, renderMontagePixels, sourceSpans } from '../../../../renderer/features/montage/model/render-montage';

/** grid[z][y][x] → x-fastest Int16Array, as the volume is stored. */
function volumeOf(grid: number[][][]): { dims: [number, number, number]; voxels: Int16Array } {
  const nz = grid.length;
  const ny = grid[0]!.length;
  const nx = grid[0]![0]!.length;
  const voxels = new Int16Array(nx * ny * nz);
  grid.forEach((plane, z) => plane.forEach((row, y) => row.forEach((v, x) => (voxels[x + nx * (y + ny * z)] = v))));
  return { dims: [nx, ny, nz], voxels };
}

/** Grey (red channel) of each tile pixel, tile i, as rows. */
function tileGreys(px: Uint8ClampedArray, l: MontageLayout, i: number): number[][] {
  const t = l.tiles[i]!;
  const out: number[][] = [];
  for (let r = 0; r < l.tileHeight; r++) {
    const row: number[] = [];
    for (let c = 0; c < l.tileWidth; c++) row.push(px[((t.y + r) * l.width + t.x + c) * 4]!);
    out.push(row);
  }
  return out;
}

// lower 0, upper 255: grey equals HU in 0..255.
const identity = greyMap({ width: 255, level: 127.5 }, false);

describe('montage pixels', () => {
  it('puts voxel row 0 at the top and voxel column 0 at the left (patient right on screen left for LPS identity)', () => {
    const v = volumeOf([
      [
        [10, 20, 30],
        [40, 50, 60],
      ],
    ]);
    const l = montageLayout([0], v.dims, [1, 1, 1], { maxTileSide: 3, gap: 0 });
    expect(l.tileWidth).toBe(3);
    expect(l.tileHeight).toBe(2);
    expect(tileGreys(renderMontagePixels(v, l, identity), l, 0)).toEqual([
      [10, 20, 30],
      [40, 50, 60],
    ]);
  });

  it('draws each tile from its own slice, in tile order', () => {
    const v = volumeOf([[[1, 1]], [[2, 2]], [[3, 3]], [[4, 4]]].map((p) => p.map((r) => r.map((x) => x * 10))));
    const l = montageLayout([0, 2, 3], v.dims, [1, 1, 1], { maxTileSide: 2, gap: 1 });
    const px = renderMontagePixels(v, l, identity);
    expect(l.tiles.map((_, i) => tileGreys(px, l, i)[0]![0])).toEqual([10, 30, 40]);
  });

  it('box-averages when shrinking: a 4×4 slice to 2×2 is the mean of each 2×2 block', () => {
    const v = volumeOf([
      [
        [0, 10, 100, 100],
        [20, 30, 100, 100],
        [200, 200, 5, 5],
        [200, 200, 5, 7],
      ],
    ]);
    const l = montageLayout([0], v.dims, [1, 1, 1], { maxTileSide: 2, gap: 0 });
    expect(tileGreys(renderMontagePixels(v, l, identity), l, 0)).toEqual([
      [15, 100],
      [200, 6], // 5.5 rounds up
    ]);
  });

  it('repeats the nearest voxel when enlarging', () => {
    const v = volumeOf([
      [
        [10, 20],
        [30, 40],
      ],
    ]);
    const l = montageLayout([0], v.dims, [1, 1, 1], { maxTileSide: 4, gap: 0 });
    expect(tileGreys(renderMontagePixels(v, l, identity), l, 0)).toEqual([
      [10, 10, 20, 20],
      [10, 10, 20, 20],
      [30, 30, 40, 40],
      [30, 30, 40, 40],
    ]);
  });

  it('stretches non-square pixels to their mm aspect (0.5 mm wide, 1 mm tall columns)', () => {
    const v = volumeOf([
      [
        [10, 20, 30, 40],
        [50, 60, 70, 80],
      ],
    ]);
    // 4 × 0.5 mm = 2 mm wide, 2 × 1 mm = 2 mm tall: a square tile.
    const l = montageLayout([0], v.dims, [0.5, 1, 1], { maxTileSide: 2, gap: 0 });
    expect([l.tileWidth, l.tileHeight]).toEqual([2, 2]);
    expect(tileGreys(renderMontagePixels(v, l, identity), l, 0)).toEqual([
      [15, 35],
      [55, 75],
    ]);
  });

  it('windows and inverts with the display window, clamping outside it', () => {
    const v = volumeOf([[[-2000, -1350, -600, 150, 3000]]]);
    const l = montageLayout([0], v.dims, [1, 1, 1], { maxTileSide: 5, gap: 0 });
    const lung = { width: 1500, level: -600 };
    expect(tileGreys(renderMontagePixels(v, l, greyMap(lung, false)), l, 0)).toEqual([[0, 0, 128, 255, 255]]);
    expect(tileGreys(renderMontagePixels(v, l, greyMap(lung, true)), l, 0)).toEqual([[255, 255, 127, 0, 0]]);
  });

  it('writes opaque grey pixels and fills gaps and empty cells with the background', () => {
    const v = volumeOf([[[100]], [[100]], [[100]]]);
    const l = montageLayout([0, 1, 2], v.dims, [1, 1, 1], { maxTileSide: 1, gap: 1, aspect: 1 });
    const px = renderMontagePixels(v, l, identity, [7, 8, 9]);
    expect(Array.from(px.slice(0, 4))).toEqual([7, 8, 9, 255]); // the corner gap
    const t = l.tiles[0]!;
    const o = (t.y * l.width + t.x) * 4;
    expect(Array.from(px.slice(o, o + 4))).toEqual([100, 100, 100, 255]);
    const drawn = l.tiles.length * l.tileWidth * l.tileHeight;
    let background = 0;
    for (let i = 0; i < px.length; i += 4) if (px[i] === 7) background++;
    expect(background).toBe(l.width * l.height - drawn);
  });

  it('does not modify the voxels', () => {
    const v = volumeOf([[[1, 2], [3, 4]]]);
    const before = Array.from(v.voxels);
    renderMontagePixels(v, montageLayout([0], v.dims, [1, 1, 1], { maxTileSide: 1 }), identity);
    expect(Array.from(v.voxels)).toEqual(before);
  });

  it('rejects voxels that disagree with dims and slices outside the volume (RangeError)', () => {
    const v = volumeOf([[[1, 2], [3, 4]]]);
    const l = montageLayout([0], v.dims, [1, 1, 1]);
    expect(() => renderMontagePixels({ dims: [2, 2, 2], voxels: v.voxels }, l, identity)).toThrow(RangeError);
    expect(() => renderMontagePixels(v, montageLayout([1], v.dims, [1, 1, 1]), identity)).toThrow(RangeError);
  });

  it('renders 20 tiles of a 512×512 scan in well under a second (downsampled while windowing)', () => {
    const nx = 512;
    const ny = 512;
    const nz = 60;
    const voxels = new Int16Array(nx * ny * nz);
    for (let i = 0; i < voxels.length; i++) voxels[i] = (i % 2000) - 1000;
    const slices = Array.from({ length: 20 }, (_, i) => i * 3);
    const l = montageLayout(slices, [nx, ny, nz], [0.7, 0.7, 1.25]);
    const t0 = performance.now();
    const px = renderMontagePixels({ dims: [nx, ny, nz], voxels }, l, greyMap({ width: 1500, level: -600 }, false));
    const ms = performance.now() - t0;
    expect(px.length).toBe(l.width * l.height * 4);
    expect(ms).toBeLessThan(1000);
  });
});

describe('source spans for resampling', () => {
  it('covers every source pixel exactly once when shrinking, also for uneven ratios', () => {
    for (const [n, out] of [[512, 256], [512, 160], [7, 3], [100, 99]] as const) {
      const { start, end } = sourceSpans(n, out);
      expect(start[0]).toBe(0);
      expect(end[out - 1]).toBe(n);
      for (let u = 1; u < out; u++) expect(start[u]).toBe(end[u - 1]);
      for (let u = 0; u < out; u++) expect(end[u]! - start[u]!).toBeGreaterThanOrEqual(1);
    }
  });

  it('takes the one source pixel under each output pixel centre when enlarging', () => {
    const { start, end } = sourceSpans(3, 7);
    expect(Array.from(start)).toEqual([0, 0, 1, 1, 1, 2, 2]);
    expect(Array.from(end)).toEqual([1, 1, 2, 2, 2, 3, 3]);
  });
});

describe('display convention check', () => {
  const I = [1, 0, 0, 0, 1, 0, 0, 0, 1];

  it('accepts the LPS identity and a slightly tilted gantry', () => {
    expect(matchesViewerAxial(I)).toBe(true);
    const c = Math.cos(0.1);
    const s = Math.sin(0.1);
    expect(matchesViewerAxial([1, 0, 0, 0, c, -s, 0, s, c])).toBe(true);
  });

  it('flags mirrored or swapped in-plane axes, and a malformed matrix', () => {
    expect(matchesViewerAxial([-1, 0, 0, 0, 1, 0, 0, 0, 1])).toBe(false);
    expect(matchesViewerAxial([1, 0, 0, 0, -1, 0, 0, 0, -1])).toBe(false);
    expect(matchesViewerAxial([0, 1, 0, 1, 0, 0, 0, 0, 1])).toBe(false);
    expect(matchesViewerAxial([1, 0, 0])).toBe(false);
  });

  it('ignores the slice axis direction (it orders tiles, not pixels in a tile)', () => {
    expect(matchesViewerAxial([1, 0, 0, 0, 1, 0, 0, 0, -1])).toBe(true);
  });
});
