import { describe, expect, it } from 'vitest';
import { deltaPerLabel, diffMasks } from '../../../../electron/core/masks/mask-diff';
import { applyMaskRuns } from '../../../../electron/core/masks/mask-runs';

describe('diffMasks', () => {
  it("gives the differing voxels as runs with b's labels and a's labels before, per label added and removed", () => {
    const a = Uint8Array.from([0, 1, 1, 0, 0, 0, 2, 2, 0, 1]);
    const b = Uint8Array.from([0, 0, 1, 0, 3, 3, 2, 0, 0, 2]);
    const d = diffMasks(a, b);
    expect([...d.runs]).toEqual([1, 1, 4, 2, 7, 1, 9, 1]);
    expect([...d.values]).toEqual([0, 3, 3, 0, 2]);
    expect([...d.before]).toEqual([1, 0, 0, 2, 1]);
    expect(deltaPerLabel(d.delta)).toEqual([
      { label: 1, added: 0, removed: 2 },
      { label: 2, added: 1, removed: 1 },
      { label: 3, added: 2, removed: 0 },
    ]);
  });

  it('applying the diff to a gives b, on a large grid with sparse changes (word-skipping path) and at unaligned offsets', () => {
    const n = 100_003;
    const a = new Uint8Array(n);
    for (let i = 0; i < n; i += 7) a[i] = 1;
    const b = a.slice();
    for (const i of [0, 3, 4, 5, 50_001, 99_999, 100_002]) b[i] = 4;
    for (const [x, y] of [[a, b], [a.subarray(1), b.subarray(1)]] as const) {
      const d = diffMasks(x, y);
      const c = x.slice();
      applyMaskRuns(c, d.runs, d.values);
      expect(Buffer.from(c).equals(Buffer.from(y))).toBe(true);
    }
  });

  it('refuses masks of different sizes (not one grid)', () => {
    expect(() => diffMasks(new Uint8Array(4), new Uint8Array(5))).toThrow(expect.objectContaining({ code: 'contract.bad-input' }));
  });
});
