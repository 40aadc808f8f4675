import { describe, expect, it } from 'vitest';
import { greyMap, toGrey } from '../../../../renderer/features/montage/model/grey-window';
import { voiRangeOf } from '../../../../renderer/features/viewport/model/volume-input';

const lung = { width: 1500, level: -600 };

describe('montage windowing HU → grey', () => {
  it('uses the viewer bounds: lower = level − width/2, upper = level + width/2', () => {
    for (const w of [lung, { width: 350, level: 40 }, { width: 1800, level: 400 }, { width: 1400, level: -300 }]) {
      const m = greyMap(w, false);
      expect({ lower: m.lower, upper: m.upper }).toEqual(voiRangeOf(w));
    }
  });

  it('maps lower to 0, upper to 255 and the level to mid-grey, linearly', () => {
    const m = greyMap(lung, false);
    expect(toGrey(-1350, m)).toBe(0);
    expect(toGrey(150, m)).toBe(255);
    expect(toGrey(-600, m)).toBe(128); // 127.5 rounds up
    expect(toGrey(-975, m)).toBe(64); // a quarter: 63.75
  });

  it('clamps HU outside the window to black and white', () => {
    const m = greyMap(lung, false);
    expect(toGrey(-3024, m)).toBe(0);
    expect(toGrey(-32768, m)).toBe(0);
    expect(toGrey(3071, m)).toBe(255);
    expect(toGrey(32767, m)).toBe(255);
  });

  it('inverts to 255 − grey, clamping included', () => {
    const m = greyMap(lung, false);
    const inv = greyMap(lung, true);
    for (const hu of [-3024, -1350, -975, -600, 0, 150, 2000]) expect(toGrey(hu, inv)).toBe(255 - toGrey(hu, m));
    expect(toGrey(-2000, inv)).toBe(255);
    expect(toGrey(2000, inv)).toBe(0);
  });

  it('grades a box-averaged (fractional) HU value too', () => {
    const m = greyMap({ width: 255, level: 127.5 }, false); // lower 0, upper 255: grey = HU
    expect(toGrey(10.4, m)).toBe(10);
    expect(toGrey(10.6, m)).toBe(11);
  });

  it('turns a zero, negative or non-finite width into a 1 HU threshold at the level', () => {
    for (const width of [0, -50, Number.NaN]) {
      const m = greyMap({ width, level: 100 }, false);
      expect(toGrey(99, m)).toBe(0);
      expect(toGrey(101, m)).toBe(255);
    }
  });
});
