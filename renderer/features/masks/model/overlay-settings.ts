import { loadScanMemory, saveScanMemory, scanMemoryKey, storedObject, type KeyValueStore } from '../../../scan-memory';

/** The two overlays the reading room can show over the CT. */
export const OVERLAY_LAYERS = ['lung', 'nodules'] as const;
export type OverlayLayer = (typeof OVERLAY_LAYERS)[number];

/** Fill paints the inside translucent; outline draws only the label's border. */
export type OverlayStyle = 'fill' | 'outline';

/** How one overlay is drawn. `color` is "#rrggbb" (what an input type=color gives). */
export interface LayerSettings {
  visible: boolean;
  /** 0..1: the fill's alpha in fill style, the border's opacity in outline style. */
  opacity: number;
  style: OverlayStyle;
  color: string;
}

/** What the mask overlays remember per scan. */
export interface OverlaySettings {
  /**
   * The lung overlay; `versionId` null means "the newest lung mask", of the dilated kind
   * when `dilated` (the undilated mask by default).
   */
  lung: LayerSettings & { versionId: number | null; dilated: boolean };
  nodules: LayerSettings;
}

/**
 * Lung: a translucent blue wash that leaves the parenchyma readable; nodules: a magenta rim,
 * apart from every annotation circle's colour (LUNA16 amber, LIDC cyan, user green).
 */
export const DEFAULT_OVERLAY_SETTINGS: OverlaySettings = {
  lung: { visible: true, opacity: 0.25, style: 'fill', color: '#3c8cff', versionId: null, dilated: false },
  nodules: { visible: true, opacity: 1, style: 'outline', color: '#ff3dd8' },
};

/** The step of `[` and `]`. */
export const OPACITY_STEP = 0.1;

const HEX_COLOR = /^#[0-9a-f]{6}$/i;

/** Opacity clamped to 0..1 and rounded to 2 decimals, so repeated steps land on 0.3, not 0.30000000000000004. */
export function clampOpacity(v: number): number {
  if (!Number.isFinite(v)) return 0;
  return Math.round(Math.min(1, Math.max(0, v)) * 100) / 100;
}

/** "#3C8CFF" → [60, 140, 255]; anything not "#rrggbb" throws (the settings parser never lets one through). */
export function hexToRgb(color: string): [number, number, number] {
  if (!HEX_COLOR.test(color)) throw new Error(`not a #rrggbb colour: ${color}`);
  return [parseInt(color.slice(1, 3), 16), parseInt(color.slice(3, 5), 16), parseInt(color.slice(5, 7), 16)];
}

/** Returns new settings with one overlay changed; opacity is clamped, a bad colour is ignored. */
export function withLayer(s: OverlaySettings, layer: OverlayLayer, patch: Partial<LayerSettings>): OverlaySettings {
  const next = { ...s[layer], ...patch };
  next.opacity = clampOpacity(next.opacity);
  if (!HEX_COLOR.test(next.color)) next.color = s[layer].color;
  return { ...s, [layer]: next };
}

/** The lung version to remember (null: follow the newest). */
export function withLungVersion(s: OverlaySettings, versionId: number | null): OverlaySettings {
  return { ...s, lung: { ...s.lung, versionId } };
}

/** Shows the newest dilated lung mask, or the newest undilated one (a chosen version is let go). */
export function withLungDilated(s: OverlaySettings, dilated: boolean): OverlaySettings {
  return { ...s, lung: { ...s.lung, dilated, versionId: null } };
}

export function toggleVisible(s: OverlaySettings, layer: OverlayLayer): OverlaySettings {
  return withLayer(s, layer, { visible: !s[layer].visible });
}

/**
 * Switches fill ↔ outline on every visible overlay, each on its own (a lung fill with a
 * nodule rim becomes a lung rim with a nodule fill). Hidden overlays are left as they are.
 */
export function toggleStyles(s: OverlaySettings): OverlaySettings {
  let out = s;
  for (const layer of OVERLAY_LAYERS) {
    if (s[layer].visible) out = withLayer(out, layer, { style: s[layer].style === 'fill' ? 'outline' : 'fill' });
  }
  return out;
}

