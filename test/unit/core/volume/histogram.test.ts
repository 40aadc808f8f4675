import { describe, expect, it } from 'vitest';
import { huHistogram } from '../../../../electron/core/volume/histogram';
import { pythonMissing, runPythonJson } from '../../../phantom/python-oracle';
import { prng } from '../../../fuzz/prng';

const noPython = pythonMissing();

describe('huHistogram', () => {
  it('bins [min + k·w, min + (k+1)·w); values < min go to below, values ≥ max to above', () => {
    const h = huHistogram(new Int16Array([-1101, -1100, -1091, -1090, 0, 9, 10, 3099, 3100, 5000]));
    expect(h.counts.length).toBe(420);
    expect(h.binWidth).toBe(10);
    expect(h.min).toBe(-1100);
    expect(h.max).toBe(3100);
    expect(h.below).toBe(1);
    expect(h.above).toBe(2);
    expect(h.counts[0]).toBe(2);
    expect(h.counts[1]).toBe(1);
    expect(h.counts[110]).toBe(2); // 0 and 9
    expect(h.counts[111]).toBe(1); // 10
    expect(h.counts[419]).toBe(1); // 3099
    expect(h.total).toBe(10);
    expect(h.counts.reduce((a, b) => a + b, 0) + h.below + h.above).toBe(h.total);
  });

  it('counts only voxels where the mask is non-zero', () => {
    const h = huHistogram(new Int16Array([-1000, 0, 100, 200]), { mask: new Uint8Array([0, 1, 0, 7]) });
    expect(h.total).toBe(2);
    expect(h.mean).toBe(100);
    expect(h.std).toBe(100);
  });

  it('leaves out the slots of missing slices, DICOM padding (by count at its HU) and values below the outside-field threshold', () => {
    // 3 slices of 4 voxels: slice 1 is a missing slice's padding; slice 0 holds two outside-the-field
    // pixels the reader turned into the intercept (-1024) beside a real -1024 (air); slice 2 a converter's -3024.
    const v = new Int16Array([-1024, -1024, -1024, 40, -2000, -2000, -2000, -2000, -3024, 0, 10, -1024]);
    const h = huHistogram(v, { leaveOut: { slices: [1], sliceSize: 4, padded: [{ hu: -1024, voxels: 2 }], below: -1500 } });
    expect(h.leftOut).toEqual({ missingSlices: 4, outsideField: 3 });
    expect(h.total).toBe(5);
    expect(h.below).toBe(0);
    expect(h.counts[7]).toBe(2); // [-1030, -1020): the real air voxel of slice 0 and the one of slice 2
    expect(h.total + h.leftOut.missingSlices + h.leftOut.outsideField).toBe(v.length);
    const all = huHistogram(v);
    expect(all.leftOut).toEqual({ missingSlices: 0, outsideField: 0 });
    expect(all.total).toBe(12);
  });

  it('with a mask, leaves out missing slices and values below the threshold only among the masked voxels', () => {
    const v = new Int16Array([-3000, 5, -2000, -2000]);
    const h = huHistogram(v, { mask: new Uint8Array([1, 1, 1, 0]), leaveOut: { slices: [1], sliceSize: 2, padded: [{ hu: 5, voxels: 1 }], below: -1500 } });
    expect(h.leftOut).toEqual({ missingSlices: 1, outsideField: 1 });
    expect(h.total).toBe(1);
    expect(h.mean).toBe(5);
  });

  it('an empty selection gives total 0 and NaN statistics', () => {
    const h = huHistogram(new Int16Array([1, 2]), { mask: new Uint8Array(2) });
    expect(h.total).toBe(0);
    expect(h.mean).toBeNaN();
    expect(h.percentiles.p50).toBeNaN();
  });

  it('rejects a non-positive bin width, an empty range and a mask of the wrong size (contract.bad-input)', () => {
    expect(() => huHistogram(new Int16Array(1), { binWidth: 0 })).toThrow(expect.objectContaining({ code: 'contract.bad-input' }));
    expect(() => huHistogram(new Int16Array(1), { min: 5, max: 5 })).toThrow(expect.objectContaining({ code: 'contract.bad-input' }));
    expect(() => huHistogram(new Int16Array(3), { mask: new Uint8Array(2) })).toThrow(expect.objectContaining({ code: 'contract.bad-input' }));
  });

  it.skipIf(noPython !== null)('counts, mean, std (ddof 0) and percentiles (linear) equal numpy on random CT-like values', () => {
    const rnd = prng(42);
    const v = new Int16Array(20001);
    for (let i = 0; i < v.length; i++) v[i] = Math.round(rnd() < 0.3 ? -1000 + rnd() * 80 : rnd() < 0.1 ? 4000 * rnd() - 2000 : rnd() * 300 - 100);
    const ours = huHistogram(v, { binWidth: 25, min: -1100, max: 1000 });
    const np = runPythonJson<{ counts: number[]; below: number; above: number; mean: number; std: number; p: number[] }>(
      `import sys, json, numpy as np
a = np.array(json.loads(sys.stdin.read() if False else sys.argv[1]), dtype=np.int16).astype(np.float64)
edges = np.arange(-1100, 1000 + 25, 25)
inside = a[(a >= -1100) & (a < 1000)]
c = np.floor((inside + 1100) / 25).astype(int)
print(json.dumps({'counts': np.bincount(c, minlength=len(edges) - 1).tolist(), 'below': int((a < -1100).sum()), 'above': int((a >= 1000).sum()),
  'mean': float(a.mean()), 'std': float(a.std()), 'p': np.percentile(a, [1, 5, 50, 95, 99]).tolist()}))`,
      [JSON.stringify(Array.from(v))],
    );
    expect(ours.counts).toEqual(np.counts);
    expect(ours.below).toBe(np.below);
    expect(ours.above).toBe(np.above);
    expect(ours.mean).toBeCloseTo(np.mean, 8);
    expect(ours.std).toBeCloseTo(np.std, 8);
    const p = ours.percentiles;
    [p.p1, p.p5, p.p50, p.p95, p.p99].forEach((x, k) => expect(x).toBeCloseTo(np.p[k]!, 8));
  });

  it('is one pass over the voxels: 50 M voxels in under 3 s', () => {
    const v = new Int16Array(50_000_000).fill(-1000);
    const t0 = performance.now();
    const h = huHistogram(v);
    const ms = performance.now() - t0;
    console.log(`huHistogram 50M voxels: ${ms.toFixed(0)} ms`);
    expect(h.total).toBe(50_000_000);
    expect(ms).toBeLessThan(3000);
  });
});
