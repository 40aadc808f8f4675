import { describe, expect, it } from 'vitest';
import type { Vec3 } from '../../../../../electron/common/geometry';
import { type ReaderMark, clusterReaderMarks } from '../../../../../electron/core/annotations/lidc/cluster-readers';
import type { SparseMask } from '../../../../../electron/core/annotations/lidc/sparse-mask';

const mark = (session: number, c: Vec3, diameterMm = 6, mask?: SparseMask, small = false): ReaderMark => ({
  session,
  readerId: `r${session}`,
  noduleId: `n${session}-${c.join(',')}`,
  small,
  centerWorld: c,
  diameterMm,
  mask,
});
const cube = (x0: number, x1: number): SparseMask => {
  const w = x1 - x0 + 1;
  return { bbox: { x0, y0: 0, z0: 0, x1, y1: 0, z1: 0 }, mask: new Uint8Array(w).fill(1) };
};

describe('clusterReaderMarks', () => {
  it('joins marks of different readers within 5 mm and keeps a far one apart', () => {
    const c = clusterReaderMarks([mark(0, [0, 0, 0]), mark(1, [3, 0, 0]), mark(2, [0, 4, 0]), mark(3, [30, 0, 0])]);
    expect(c.map((k) => k.members)).toEqual([[0, 1, 2], [3]]);
  });
  it('widens the threshold to half the larger equivalent diameter (a 24 mm nodule joins marks 10 mm apart)', () => {
    expect(clusterReaderMarks([mark(0, [0, 0, 0], 24), mark(1, [10, 0, 0], 20)])).toHaveLength(1);
    expect(clusterReaderMarks([mark(0, [0, 0, 0], 8), mark(1, [10, 0, 0], 8)])).toHaveLength(2);
  });
  it('joins far-apart centres when the masks share a voxel', () => {
    expect(clusterReaderMarks([mark(0, [0, 0, 0], 4, cube(0, 5)), mark(1, [20, 0, 0], 4, cube(5, 9))])).toHaveLength(1);
    expect(clusterReaderMarks([mark(0, [0, 0, 0], 4, cube(0, 4)), mark(1, [20, 0, 0], 4, cube(5, 9))])).toHaveLength(2);
  });
  it('never puts two marks of one reader in a cluster: the closer mark wins, the other stays alone', () => {
    const c = clusterReaderMarks([mark(0, [0, 0, 0]), mark(1, [1, 0, 0]), mark(1, [3, 0, 0])]);
    expect(c.map((k) => k.members)).toEqual([[0, 1], [2]]);
  });
  it('clusters small (< 3 mm) marks by point distance only among themselves', () => {
    const c = clusterReaderMarks([
      mark(0, [0, 0, 0], 0, undefined, true),
      mark(1, [4, 0, 0], 0, undefined, true),
      mark(2, [0, 0, 6], 0, undefined, true),
      mark(3, [0, 0, 0], 6),
    ]);
    expect(c.map((k) => [k.small, k.members])).toEqual([[true, [0, 1]], [false, [3]], [true, [2]]]);
  });
  it('orders clusters by reader count, then by z', () => {
    const c = clusterReaderMarks([mark(0, [0, 0, 50]), mark(0, [0, 0, -50]), mark(0, [0, 0, 10]), mark(1, [0, 0, 11])]);
    expect(c.map((k) => k.members)).toEqual([[2, 3], [1], [0]]);
  });
});