/** Adds `delta` to the opacity of every visible overlay (clamped to 0..1). */
export function stepOpacity(s: OverlaySettings, delta: number): OverlaySettings {
  let out = s;
  for (const layer of OVERLAY_LAYERS) {
    if (s[layer].visible) out = withLayer(out, layer, { opacity: s[layer].opacity + delta });
  }
  return out;
}

/**
 * The Cornerstone labelmap style of an overlay (a plain object, so this file stays free of
 * Cornerstone). Cornerstone styles the active segmentation of a viewport and the others
 * with separate `…Inactive` fields; two overlays share a viewport and only one can be active,
 * so both sets get the same values.
 */
export function labelmapStyleOf(l: LayerSettings): {
  renderFill: boolean;
  renderFillInactive: boolean;
  fillAlpha: number;
  fillAlphaInactive: number;
  renderOutline: boolean;
  renderOutlineInactive: boolean;
  outlineOpacity: number;
  outlineOpacityInactive: number;
  outlineWidth: number;
  outlineWidthInactive: number;
  activeSegmentOutlineWidthDelta: number;
} {
  const fill = l.style === 'fill';
  const opacity = clampOpacity(l.opacity);
  return {
    renderFill: fill,
    renderFillInactive: fill,
    fillAlpha: fill ? opacity : 0,
    fillAlphaInactive: fill ? opacity : 0,
    renderOutline: !fill,
    renderOutlineInactive: !fill,
    outlineOpacity: fill ? 0 : opacity,
    outlineOpacityInactive: fill ? 0 : opacity,
    outlineWidth: 2,
    outlineWidthInactive: 2,
    activeSegmentOutlineWidthDelta: 0,
  };
}

const PREFIX = 'lungdesk.masks.v1.';

/** Storage key of one scan: its id and series UID (a re-index may reuse ids), as the view memory does. */
export function overlaySettingsKey(scanId: number, seriesUid: string): string {
  return scanMemoryKey(PREFIX, scanId, seriesUid);
}

/** One stored overlay merged over its defaults: each broken field falls back alone. */
function parseLayer<T extends LayerSettings>(raw: unknown, fallback: T): T {
  if (typeof raw !== 'object' || raw === null) return fallback;
  const o = raw as Record<string, unknown>;
  return {
    ...fallback,
    visible: typeof o.visible === 'boolean' ? o.visible : fallback.visible,
    opacity: typeof o.opacity === 'number' && Number.isFinite(o.opacity) ? clampOpacity(o.opacity) : fallback.opacity,
    style: o.style === 'fill' || o.style === 'outline' ? o.style : fallback.style,
    color: typeof o.color === 'string' && HEX_COLOR.test(o.color) ? o.color.toLowerCase() : fallback.color,
  };
}

/**
 * Parses a stored value. Not JSON or not an object gives null (nothing remembered);
 * otherwise every field that is missing or malformed takes its default, so an older or
 * hand-edited entry keeps whatever is still good in it.
 */
export function parseOverlaySettings(text: string | null): OverlaySettings | null {
  const o = storedObject(text);
  if (!o) return null;
  const lung = parseLayer(o.lung, DEFAULT_OVERLAY_SETTINGS.lung);
  const rawVersion = typeof o.lung === 'object' && o.lung !== null ? (o.lung as Record<string, unknown>).versionId : null;
  lung.versionId = typeof rawVersion === 'number' && Number.isInteger(rawVersion) && rawVersion > 0 ? rawVersion : null;
  const rawDilated = typeof o.lung === 'object' && o.lung !== null ? (o.lung as Record<string, unknown>).dilated : null;
  lung.dilated = typeof rawDilated === 'boolean' ? rawDilated : false;
  return { lung, nodules: parseLayer(o.nodules, DEFAULT_OVERLAY_SETTINGS.nodules) };
}

/** The remembered settings of a scan, or the defaults. */
export function loadOverlaySettings(store: KeyValueStore | null, key: string): OverlaySettings {
  return loadScanMemory(store, key, parseOverlaySettings, DEFAULT_OVERLAY_SETTINGS);
}

export function saveOverlaySettings(store: KeyValueStore | null, key: string, s: OverlaySettings): void {
  saveScanMemory(store, key, s);
}
