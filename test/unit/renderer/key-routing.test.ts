import { describe, expect, it } from 'vitest';
import { keyGoesToHoveredPane } from '../../../renderer/key-routing';

const press = (key: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = {}) => ({ key, ctrlKey: false, metaKey: false, altKey: false, ...mods });

describe('keys for the pane under the mouse', () => {
  it('sends the arrows and Page Up/Down to the hovered pane even when a list or another control has focus', () => {
    for (const key of ['ArrowDown', 'ArrowUp', 'PageDown', 'PageUp']) {
      expect(keyGoesToHoveredPane(press(key), 'control', true), key).toBe(true);
      expect(keyGoesToHoveredPane(press(key), 'none', true), key).toBe(true);
    }
  });

  it('leaves them to the focused control when the mouse is over no pane', () => {
    expect(keyGoesToHoveredPane(press('ArrowDown'), 'control', false)).toBe(false);
  });

  it('leaves them to a text field being typed in (caret, number steps)', () => {
    expect(keyGoesToHoveredPane(press('ArrowDown'), 'text', true)).toBe(false);
  });

  it('never takes other keys or Ctrl / Cmd / Alt chords', () => {
    expect(keyGoesToHoveredPane(press('Enter'), 'control', true)).toBe(false);
    expect(keyGoesToHoveredPane(press('Home'), 'control', true)).toBe(false);
    expect(keyGoesToHoveredPane(press('ArrowDown', { ctrlKey: true }), 'control', true)).toBe(false);
    expect(keyGoesToHoveredPane(press('PageDown', { altKey: true }), 'none', true)).toBe(false);
  });
});
