import { describe, expect, it } from 'vitest';
import { KEY_MAP } from '../../../../../renderer/features/help/model/key-map';
import { OVERLAY_COMMANDS, applyOverlayKey, maskJobKey, overlayKeyAction } from '../../../../../renderer/features/masks/model/overlay-keys';
import { DEFAULT_OVERLAY_SETTINGS } from '../../../../../renderer/features/masks/model/overlay-settings';

const key = (k: string, mods: Partial<{ shiftKey: boolean; ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = {}) => ({
  key: k,
  shiftKey: false,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  ...mods,
});

describe('overlay keys', () => {
  it('maps M, Shift+M, O, [, ] and D to their actions', () => {
    expect(overlayKeyAction(key('w'))).toBe('toggle-dilated');
    expect(overlayKeyAction(key('W', { shiftKey: true }))).toBeNull();
    expect(overlayKeyAction(key('m'))).toBe('toggle-lung');
    expect(overlayKeyAction(key('M', { shiftKey: true }))).toBe('toggle-nodules');
    expect(overlayKeyAction(key('o'))).toBe('toggle-style');
    expect(overlayKeyAction(key('['))).toBe('opacity-down');
    expect(overlayKeyAction(key(']'))).toBe('opacity-up');
  });
  it('lets Shift, not Caps Lock, choose between the lung and the nodule overlay', () => {
    expect(overlayKeyAction(key('M'))).toBe('toggle-lung');
    expect(overlayKeyAction(key('m', { shiftKey: true }))).toBe('toggle-nodules');
  });
  it('leaves presses with Ctrl, Cmd or Alt, and other keys, to others', () => {
    expect(overlayKeyAction(key('m', { ctrlKey: true }))).toBeNull();
    expect(overlayKeyAction(key('m', { metaKey: true }))).toBeNull();
    expect(overlayKeyAction(key('[', { altKey: true }))).toBeNull();
    expect(overlayKeyAction(key('O', { shiftKey: true }))).toBeNull();
    for (const k of ['n', 'p', 'l', 'i', 'r', 's', 't', 'g', 'a', '1', '+', '?']) expect(overlayKeyAction(key(k))).toBeNull();
  });
  it('applies each action to the settings', () => {
    const s = DEFAULT_OVERLAY_SETTINGS;
    expect(applyOverlayKey(s, 'toggle-lung').lung.visible).toBe(false);
    expect(applyOverlayKey(s, 'toggle-nodules').nodules.visible).toBe(false);
    expect(applyOverlayKey(s, 'toggle-style').lung.style).toBe('outline');
    expect(applyOverlayKey(s, 'opacity-up').lung.opacity).toBe(0.35);
    expect(applyOverlayKey(s, 'opacity-down').lung.opacity).toBe(0.15);
    const dilated = applyOverlayKey(applyOverlayKey(s, 'toggle-lung'), 'toggle-dilated');
    expect(dilated.lung).toMatchObject({ dilated: true, visible: true });
    expect(applyOverlayKey(dilated, 'toggle-dilated').lung.dilated).toBe(false);
  });
  it('appears in the keyboard map', () => {
    const keys = new Set(KEY_MAP.flatMap((g) => g.bindings.flatMap((b) => b.keys)));
    for (const k of OVERLAY_COMMANDS.flatMap((c) => c.keys)) expect(keys, k).toContain(k);
  });
});

describe('mask job keys', () => {
  const plain = { shiftKey: false, ctrlKey: false, metaKey: false, altKey: false };
  it('runs the lung mask on K and segments the nodules on Shift+K, Caps Lock or not', () => {
    expect(maskJobKey({ key: 'k', ...plain })).toBe('lung');
    expect(maskJobKey({ key: 'K', ...plain })).toBe('lung');
    expect(maskJobKey({ key: 'K', ...plain, shiftKey: true })).toBe('nodules');
  });
  it('leaves Ctrl/Cmd/Alt+K and other keys alone', () => {
    expect(maskJobKey({ key: 'k', ...plain, ctrlKey: true })).toBeNull();
    expect(maskJobKey({ key: 'm', ...plain })).toBeNull();
  });
});
