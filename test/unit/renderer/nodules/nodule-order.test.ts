import { describe, expect, it } from 'vitest';
import { drawRadius, noduleLabel, orderNodules, stepIndex } from '../../../../renderer/features/nodules/model/nodule-order';

const a = (id: number, kind: 'nodule' | 'reader' | 'consensus' | 'small-nodule' | 'non-nodule', z: number) => ({ id, kind, center: [0, 0, z] as [number, number, number] });

describe('orderNodules', () => {
  it('puts nodule and consensus first, head to feet, then reader marks, small and non-nodules', () => {
    const out = orderNodules([a(1, 'reader', 0), a(2, 'non-nodule', 9), a(3, 'consensus', -50), a(4, 'nodule', 10), a(5, 'small-nodule', 3)]);
    expect(out.map((x) => x.id)).toEqual([4, 3, 1, 5, 2]);
  });

  it('breaks ties by id so the order is stable', () => {
    expect(orderNodules([a(9, 'nodule', 1), a(2, 'nodule', 1)]).map((x) => x.id)).toEqual([2, 9]);
  });
});

describe('stepIndex', () => {
  it('starts at the first (N) or last (P) item and wraps around', () => {
    expect(stepIndex(null, 1, 3)).toBe(0);
    expect(stepIndex(null, -1, 3)).toBe(2);
    expect(stepIndex(2, 1, 3)).toBe(0);
    expect(stepIndex(0, -1, 3)).toBe(2);
    expect(stepIndex(0, 1, 0)).toBeNull();
  });
});

describe('drawRadius and noduleLabel', () => {
  it('draws half the diameter, 1.5 mm for a mark without size', () => {
    expect(drawRadius({ diameterMm: 8 })).toBe(4);
    expect(drawRadius({ diameterMm: null })).toBe(1.5);
  });

  it('labels kind, diameter and readers', () => {
    expect(noduleLabel({ kind: 'consensus', diameterMm: 6.24, agreement: 3, reader: null })).toBe('consensus · ⌀ 6.2 mm · 3 readers');
    expect(noduleLabel({ kind: 'reader', diameterMm: null, agreement: null, reader: 'r1' })).toBe('reader · reader r1');
  });
});
