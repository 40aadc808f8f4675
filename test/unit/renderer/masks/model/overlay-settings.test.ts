import { ANNOTATION_PALETTE } from '../../../../../renderer/features/review/model/lesion-list';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_OVERLAY_SETTINGS,
  clampOpacity,
  hexToRgb,
  labelmapStyleOf,
  loadOverlaySettings,
  overlaySettingsKey,
  parseOverlaySettings,
  saveOverlaySettings,
  stepOpacity,
  toggleStyles,
  toggleVisible,
  withLayer,
  withLungVersion,
  type OverlaySettings,
  withLungDilated,
} from '../../../../../renderer/features/masks/model/overlay-settings';

function mapStore() {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), m };
}

const CUSTOM: OverlaySettings = {
  lung: { visible: false, opacity: 0.6, style: 'outline', color: '#00ff00', versionId: 12, dilated: true },
  nodules: { visible: true, opacity: 0.4, style: 'fill', color: '#ff0000' },
};

describe('overlay settings defaults', () => {
  it('shows the lung as a translucent blue fill and the nodules as a magenta outline, unlike any annotation colour', () => {
    const { lung, nodules } = DEFAULT_OVERLAY_SETTINGS;
    expect(lung).toMatchObject({ visible: true, style: 'fill', opacity: 0.25, versionId: null, dilated: false });
    const [r, g, b] = hexToRgb(lung.color);
    expect(b).toBeGreaterThan(r);
    expect(b).toBeGreaterThan(g);
    expect(nodules).toMatchObject({ visible: true, style: 'outline' });
    const [nr, ng, nb] = hexToRgb(nodules.color);
    expect(nr).toBeGreaterThan(ng + 100);
    expect(nb).toBeGreaterThan(ng + 100);
    for (const c of ANNOTATION_PALETTE) expect(c.toLowerCase()).not.toBe(nodules.color.toLowerCase());
  });
});

describe('overlay settings memory', () => {
  it('gives back what was saved for the same scan, and the defaults for another', () => {
    const store = mapStore();
    saveOverlaySettings(store, overlaySettingsKey(7, '1.2.3'), CUSTOM);
    expect(loadOverlaySettings(store, overlaySettingsKey(7, '1.2.3'))).toEqual(CUSTOM);
    expect(loadOverlaySettings(store, overlaySettingsKey(8, '1.2.3'))).toEqual(DEFAULT_OVERLAY_SETTINGS);
    expect(loadOverlaySettings(store, overlaySettingsKey(7, '1.2.4'))).toEqual(DEFAULT_OVERLAY_SETTINGS);
  });
  it('keys by scan id and series UID, apart from the view memory', () => {
    expect(overlaySettingsKey(3, '1.2')).toBe('lungdesk.masks.v1.3.1.2');
  });
  it('rejects values that are not a JSON object', () => {
    for (const text of [null, 'not json', 'null', '42', '[1,2]', '"x"']) expect(parseOverlaySettings(text)).toBeNull();
  });
  it('takes the default for each malformed field alone and keeps the good ones', () => {
    const text = JSON.stringify({
      lung: { visible: 'yes', opacity: 0.5, style: 'hatched', color: 'blue', versionId: -3 },
      nodules: { visible: false, opacity: 'high', style: 'fill', color: '#ABCDEF' },
    });
    expect(parseOverlaySettings(text)).toEqual({
      lung: { ...DEFAULT_OVERLAY_SETTINGS.lung, opacity: 0.5 },
      nodules: { ...DEFAULT_OVERLAY_SETTINGS.nodules, visible: false, style: 'fill', color: '#abcdef' },
    });
    expect(parseOverlaySettings('{}')).toEqual(DEFAULT_OVERLAY_SETTINGS);
  });
  it('shows the undilated lung mask unless the dilated one was asked for (a stored non-boolean counts as no)', () => {
    expect(parseOverlaySettings(JSON.stringify({ lung: { dilated: true } }))?.lung.dilated).toBe(true);
    expect(parseOverlaySettings(JSON.stringify({ lung: { dilated: 'yes' } }))?.lung.dilated).toBe(false);
    expect(parseOverlaySettings(JSON.stringify({ lung: {} }))?.lung.dilated).toBe(false);
  });
  it('lets go of a chosen lung version when switching between the mask and its dilation', () => {
    const s = withLungDilated(CUSTOM, false);
    expect(s.lung).toMatchObject({ dilated: false, versionId: null, color: '#00ff00' });
  });
  it('clamps a stored opacity outside 0..1 and drops a non-integer version id', () => {
    const s = parseOverlaySettings(JSON.stringify({ lung: { opacity: 7, versionId: 1.5 }, nodules: { opacity: -1 } }));
    expect(s?.lung.opacity).toBe(1);
    expect(s?.lung.versionId).toBeNull();
    expect(s?.nodules.opacity).toBe(0);
  });
  it('survives a storage that throws (disabled or full)', () => {
    const broken = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('quota');
      },
    };
    expect(loadOverlaySettings(broken, 'k')).toEqual(DEFAULT_OVERLAY_SETTINGS);
    expect(() => saveOverlaySettings(broken, 'k', CUSTOM)).not.toThrow();
    expect(loadOverlaySettings(null, 'k')).toEqual(DEFAULT_OVERLAY_SETTINGS);
  });
});

