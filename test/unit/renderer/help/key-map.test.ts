import { describe, expect, it } from 'vitest';
import { KEY_MAP, isHelpKey } from '../../../../renderer/features/help/model/key-map';

describe('keyboard map', () => {
  it('lists every key the app binds', () => {
    const keys = new Set(KEY_MAP.flatMap((g) => g.bindings.flatMap((b) => b.keys)));
    const bound = ['1', '2', '3', '4', 'N', 'P', 'L', 'I', 'R', '+', '-', 'Wheel', '↑', '↓', 'PageUp', 'PageDown', '/', 'Enter', '?'];
    // Issue 7's later keys: MIP, placement, montage, histogram, masks, maximise, edit/delete.
    bound.push('S', 'T', 'Shift+T', 'A', 'E', 'Delete', 'G', 'X', 'H', 'Shift+H', 'M', 'Shift+M', 'O', '[', ']', 'K', 'Shift+K', 'F', 'Shift+←↑→↓');
    // Issue 13: the Export dialog.
    bound.push('Shift+E');
    for (const k of bound) {
      expect(keys, k).toContain(k);
    }
  });
  it('toggles on ? without modifiers other than shift', () => {
    expect(isHelpKey({ key: '?', ctrlKey: false, metaKey: false, altKey: false })).toBe(true);
    expect(isHelpKey({ key: '?', ctrlKey: true, metaKey: false, altKey: false })).toBe(false);
    expect(isHelpKey({ key: '/', ctrlKey: false, metaKey: false, altKey: false })).toBe(false);
  });
  it('reads a real KeyboardEvent, whose fields are prototype getters (a spread of it has none)', () => {
    class Press {
      get key(): string {
        return '?';
      }
      get ctrlKey(): boolean {
        return false;
      }
      get metaKey(): boolean {
        return false;
      }
      get altKey(): boolean {
        return false;
      }
    }
    expect(isHelpKey(new Press())).toBe(true);
  });
});
