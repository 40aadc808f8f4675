import { describe, expect, it } from 'vitest';
import { FIRST_SLAB_SLICES, LoadedSlices, MAX_SLAB_SLICES, UNLOADED_HU, headerFromScan, sameGeometry, slabPlan, startSlice } from '../../../../renderer/features/viewport/model/progressive-load';

const scan = { id: 7, dims: [512, 512, 300] as [number, number, number], spacing: [0.7, 0.7, 1.25] as [number, number, number], origin: [-180, -180, -400] as [number, number, number], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], missingSlices: [] as number[] };

describe('progressive volume loading', () => {
  it('builds the header from the index geometry before any voxel arrives', () => {
    const h = headerFromScan(scan);
    expect(h).toMatchObject({ scanId: 7, dims: [512, 512, 300], spacing: [0.7, 0.7, 1.25], dtype: 'int16', min: UNLOADED_HU, max: UNLOADED_HU });
    expect(h.dims).not.toBe(scan.dims);
  });

  it('plans every slice but the current one exactly once, nearest first, alternating sides', () => {
    const plan = slabPlan(300, 150);
    const seen = new Uint8Array(300);
    for (const s of plan) for (let k = s.start; k < s.start + s.count; k++) seen[k]!++;
    expect(seen[150]).toBe(0);
    expect([...seen].filter((v, k) => k !== 150).every((v) => v === 1)).toBe(true);
    const dist = plan.map((s) => (150 < s.start ? s.start - 150 : 150 - (s.start + s.count - 1)));
    expect(dist).toEqual([...dist].sort((a, b) => a - b));
    expect(plan.slice(0, 2)).toEqual([
      { start: 151, count: FIRST_SLAB_SLICES },
      { start: 150 - FIRST_SLAB_SLICES, count: FIRST_SLAB_SLICES },
    ]);
  });

  it('grows the slabs every two up to the largest when asked to, and keeps them at the stream size by default', () => {
    expect(new Set(slabPlan(300, 150).slice(0, -2).map((s) => s.count))).toEqual(new Set([FIRST_SLAB_SLICES]));
    expect(slabPlan(300, 150, 8, 128, 4).map((s) => s.count)).toEqual([8, 8, 32, 32, 109, 110]);
    expect(slabPlan(300, 150, 8, 64, 2).map((s) => s.count)).toEqual([8, 8, 16, 16, 32, 32, 64, 64, 29, 30]);
    expect(Math.max(...slabPlan(1000, 0).map((s) => s.count))).toBe(MAX_SLAB_SLICES);
  });

  it('keeps going on one side once the other is done, and clamps a current slice outside the volume', () => {
    expect(slabPlan(20, 0, 4, 8, 2)).toEqual([
      { start: 1, count: 4 },
      { start: 5, count: 4 },
      { start: 9, count: 8 },
      { start: 17, count: 3 },
    ]);
    expect(slabPlan(20, 99, 16)).toEqual([{ start: 3, count: 16 }, { start: 0, count: 3 }]);
    expect(slabPlan(1, 0)).toEqual([]);
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
