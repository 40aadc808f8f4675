import { describe, expect, it } from 'vitest';
import { directContext } from '../../../../electron/common/jobs';
import type { Vec3 } from '../../../../electron/common/geometry';
import { generateNodulePhantom, lungPoint, phantomLayout, DEFAULT_NODULE_PHANTOM_SPEC } from '../../../../electron/core/phantom';
import { noduleReport, requireSomeSegmented, segmentNodules } from '../../../../electron/core/pipelines/nodule-mask';
import { boxMaskOverlap, pasteBoxMask } from '../../../../electron/core/volume/box-mask';
import { worldToVoxel } from '../../../../electron/core/volume/volume';

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
  const spec = { ...DEFAULT_NODULE_PHANTOM_SPEC, dims: [320, 320, 26] as [number, number, number], spacing: [0.75, 0.75, 2.5] as [number, number, number] };
  const { volume, cases } = generateNodulePhantom(spec);
  const solid = cases.find((c) => c.kind === 'solid')!;
  const gg = cases.find((c) => c.kind === 'ground-glass')!;
  const seed = (id: number, center: Vec3, diameterMm?: number) => ({ id, center, ...(diameterMm ? { diameterMm } : {}) });
  const indexOf = (p: Vec3) => {
    const [x, y, z] = worldToVoxel(volume, p).map(Math.round) as [number, number, number];
    return x + volume.dims[0] * (y + volume.dims[1] * z);
  };
  const fullToBox = (full: Uint8Array) => ({ box: { x0: 0, y0: 0, z0: 0, x1: volume.dims[0] - 1, y1: volume.dims[1] - 1, z1: volume.dims[2] - 1 }, mask: full });

  it('unites every nodule on the full grid, counts the union once and reports each seed in order', () => {
    const r = segmentNodules(volume.voxels, volume, [seed(1, solid.center, 10), seed(2, gg.center), seed(3, solid.center, 10)], undefined);
    expect(r.mask[indexOf(solid.center)]).toBe(1);
    expect(r.mask[indexOf(gg.center)]).toBe(1);
    expect(r.mask.reduce((a, b) => a + b, 0)).toBe(r.voxels);
    expect(r.nodules.map((n) => [n.seed.id, n.status])).toEqual([[1, 'segmented'], [2, 'segmented'], [3, 'segmented']]);
    const stats = r.nodules.map((n) => (n.status === 'segmented' ? n.stats : null));
    // The duplicate mark of the solid nodule adds nothing to the union.
    expect(r.voxels).toBe(stats[0]!.voxels + stats[1]!.voxels);
    expect(stats[1]!.kind).toBe('subsolid');
    // The union holds each nodule as its own segmentation found it.
    expect(boxMaskOverlap(fullToBox(r.mask), solid.truth).both).toBeGreaterThan(0.9 * solid.truth.mask.reduce((a, b) => a + b, 0));
  });

  it('reports a seed outside the scan and a seed on plain lung, and segments the others', () => {
    const inLung = lungPoint(phantomLayout(spec), 'right', 0.2, -0.5, 0.5);
    const r = segmentNodules(volume.voxels, volume, [seed(1, [9999, 0, 0], 10), seed(2, inLung), seed(3, solid.center, 10)], undefined);
    expect(r.nodules.map((n) => [n.seed.id, n.status])).toEqual([[1, 'outside'], [2, 'empty'], [3, 'segmented']]);
    const reports = r.nodules.map(noduleReport);
    expect(reports[0]).toEqual({ id: 1, status: 'outside', stats: null, reason: null });
    expect(reports[1]).toMatchObject({ id: 2, status: 'empty', stats: null, reason: expect.stringMatching(/nothing to segment/) });
    expect(reports[2]!.stats).toMatchObject({ kind: 'solid' });
    expect(() => requireSomeSegmented(reports, 'scan 7')).not.toThrow();
    expect(() => requireSomeSegmented(reports.slice(0, 2), 'scan 7')).toThrow(expect.objectContaining({ code: 'not-found', message: expect.stringMatching(/scan 7.*outside the scan; nothing to segment/) }));
  });

  it('never labels a voxel outside the lung mask', () => {
    const lung = new Uint8Array(volume.voxels.length);
    const [cx] = worldToVoxel(volume, solid.center);
    for (let i = 0; i < lung.length; i++) if (i % volume.dims[0] < Math.round(cx)) lung[i] = 1;
    const r = segmentNodules(volume.voxels, volume, [seed(1, solid.center, 10)], lung);
    expect(r.voxels).toBeGreaterThan(0);
    for (let i = 0; i < lung.length; i++) if (r.mask[i] && !lung[i]) throw new Error(`voxel ${i} outside the lung mask`);
  });

  it('reports progress per nodule and stops with job.cancelled once aborted', () => {
    const stages: string[] = [];
    segmentNodules(volume.voxels, volume, [seed(1, solid.center, 10), seed(2, gg.center, 14)], undefined, directContext({ progress: (s) => stages.push(s) }));
    expect(stages).toEqual(['nodule 1 of 2', 'nodule 2 of 2']);
    const ac = new AbortController();
    ac.abort();
    expect(() => segmentNodules(volume.voxels, volume, [seed(1, solid.center, 10)], undefined, directContext({ signal: ac.signal }))).toThrow(expect.objectContaining({ code: 'job.cancelled' }));
  });

  it('refuses a lung mask or a volume that is not on the grid (io.size-mismatch)', () => {
    expect(() => segmentNodules(volume.voxels, volume, [seed(1, solid.center, 10)], new Uint8Array(10))).toThrow(expect.objectContaining({ code: 'io.size-mismatch' }));
    expect(() => segmentNodules(volume.voxels.subarray(1), volume, [seed(1, solid.center, 10)], undefined)).toThrow(expect.objectContaining({ code: 'io.size-mismatch' }));
  });
});