describe('overlay settings changes', () => {
  it('toggles one overlay and leaves the other and the input untouched', () => {
    const s = toggleVisible(DEFAULT_OVERLAY_SETTINGS, 'lung');
    expect(s.lung.visible).toBe(false);
    expect(s.nodules).toBe(DEFAULT_OVERLAY_SETTINGS.nodules);
    expect(DEFAULT_OVERLAY_SETTINGS.lung.visible).toBe(true);
  });
  it('switches fill and outline of each visible overlay on its own, and not of a hidden one', () => {
    const both = toggleStyles(DEFAULT_OVERLAY_SETTINGS);
    expect([both.lung.style, both.nodules.style]).toEqual(['outline', 'fill']);
    const lungHidden = toggleStyles(toggleVisible(DEFAULT_OVERLAY_SETTINGS, 'lung'));
    expect([lungHidden.lung.style, lungHidden.nodules.style]).toEqual(['fill', 'fill']);
  });
  it('steps the opacity of visible overlays only, clamped to 0..1 without float dust', () => {
    const up = stepOpacity(DEFAULT_OVERLAY_SETTINGS, 0.1);
    expect(up.lung.opacity).toBe(0.35);
    expect(up.nodules.opacity).toBe(1);
    let down = toggleVisible(DEFAULT_OVERLAY_SETTINGS, 'nodules');
    for (let i = 0; i < 5; i++) down = stepOpacity(down, -0.1);
    expect(down.lung.opacity).toBe(0);
    expect(down.nodules.opacity).toBe(1);
  });
  it('clamps opacity and ignores a colour that is not #rrggbb', () => {
    expect(withLayer(DEFAULT_OVERLAY_SETTINGS, 'lung', { opacity: 3 }).lung.opacity).toBe(1);
    expect(withLayer(DEFAULT_OVERLAY_SETTINGS, 'lung', { color: 'red' }).lung.color).toBe(DEFAULT_OVERLAY_SETTINGS.lung.color);
    expect(withLayer(DEFAULT_OVERLAY_SETTINGS, 'lung', { color: '#102030' }).lung.color).toBe('#102030');
    expect(clampOpacity(Number.NaN)).toBe(0);
  });
  it('remembers a chosen lung version, and null follows the newest', () => {
    expect(withLungVersion(DEFAULT_OVERLAY_SETTINGS, 4).lung.versionId).toBe(4);
    expect(withLungVersion(withLungVersion(DEFAULT_OVERLAY_SETTINGS, 4), null).lung.versionId).toBeNull();
  });
});

describe('colours and labelmap styles', () => {
  it('reads #rrggbb in either case and refuses anything else', () => {
    expect(hexToRgb('#3C8cff')).toEqual([60, 140, 255]);
    expect(() => hexToRgb('#fff')).toThrow(/#rrggbb/);
  });
  it('fills with the opacity as alpha and draws no outline in fill style', () => {
    const s = labelmapStyleOf({ visible: true, opacity: 0.25, style: 'fill', color: '#000000' });
    expect(s).toMatchObject({ renderFill: true, fillAlpha: 0.25, renderOutline: false });
  });
  it('draws only an outline with the opacity in outline style', () => {
    const s = labelmapStyleOf({ visible: true, opacity: 0.8, style: 'outline', color: '#000000' });
    expect(s).toMatchObject({ renderFill: false, fillAlpha: 0, renderOutline: true, outlineOpacity: 0.8 });
    expect(s.outlineWidth).toBeGreaterThan(0);
  });
  it('gives the inactive fields the same values as the active ones (two overlays share a viewport)', () => {
    for (const style of ['fill', 'outline'] as const) {
      const s = labelmapStyleOf({ visible: true, opacity: 0.6, style, color: '#000000' });
      expect(s.renderFillInactive).toBe(s.renderFill);
      expect(s.fillAlphaInactive).toBe(s.fillAlpha);
      expect(s.renderOutlineInactive).toBe(s.renderOutline);
      expect(s.outlineOpacityInactive).toBe(s.outlineOpacity);
      expect(s.outlineWidthInactive).toBe(s.outlineWidth);
    }
  });
});
