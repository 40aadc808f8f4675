import { describe, expect, it } from 'vitest';
import type { Annotation } from '../../../electron/common/contract/annotations';
import { directContext } from '../../../electron/common/jobs';
import type { Vec3 } from '../../../electron/common/geometry';
import { newestLungMask, noduleSeeds, pasteBoxMask, segmentNodules } from '../../../electron/app/nodule-mask';
import { generateChestPhantom, lungPoint, phantomLayout, type PhantomSpec } from '../../../electron/core/phantom';
import { worldToVoxel } from '../../../electron/core/volume/volume';
import type { MaskVersion } from '../../../electron/db';

function annotation(id: number, source: Annotation['source'], kind: Annotation['kind'], diameterMm: number | null, volumeMm3: number | null = null): Annotation {
  return {
    id, scanId: 1, source, kind, center: [id, 0, 0], diameterMm, reader: null, noduleRef: null, agreement: null,
    volumeMm3, characteristics: null, sourceFile: null, sourceLine: null, session: null, sessionCount: null, createdAt: 1,
  };
}

function version(id: number, kind: string, createdAt: number): MaskVersion {
  return { id, scanId: 1, kind, path: `/m/${id}.npy`, author: 'lungdesk', reason: '', parentId: null, sha256: null, createdAt };
}

describe('noduleSeeds', () => {
  it('keeps LUNA16 rows, LIDC consensus and user nodules; drops reader marks, small nodules and non-nodules', () => {
    const seeds = noduleSeeds([
      annotation(1, 'luna-csv', 'nodule', 6),
      annotation(2, 'lidc-xml', 'consensus', 7),
      annotation(3, 'lidc-xml', 'reader', 7),
      annotation(4, 'lidc-xml', 'small-nodule', null),
      annotation(5, 'lidc-xml', 'non-nodule', null),
      annotation(6, 'user', 'nodule', 9),
    ]);
    expect(seeds.map((s) => [s.annotationId, s.diameterMm])).toEqual([[1, 6], [2, 7], [6, 9]]);
  });

  it('takes the diameter of the volume when a mark has none, and drops a mark with neither', () => {
    const seeds = noduleSeeds([annotation(1, 'lidc-xml', 'consensus', null, (Math.PI / 6) * 8 ** 3), annotation(2, 'lidc-xml', 'consensus', null, null)]);
    expect(seeds).toHaveLength(1);
    expect(seeds[0]!.diameterMm).toBeCloseTo(8, 6);
  });
});

describe('newestLungMask', () => {
  it('picks the newest lung or lung-dilated version and ignores nodule masks', () => {
    expect(newestLungMask([version(3, 'nodules', 30), version(2, 'lung-dilated', 20), version(1, 'lung', 10)])?.id).toBe(2);
    expect(newestLungMask([version(1, 'lung', 10), version(2, 'lung-dilated', 5)])?.id).toBe(1);
    expect(newestLungMask([version(3, 'nodules', 30)])).toBeUndefined();
  });
});

describe('pasteBoxMask', () => {
  const dims: [number, number, number] = [4, 3, 2];

  it('writes the box mask at its place on the full grid (x fastest) and counts overlapping voxels once', () => {
    const grid = new Uint8Array(24);
    const box = { x0: 1, x1: 2, y0: 1, y1: 2, z0: 1, z1: 1 };
    expect(pasteBoxMask(grid, dims, { box, mask: Uint8Array.from([1, 0, 1, 1]) })).toBe(3);
    const at = (x: number, y: number, z: number) => grid[x + 4 * (y + 3 * z)];
    expect([at(1, 1, 1), at(2, 1, 1), at(1, 2, 1), at(2, 2, 1)]).toEqual([1, 0, 1, 1]);
    expect(grid.reduce((a, b) => a + b, 0)).toBe(3);
    expect(pasteBoxMask(grid, dims, { box, mask: Uint8Array.from([1, 1, 0, 0]) })).toBe(1);
    expect(grid.reduce((a, b) => a + b, 0)).toBe(4);
  });

  it('refuses a box that leaves the grid or a mask that does not fit its box', () => {
    const grid = new Uint8Array(24);
    expect(() => pasteBoxMask(grid, dims, { box: { x0: 3, x1: 4, y0: 0, y1: 0, z0: 0, z1: 0 }, mask: new Uint8Array(2) })).toThrow(/outside the grid/);
    expect(() => pasteBoxMask(grid, dims, { box: { x0: 0, x1: 1, y0: 0, y1: 0, z0: 0, z1: 0 }, mask: new Uint8Array(3) })).toThrow(/does not fit/);
  });
});

