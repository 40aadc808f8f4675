import { describe, expect, it } from 'vitest';
import { defaultExportPath } from '../../../../../renderer/features/three-d/model/export-path';
import { DEFAULT_THREE_D_SETTINGS, kindsAfterMaskEdit, loadThreeDSettings, parseThreeDSettings, saveThreeDSettings, threeDSettingsKey, toggleSurface, withSurface } from '../../../../../renderer/features/three-d/model/surface-settings';

class MapStore {
  readonly m = new Map<string, string>();
  getItem(k: string) {
    return this.m.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.m.set(k, v);
  }
}

describe('3D surface settings, remembered per scan', () => {
  it('defaults: lung translucent and shown, lesions and bone shown at 400 HU, skin and mask versions off, no clip', () => {
    const s = DEFAULT_THREE_D_SETTINGS;
    expect(s.surfaces.lung.visible).toBe(true);
    expect(s.surfaces.lung.opacity).toBeLessThan(0.5);
    expect(s.surfaces.nodules.visible).toBe(true);
    expect(s.surfaces.bone.visible).toBe(true);
    expect(s.boneHu).toBe(400);
    expect(s.surfaces.skin.visible).toBe(false);
    expect(s.clip).toBe('off');
  });

  it('remembers each scan apart: what one saves the other does not load', () => {
    const store = new MapStore();
    const a = threeDSettingsKey(1, '1.2.3');
    const b = threeDSettingsKey(2, '1.2.4');
    const changed = { ...withSurface(toggleSurface(DEFAULT_THREE_D_SETTINGS, 'skin'), 'lung', { color: '#112233', opacity: 0.4 }), clip: 'coronal' as const, maskId: 7 };
    saveThreeDSettings(store, a, changed);
    expect(loadThreeDSettings(store, a)).toEqual(changed);
    expect(loadThreeDSettings(store, b)).toEqual(DEFAULT_THREE_D_SETTINGS);
  });

  it('keeps what is good in a damaged entry and takes defaults for the rest', () => {
    const s = parseThreeDSettings(JSON.stringify({ surfaces: { lung: { visible: false, color: 'red', opacity: 7 } }, clip: 'diagonal', boneHu: 'x', maskId: -3 }))!;
    expect(s.surfaces.lung).toEqual({ visible: false, color: DEFAULT_THREE_D_SETTINGS.surfaces.lung.color, opacity: 1 });
    expect(s.surfaces.bone).toEqual(DEFAULT_THREE_D_SETTINGS.surfaces.bone);
    expect(s.clip).toBe('off');
    expect(s.boneHu).toBe(400);
    expect(s.maskId).toBeNull();
    expect(parseThreeDSettings('not json')).toBeNull();
    expect(parseThreeDSettings(null)).toBeNull();
  });

  it('clamps opacity and ignores a bad colour', () => {
    const s = withSurface(DEFAULT_THREE_D_SETTINGS, 'bone', { opacity: -1, color: 'nope' });
    expect(s.surfaces.bone.opacity).toBe(0);
    expect(s.surfaces.bone.color).toBe(DEFAULT_THREE_D_SETTINGS.surfaces.bone.color);
  });

  it('a saved mask edit makes the lung, lesions and chosen mask version stale (hidden ones too), never the HU surfaces', () => {
    expect(kindsAfterMaskEdit(DEFAULT_THREE_D_SETTINGS)).toEqual(['lung', 'nodules']);
    const withMask = { ...toggleSurface(DEFAULT_THREE_D_SETTINGS, 'lung'), maskId: 4 };
    expect(kindsAfterMaskEdit(withMask)).toEqual(['lung', 'nodules', 'mask']);
  });
});

describe('3D export default path', () => {
  it('puts the file beside the data folder (never inside it), named by scan and surface, in the folder\'s own separator', () => {
    expect(defaultExportPath('/home/r/.lungdesk/', 12, 'lung', 'stl')).toBe('/home/r/lungdesk-12-lung.stl');
    expect(defaultExportPath('C:\\Users\\r\\LungDesk', 3, 'bone', 'obj')).toBe('C:\\Users\\r\\lungdesk-3-bone.obj');
    expect(defaultExportPath('/data', 1, 'skin', 'gltf')).toBe('/lungdesk-1-skin.gltf');
  });
});
