import { describe, expect, it } from 'vitest';
import { dragWindow, windowLabel } from '../../../../renderer/features/viewport/model/window-level';

describe('dragWindow', () => {
  it('widens the window when dragged right and raises the level when dragged down', () => {
    const w = dragWindow({ width: 350, level: 40 }, 100, 50);
    expect(w.width).toBeGreaterThan(350);
    expect(w.level).toBeGreaterThan(40);
    expect(w.name).toBe('custom');
  });
  it('moves faster for a wide window: width/250 HU per pixel', () => {
    expect(dragWindow({ width: 1500, level: -600 }, 10, -10)).toEqual({ name: 'custom', width: 1560, level: -660 });
    expect(dragWindow({ width: 100, level: 0 }, 10, 0).width).toBe(110);
  });
  it('never makes the width smaller than 1 HU', () => {
    expect(dragWindow({ width: 50, level: 0 }, -500, 0).width).toBe(1);
  });
  it('names the preset when the drag lands back on it', () => {
    expect(dragWindow({ width: 1500, level: -600 }, 0, 0).name).toBe('lung');
  });
});

describe('windowLabel', () => {
  it('shows the W/L numbers and marks an inverted display', () => {
    expect(windowLabel({ name: 'custom', width: 812, level: -433 }, false)).toBe('custom · W 812 / L -433');
    expect(windowLabel({ name: 'lung', width: 1500, level: -600 }, true)).toBe('lung · W 1500 / L -600 · inverted');
  });
});
