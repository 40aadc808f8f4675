import { describe, expect, it } from 'vitest';
import { DEFAULT_SLAB, clampSlab, parseSlab, slabLabel, stepSlab } from '../../../../renderer/features/viewport/model/slab-mip';
import { parseViewMemory } from '../../../../renderer/features/viewport/model/view-memory';

describe('slab MIP settings', () => {
  it('defaults to off with a 10 mm slab, as the issue asks', () => {
    expect(DEFAULT_SLAB).toEqual({ on: false, thicknessMm: 10 });
  });

  it('steps thicker and thinner through the steps, from any typed value, stopping at the ends', () => {
    expect(stepSlab(10, 1)).toBe(15);
    expect(stepSlab(10, -1)).toBe(5);
    expect(stepSlab(12, 1)).toBe(15);
    expect(stepSlab(12, -1)).toBe(10);
    expect(stepSlab(60, 1)).toBe(60);
    expect(stepSlab(2, -1)).toBe(2);
  });

  it('clamps typed thicknesses to 1..100 mm and replaces nonsense with the default', () => {
    expect(clampSlab(0.2)).toBe(1);
    expect(clampSlab(500)).toBe(100);
    expect(clampSlab(Number.NaN)).toBe(10);
  });

  it('parses a remembered slab, refusing malformed ones', () => {
    expect(parseSlab({ on: true, thicknessMm: 20 })).toEqual({ on: true, thicknessMm: 20 });
    expect(parseSlab({ on: 'yes', thicknessMm: 20 })).toBeNull();
    expect(parseSlab(null)).toBeNull();
    expect(slabLabel({ on: true, thicknessMm: 12.34 })).toBe('MIP 12.3 mm');
    expect(slabLabel({ on: false, thicknessMm: 10 })).toBe('MIP off');
  });

  it('is remembered per scan with the view, and memories from before it still load', () => {
    const base = { layout: '1x3', window: { name: 'lung', width: 1500, level: -600 }, inverted: false, cross: null, cameras: {} };
    expect(parseViewMemory(JSON.stringify({ ...base, slab: { on: true, thicknessMm: 15 } }))?.slab).toEqual({ on: true, thicknessMm: 15 });
    const old = parseViewMemory(JSON.stringify(base));
    expect(old).not.toBeNull();
    expect(old!.slab).toBeUndefined();
  });
});
