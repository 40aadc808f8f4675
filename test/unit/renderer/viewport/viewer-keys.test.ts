import { describe, expect, it } from 'vitest';
import { viewerKeyAction, type ViewerKeyPress } from '../../../../renderer/features/viewport/model/viewer-keys';

const press = (key: string, mods: Partial<Omit<ViewerKeyPress, 'key'>> = {}): ViewerKeyPress => ({ key, shiftKey: false, ctrlKey: false, metaKey: false, altKey: false, ...mods });
const kindOf = (key: string, mods: Partial<Omit<ViewerKeyPress, 'key'>> = {}): string | null => viewerKeyAction(press(key, mods))?.kind ?? null;

describe('viewer keys', () => {
  it('binds 1–4 to the lung, mediastinum, bone and seed presets', () => {
    expect(['1', '2', '3', '4'].map((k) => {
      const a = viewerKeyAction(press(k));
      return a?.kind === 'preset' ? a.preset.name : null;
    })).toEqual(['lung', 'mediastinum', 'bone', 'seed']);
    expect(viewerKeyAction(press('5'))).toBeNull();
  });

  it('maps the letter keys in either case, except t and Shift+T which step the slab both ways', () => {
    for (const [key, kind] of [
      ['i', 'invert'],
      ['l', 'next-layout'],
      ['r', 'reset'],
      ['f', 'maximise'],
      ['a', 'place'],
      ['s', 'slab'],
      ['g', 'montage'],
    ] as const) {
      expect(kindOf(key)).toBe(kind);
      expect(kindOf(key.toUpperCase(), { shiftKey: true })).toBe(kind);
    }
    expect(kindOf('t')).toBe('slab-thicker');
    expect(kindOf('T', { shiftKey: true })).toBe('slab-thinner');
    expect(kindOf('Escape')).toBe('escape');
  });

  it('zooms in on + and =, out on - and _, by the same factor', () => {
    const factor = (key: string): number | null => {
      const a = viewerKeyAction(press(key));
      return a?.kind === 'zoom' ? a.factor : null;
    };
    expect(factor('+')).toBe(1.25);
    expect(factor('=')).toBe(1.25);
    expect(factor('-')).toBe(1 / 1.25);
    expect(factor('_')).toBe(1 / 1.25);
  });

  it('scrolls one slice on the arrows and ten on PageUp/PageDown, and pans on Shift+arrows', () => {
    expect(viewerKeyAction(press('ArrowDown'))).toEqual({ kind: 'scroll', slices: 1 });
    expect(viewerKeyAction(press('ArrowUp'))).toEqual({ kind: 'scroll', slices: -1 });
    expect(viewerKeyAction(press('PageDown'))).toEqual({ kind: 'scroll', slices: 10 });
    expect(viewerKeyAction(press('PageUp', { shiftKey: true }))).toEqual({ kind: 'scroll', slices: -10 });
    expect(viewerKeyAction(press('ArrowLeft'))).toBeNull();
    expect(viewerKeyAction(press('ArrowLeft', { shiftKey: true }))).toEqual({ kind: 'pan', dx: -1, dy: 0 });
    expect(viewerKeyAction(press('ArrowRight', { shiftKey: true }))).toEqual({ kind: 'pan', dx: 1, dy: 0 });
    expect(viewerKeyAction(press('ArrowUp', { shiftKey: true }))).toEqual({ kind: 'pan', dx: 0, dy: -1 });
    expect(viewerKeyAction(press('ArrowDown', { shiftKey: true }))).toEqual({ kind: 'pan', dx: 0, dy: 1 });
  });

  it('leaves Ctrl, Cmd and Alt chords and unbound keys alone', () => {
    expect(kindOf('1', { ctrlKey: true })).toBeNull();
    expect(kindOf('g', { metaKey: true })).toBeNull();
    expect(kindOf('ArrowDown', { altKey: true })).toBeNull();
    expect(kindOf('x')).toBeNull();
    expect(kindOf('Enter')).toBeNull();
  });
});
