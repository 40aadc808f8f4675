import { describe, expect, it } from 'vitest';
import { scaleBar } from '../../../../renderer/features/viewport/model/scale-bar';

describe('scaleBar', () => {
  it('picks the longest 1/2/5×10^k mm length within 20% of the pane width', () => {
    // 200 mm tall view on 400 px: 0.5 mm/px; 20% of 500 px = 100 px = 50 mm.
    const bar = scaleBar(100, 400, 500)!;
    expect(bar.mm).toBe(50);
    expect(bar.px).toBeCloseTo(100);
    expect(bar.label).toBe('5 cm');
  });
  it('rounds down to 2 and 1 multiples', () => {
    // 0.5 mm/px, 20% of 300 px = 60 px = 30 mm → 20 mm.
    expect(scaleBar(100, 400, 300)!.mm).toBe(20);
    // 0.1 mm/px, 20% of 700 px = 14 mm → 10 mm.
    expect(scaleBar(20, 400, 700)!.mm).toBe(10);
  });
  it('works below a millimetre when zoomed far in', () => {
    // 0.01 mm/px, 20% of 200 px = 0.4 mm → 0.2 mm.
    const bar = scaleBar(2, 400, 200)!;
    expect(bar.mm).toBe(0.2);
    expect(bar.label).toBe('0.2 mm');
    expect(bar.px).toBeCloseTo(20);
  });
  it('never draws a bar longer than the fraction of the width', () => {
    for (const scale of [3.7, 17, 123, 480]) {
      for (const w of [120, 333, 999]) {
        const bar = scaleBar(scale, 500, w)!;
        expect(bar.px).toBeLessThanOrEqual(0.2 * w + 1e-6);
        expect(bar.px).toBeGreaterThan(0.2 * w * 0.4 - 1e-6);
      }
    }
  });
  it('gives no bar for a zero-sized pane or a missing scale', () => {
    expect(scaleBar(0, 400, 400)).toBeNull();
    expect(scaleBar(100, 0, 400)).toBeNull();
    expect(scaleBar(100, 400, 0)).toBeNull();
    expect(scaleBar(Number.NaN, 400, 400)).toBeNull();
  });
});
