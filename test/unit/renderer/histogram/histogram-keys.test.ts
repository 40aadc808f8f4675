import { describe, expect, it } from 'vitest';
import { histogramKeyAction } from '../../../../renderer/features/histogram/model/histogram-keys';

// Shift follows the letter's case, as a keyboard sends it.
const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = {}) => ({ key: k, shiftKey: k !== k.toLowerCase(), ctrlKey: false, metaKey: false, altKey: false, ...mods });
const idle = { scan: true, ready: false, loading: false };

describe('histogram keys', () => {
  it('H computes the histogram of the open scan the first time', () => {
    expect(histogramKeyAction(key('h'), idle)).toBe('compute');
  });

  it('H only brings it into view while it is computed or once it is there (no second job)', () => {
    expect(histogramKeyAction(key('h'), { ...idle, loading: true })).toBe('show');
    expect(histogramKeyAction(key('h'), { ...idle, ready: true })).toBe('show');
  });

  it('Shift+H saves a computed histogram, else brings the panel into view', () => {
    expect(histogramKeyAction(key('H'), { ...idle, ready: true })).toBe('save');
    expect(histogramKeyAction(key('H'), idle)).toBe('show');
  });

  it('does nothing without an open scan, for chords or other keys', () => {
    expect(histogramKeyAction(key('h'), { ...idle, scan: false })).toBeNull();
    expect(histogramKeyAction(key('h', { ctrlKey: true }), idle)).toBeNull();
    expect(histogramKeyAction(key('g'), idle)).toBeNull();
  });
});
