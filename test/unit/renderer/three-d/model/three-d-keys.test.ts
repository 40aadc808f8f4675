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
  it('over the pane: A P L R S I are the six views, C cycles the clip, X exports, Home resets', () => {
    expect(paneKeyAction(press('a'))).toEqual({ kind: 'preset', preset: 'anterior' });
    expect(paneKeyAction(press('P', true))).toEqual({ kind: 'preset', preset: 'posterior' });
    expect(paneKeyAction(press('l'))).toEqual({ kind: 'preset', preset: 'left' });
    expect(paneKeyAction(press('r'))).toEqual({ kind: 'preset', preset: 'right' });
    expect(paneKeyAction(press('s'))).toEqual({ kind: 'preset', preset: 'superior' });
    expect(paneKeyAction(press('i'))).toEqual({ kind: 'preset', preset: 'inferior' });
    expect(paneKeyAction(press('c'))).toEqual({ kind: 'clip' });
    expect(paneKeyAction(press('x'))).toEqual({ kind: 'export' });
    expect(paneKeyAction(press('Home'))).toEqual({ kind: 'reset' });
    expect(paneKeyAction(press('m', true))).toEqual({ kind: 'toggle', surface: 'nodules' });
    expect(paneKeyAction(press('ArrowLeft'))?.kind).toBe('orbit');
  });
  it('the pane table binds no press twice and is what the keyboard map shows', () => {
    expect(chordClashes([THREE_D_COMMANDS, THREE_D_GLOBAL_COMMANDS])).toEqual([]);
    const group = KEY_MAP.find((g) => g.title.startsWith('3D view'))!;
    expect(group.bindings.map((b) => b.keys).flat()).toEqual(expect.arrayContaining(['Shift+3 (#)', 'A', 'C', 'X', 'Home']));
  });
});
