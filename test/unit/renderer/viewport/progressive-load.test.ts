import { describe, expect, it } from 'vitest';
import { LoadedSlices, UNLOADED_HU, headerFromScan, sameGeometry, slabPlan, startSlice } from '../../../../renderer/features/viewport/model/progressive-load';

const scan = { id: 7, dims: [512, 512, 300] as [number, number, number], spacing: [0.7, 0.7, 1.25] as [number, number, number], origin: [-180, -180, -400] as [number, number, number], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], missingSlices: [] as number[] };

describe('progressive volume loading', () => {
  it('builds the header from the index geometry before any voxel arrives', () => {
    const h = headerFromScan(scan);
    expect(h).toMatchObject({ scanId: 7, dims: [512, 512, 300], spacing: [0.7, 0.7, 1.25], dtype: 'int16', min: UNLOADED_HU, max: UNLOADED_HU });
    expect(h.dims).not.toBe(scan.dims);
  });

  it('covers every slice exactly once, the slab holding the current slice first, then by distance', () => {
    const plan = slabPlan(300, 150, 16);
    const seen = new Uint8Array(300);
    for (const s of plan) for (let k = s.start; k < s.start + s.count; k++) seen[k]!++;
    expect([...seen].every((v) => v === 1)).toBe(true);
    expect(plan[0]!.start).toBeLessThanOrEqual(150);
    expect(plan[0]!.start + plan[0]!.count).toBeGreaterThan(150);
    const dist = plan.map((s) => (150 < s.start ? s.start - 150 : 150 >= s.start + s.count ? 150 - (s.start + s.count - 1) : 0));
    expect(dist).toEqual([...dist].sort((a, b) => a - b));
    expect(plan.at(-1)!.start + plan.at(-1)!.count).toBe(300);
  });

  it('plans a last short slab and clamps a current slice outside the volume', () => {
    expect(slabPlan(20, 99, 16)).toEqual([
      { start: 16, count: 4 },
      { start: 0, count: 16 },
    ]);
    expect(slabPlan(0, 0)).toEqual([]);
  });

  it('counts loaded slices once each and reports the fraction and completeness', () => {
    const l = new LoadedSlices(10);
    l.add(3, 1);
    l.add(0, 5);
    l.add(8, 10);
    expect(l.count).toBe(7);
    expect(l.has(4)).toBe(true);
    expect(l.has(5)).toBe(false);
    expect(l.has(-1)).toBe(false);
    expect(l.fraction).toBeCloseTo(0.7);
    l.add(5, 3);
    expect(l.complete).toBe(true);
  });

  it('tells a changed geometry from float noise', () => {
    const a = headerFromScan(scan);
    expect(sameGeometry(a, { ...a, origin: [-180.0000001, -180, -400] })).toBe(true);
    expect(sameGeometry(a, { ...a, dims: [512, 512, 299] })).toBe(false);
    expect(sameGeometry(a, { ...a, spacing: [0.7, 0.7, 2.5] })).toBe(false);
    expect(sameGeometry(a, { ...a, direction: [-1, 0, 0, 0, -1, 0, 0, 0, 1] })).toBe(false);
    expect(sameGeometry(a, { ...a, missingSlices: [150] })).toBe(false);
  });

  it('starts on the remembered axial slice, else the middle one', () => {
    expect(startSlice([0, 0, -390], (p) => Math.round((p[2]! + 400) / 1.25), 300)).toBe(8);
    expect(startSlice(undefined, () => 0, 300)).toBe(149);
    expect(startSlice([0, Number.NaN, 0], () => 0, 5)).toBe(2);
  });
});
