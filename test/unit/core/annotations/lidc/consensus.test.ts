import { describe, expect, it } from 'vitest';
import { IDENTITY_DIRECTION, type VolumeGeometry } from '../../../../../electron/common/geometry';
import { type ConsensusMember, consensusOf, meanCharacteristics } from '../../../../../electron/core/annotations/lidc/consensus';
import type { SparseMask } from '../../../../../electron/core/annotations/lidc/sparse-mask';

const g: VolumeGeometry = { dims: [20, 1, 1], spacing: [1, 1, 1], origin: [0, 0, 0], direction: [...IDENTITY_DIRECTION] };
/** A 1-voxel-high run x0..x1 on row 0, slice 0. */
const run = (x0: number, x1: number): SparseMask => ({ bbox: { x0, y0: 0, z0: 0, x1, y1: 0, z1: 0 }, mask: new Uint8Array(x1 - x0 + 1).fill(1) });
const member = (mask: SparseMask, malignancy?: number): ConsensusMember => ({
  mask,
  centerWorld: [(mask.bbox.x0 + mask.bbox.x1) / 2, 0, 0],
  diameterMm: 1,
  volumeMm3: mask.bbox.x1 - mask.bbox.x0 + 1,
  characteristics: malignancy === undefined ? undefined : { malignancy },
});

describe('consensusOf', () => {
  it('keeps voxels marked by ≥ 50 % of the cluster (2 of 4): 0..9 ∩≥2 of four shifted runs', () => {
    const c = consensusOf([member(run(0, 9)), member(run(2, 11)), member(run(4, 13)), member(run(15, 19))], g);
    expect(c.minCount).toBe(2);
    expect(c.mask!.bbox).toEqual({ x0: 2, y0: 0, z0: 0, x1: 11, y1: 0, z1: 0 });
    expect(c.voxelCount).toBe(10);
    expect(c.centerWorld).toEqual([6.5, 0, 0]);
    expect(c.diameterMm).toBeCloseTo(Math.cbrt(60 / Math.PI), 12);
  });
  it('needs 2 of 3 marks and 1 of 2 (the union), like pylidc clevel=0.5 over the cluster', () => {
    expect(consensusOf([member(run(0, 3)), member(run(2, 5)), member(run(10, 12))], g).voxelCount).toBe(2);
    expect(consensusOf([member(run(0, 3)), member(run(2, 5))], g).voxelCount).toBe(6);
    expect(consensusOf([member(run(0, 3))], g).voxelCount).toBe(4);
  });
  it("with denominator 'sessions' a nodule seen by 1 of 4 readers has no consensus and falls back to the readers' mean", () => {
    const c = consensusOf([member(run(0, 3))], g, { denominator: 'sessions', sessionCount: 4 });
    expect(c.minCount).toBe(2);
    expect(c.mask).toBeUndefined();
    expect(c.centerWorld).toEqual([1.5, 0, 0]);
    expect(c.volumeMm3).toBe(4);
  });
  it('averages each rating over the readers who gave it', () => {
    expect(consensusOf([member(run(0, 1), 5), member(run(0, 1), 2), member(run(0, 1))], g).characteristics).toEqual({ malignancy: 3.5 });
    expect(meanCharacteristics([undefined, { texture: 5, margin: 1 }, { texture: 4 }])).toEqual({ texture: 4.5, margin: 1 });
  });
});
