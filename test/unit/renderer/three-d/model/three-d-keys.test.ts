import { describe, expect, it } from 'vitest';
import { chordClashes } from '../../../../../renderer/key-commands';
import { KEY_MAP } from '../../../../../renderer/features/help/model/key-map';
import { THREE_D_COMMANDS, THREE_D_GLOBAL_COMMANDS, globalThreeDKeyAction, paneKeyAction } from '../../../../../renderer/features/three-d/model/three-d-keys';

const press = (key: string, shiftKey = false) => ({ key, shiftKey, ctrlKey: false, metaKey: false, altKey: false });

describe('3D keys', () => {
  it('Shift+3 (#) toggles the 3D view anywhere; 3 alone stays the bone window', () => {
    expect(globalThreeDKeyAction(press('#', true))).toEqual({ kind: 'toggle-3d' });
    expect(globalThreeDKeyAction(press('3'))).toBeNull();
  });
  it('over the pane: 1–6 are the six views, 7–0 the surfaces, C cycles the clip, X exports, Home resets', () => {
    expect(paneKeyAction(press('1'))).toEqual({ kind: 'preset', preset: 'anterior' });
    expect(paneKeyAction(press('2'))).toEqual({ kind: 'preset', preset: 'posterior' });
    expect(paneKeyAction(press('3'))).toEqual({ kind: 'preset', preset: 'left' });
    expect(paneKeyAction(press('4'))).toEqual({ kind: 'preset', preset: 'right' });
    expect(paneKeyAction(press('5'))).toEqual({ kind: 'preset', preset: 'superior' });
    expect(paneKeyAction(press('6'))).toEqual({ kind: 'preset', preset: 'inferior' });
    expect(paneKeyAction(press('9'))).toEqual({ kind: 'toggle', surface: 'bone' });
    expect(paneKeyAction(press('c'))).toEqual({ kind: 'clip' });
    expect(paneKeyAction(press('x'))).toEqual({ kind: 'export' });
    expect(paneKeyAction(press('Home'))).toEqual({ kind: 'reset' });
    expect(paneKeyAction(press('ArrowLeft'))?.kind).toBe('orbit');
  });
  it('leaves the review letters to the review with the mouse over the pane (N P Y D B U Q V)', () => {
    for (const key of ['n', 'p', 'y', 'd', 'b', 'u', 'q', 'v', 'm']) expect(paneKeyAction(press(key)), key).toBeNull();
  });
  it('the pane table binds no press twice and is what the keyboard map shows', () => {
    expect(chordClashes([THREE_D_COMMANDS, THREE_D_GLOBAL_COMMANDS])).toEqual([]);
    const group = KEY_MAP.find((g) => g.title.startsWith('3D view'))!;
    expect(group.bindings.map((b) => b.keys).flat()).toEqual(expect.arrayContaining(['Shift+3 (#)', '1', 'C', 'X', 'Home']));
  });
});
