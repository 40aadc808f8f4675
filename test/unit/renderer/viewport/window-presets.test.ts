import { describe, expect, it } from 'vitest';
import { WINDOW_PRESETS, presetForKey } from '../../../../renderer/features/viewport/model/window-presets';
import { voiRangeOf } from '../../../../renderer/features/viewport/model/volume-input';

describe('window presets', () => {
  it('binds lung, mediastinum, bone and the seed range to keys 1–4', () => {
    expect(WINDOW_PRESETS.map((p) => [p.key, p.name, p.width, p.level])).toEqual([
      ['1', 'lung', 1500, -600],
      ['2', 'mediastinum', 350, 40],
      ['3', 'bone', 1800, 400],
      ['4', 'seed', 1400, -300],
    ]);
    expect(presetForKey('5')).toBeNull();
  });

  it('makes the seed preset span exactly the −1000..400 HU normalisation range', () => {
    expect(voiRangeOf(presetForKey('4')!)).toEqual({ lower: -1000, upper: 400 });
  });
});