describe('segmentNodules', () => {
  const base: PhantomSpec = { dims: [96, 96, 40], spacing: [1.2, 1.2, 2], noiseHu: 10, seed: 3 };
  const layout = phantomLayout(base);
  const right = lungPoint(layout, 'right', 0.5, 0, 0);
  const left = lungPoint(layout, 'left', 0.4, 0.2, 0);
  const { volume } = generateChestPhantom({ ...base, nodules: [{ center: right, diameterMm: 10 }, { center: left, diameterMm: 8 }] });
  const seed = (annotationId: number, center: Vec3, diameterMm: number) => ({ annotationId, source: 'luna-csv' as const, kind: 'nodule' as const, center, diameterMm });
  const indexOf = (p: Vec3) => {
    const [x, y, z] = worldToVoxel(volume, p).map(Math.round) as [number, number, number];
    return x + volume.dims[0] * (y + volume.dims[1] * z);
  };

  it('labels every nodule on the full grid and sums the voxels of the union', () => {
    const r = segmentNodules(volume.voxels, volume, [seed(1, right, 10), seed(2, left, 8), seed(3, right, 10)], undefined);
    expect(r.mask[indexOf(right)]).toBe(1);
    expect(r.mask[indexOf(left)]).toBe(1);
    expect(r.mask.reduce((a, b) => a + b, 0)).toBe(r.voxels);
    // The duplicate mark of the right nodule adds nothing.
    expect(r.voxels).toBe(r.segmented[0]!.voxels + r.segmented[1]!.voxels);
    expect(r.segmented.map((s) => s.seed.annotationId)).toEqual([1, 2, 3]);
    expect(r.outside).toEqual([]);
  });

  it('never labels a voxel outside the lung mask', () => {
    // A "lung mask" covering only the right half of the right nodule's box.
    const lung = new Uint8Array(volume.voxels.length);
    const [cx] = worldToVoxel(volume, right);
    for (let i = 0; i < lung.length; i++) if (i % volume.dims[0] < Math.round(cx)) lung[i] = 1;
    const r = segmentNodules(volume.voxels, volume, [seed(1, right, 10)], lung);
    expect(r.voxels).toBeGreaterThan(0);
    for (let i = 0; i < lung.length; i++) if (r.mask[i]) expect(lung[i]).toBe(1);
  });

  it('skips marks whose centre lies outside the scan and reports them', () => {
    const r = segmentNodules(volume.voxels, volume, [seed(1, [9999, 0, 0], 10), seed(2, left, 8)], undefined);
    expect(r.outside.map((s) => s.annotationId)).toEqual([1]);
    expect(r.segmented.map((s) => s.seed.annotationId)).toEqual([2]);
  });

  it('reports progress per nodule and stops with job.cancelled once aborted', () => {
    const stages: string[] = [];
    segmentNodules(volume.voxels, volume, [seed(1, right, 10), seed(2, left, 8)], undefined, directContext({ progress: (s) => stages.push(s) }));
    expect(stages).toEqual(['nodule 1 of 2', 'nodule 2 of 2']);
    const ac = new AbortController();
    ac.abort();
    expect(() => segmentNodules(volume.voxels, volume, [seed(1, right, 10)], undefined, directContext({ signal: ac.signal }))).toThrow(
      expect.objectContaining({ code: 'job.cancelled' }),
    );
  });

  it('refuses a lung mask that is not on the scan grid (io.size-mismatch)', () => {
    expect(() => segmentNodules(volume.voxels, volume, [seed(1, right, 10)], new Uint8Array(10))).toThrow(expect.objectContaining({ code: 'io.size-mismatch' }));
  });
});
