import { describe, expect, it } from 'vitest';
import { KEY_MAP } from '../../../../renderer/features/help/model/key-map';
import { MASK_EDIT_COMMANDS, maskChordAction, maskEditKeyAction, toolTitle } from '../../../../renderer/features/mask-editor/model/editor-commands';

const press = (key: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean; shiftKey: boolean }> = {}) => ({ key, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...mods });

describe('mask editor command table', () => {
  it('maps the number keys 5–0 to the tools and J to fill between slices', () => {
    expect(maskEditKeyAction(press('5'))).toEqual({ kind: 'tool', tool: 'brush' });
    expect(maskEditKeyAction(press('6'))).toEqual({ kind: 'tool', tool: 'eraser' });
    expect(maskEditKeyAction(press('0'))).toEqual({ kind: 'tool', tool: 'islands' });
    expect(maskEditKeyAction(press('j'))).toEqual({ kind: 'op', op: 'interpolate' });
    expect(maskEditKeyAction(press('J', { shiftKey: true }))).toEqual({ kind: 'op', op: 'grow' });
  });

  it('leaves Ctrl chords to maskChordAction: Ctrl+Z undo, Ctrl+Shift+Z and Ctrl+Y redo, Ctrl+S save', () => {
    expect(maskEditKeyAction(press('z', { ctrlKey: true }))).toBeNull();
    expect(maskChordAction(press('z', { ctrlKey: true }))).toEqual({ kind: 'undo' });
    expect(maskChordAction(press('Z', { ctrlKey: true, shiftKey: true }))).toEqual({ kind: 'redo' });
    expect(maskChordAction(press('y', { ctrlKey: true }))).toEqual({ kind: 'redo' });
    expect(maskChordAction(press('s', { metaKey: true }))).toEqual({ kind: 'save' });
    expect(maskChordAction(press('z'))).toBeNull();
    expect(maskChordAction(press('z', { ctrlKey: true, altKey: true }))).toBeNull();
  });

  it('gives each toolbar button its row as tooltip, and the ? map lists every row', () => {
    expect(toolTitle('brush')).toMatch(/^Brush: .*\(5\)$/);
    const group = KEY_MAP.find((g) => g.title === 'Mask editing')!;
    const keys = group.bindings.flatMap((b) => b.keys);
    for (const row of MASK_EDIT_COMMANDS) for (const k of row.keys) expect(keys).toContain(k);
  });
});
