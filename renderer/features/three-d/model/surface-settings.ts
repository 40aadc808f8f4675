import { loadScanMemory, saveScanMemory, scanMemoryKey, storedObject, type KeyValueStore } from '../../../scan-memory';
import { CLIP_MODES, type ClipMode } from './clip-plane';

/** The surfaces the pane can draw (the contract's kinds; 'mask' is one saved mask version). */
export const SURFACE_KINDS = ['lung', 'nodules', 'bone', 'skin', 'mask'] as const;
export type SurfaceKindId = (typeof SURFACE_KINDS)[number];

export const SURFACE_LABELS: Record<SurfaceKindId, string> = {
  lung: 'Lung',
  nodules: 'Lesions',
  bone: 'Bone',
  skin: 'Skin',
  mask: 'Mask version',
};

/** How one surface is drawn. Lesions take their decision's colour; their `color` is unused there. */
export interface SurfaceLook {
  visible: boolean;
  color: string;
  opacity: number;
}

/** What the 3D pane remembers per scan. */
export interface ThreeDSettings {
  surfaces: Record<SurfaceKindId, SurfaceLook>;
  /** The mask version drawn as 'mask' (null: none chosen). */
  maskId: number | null;
  /** Bone's iso level in HU. */
  boneHu: number;
  clip: ClipMode;
}

/**
 * Lung translucent so the lesions show through it (the seed's plot_3d draws it at alpha
 * 0.1; a little more reads better on a dark background), bone ivory and opaque as the seed's
 * 400 HU call, skin off until asked for: it hides everything else.
 */
export const DEFAULT_THREE_D_SETTINGS: ThreeDSettings = {
  surfaces: {
    lung: { visible: true, color: '#7fa8ff', opacity: 0.25 },
    nodules: { visible: true, color: '#00e5ff', opacity: 1 },
    bone: { visible: true, color: '#e9dfc8', opacity: 1 },
    skin: { visible: false, color: '#d9a384', opacity: 0.3 },
    mask: { visible: false, color: '#ffb020', opacity: 0.6 },
  },
  maskId: null,
  boneHu: 400,
  clip: 'off',
};

const HEX = /^#[0-9a-f]{6}$/i;
const clamp01 = (v: number): number => Math.round(Math.min(1, Math.max(0, v)) * 100) / 100;

/** New settings with one surface changed; opacity clamped, a bad colour ignored. */
export function withSurface(s: ThreeDSettings, kind: SurfaceKindId, patch: Partial<SurfaceLook>): ThreeDSettings {
  const next = { ...s.surfaces[kind], ...patch };
  next.opacity = Number.isFinite(next.opacity) ? clamp01(next.opacity) : s.surfaces[kind].opacity;
  if (!HEX.test(next.color)) next.color = s.surfaces[kind].color;
  return { ...s, surfaces: { ...s.surfaces, [kind]: next } };
}

export function toggleSurface(s: ThreeDSettings, kind: SurfaceKindId): ThreeDSettings {
  return withSurface(s, kind, { visible: !s.surfaces[kind].visible });
}

function parseLook(v: unknown, fallback: SurfaceLook): SurfaceLook {
  if (typeof v !== 'object' || v === null) return { ...fallback };
  const o = v as Record<string, unknown>;
  return {
    visible: typeof o.visible === 'boolean' ? o.visible : fallback.visible,
    color: typeof o.color === 'string' && HEX.test(o.color) ? o.color.toLowerCase() : fallback.color,
    opacity: typeof o.opacity === 'number' && Number.isFinite(o.opacity) ? clamp01(o.opacity) : fallback.opacity,
  };
}

/** Parses a stored value: not an object gives null; each bad or missing field takes its default. */
export function parseThreeDSettings(text: string | null): ThreeDSettings | null {
  const o = storedObject(text);
  if (!o) return null;
  const raw = (typeof o.surfaces === 'object' && o.surfaces !== null ? o.surfaces : {}) as Record<string, unknown>;
  const surfaces = Object.fromEntries(SURFACE_KINDS.map((k) => [k, parseLook(raw[k], DEFAULT_THREE_D_SETTINGS.surfaces[k])])) as Record<SurfaceKindId, SurfaceLook>;
  const maskId = typeof o.maskId === 'number' && Number.isInteger(o.maskId) && o.maskId > 0 ? o.maskId : null;
  const boneHu = typeof o.boneHu === 'number' && Number.isFinite(o.boneHu) && o.boneHu >= -1200 && o.boneHu <= 3000 ? o.boneHu : DEFAULT_THREE_D_SETTINGS.boneHu;
  const clip = typeof o.clip === 'string' && (CLIP_MODES as readonly string[]).includes(o.clip) ? (o.clip as ClipMode) : 'off';
  return { surfaces, maskId, boneHu, clip };
}

const PREFIX = 'lungdesk.3d.';

export function threeDSettingsKey(scanId: number, seriesUid: string): string {
  return scanMemoryKey(PREFIX, scanId, seriesUid);
}

export function loadThreeDSettings(store: KeyValueStore | null, key: string): ThreeDSettings {
  return loadScanMemory(store, key, parseThreeDSettings, DEFAULT_THREE_D_SETTINGS);
}

export function saveThreeDSettings(store: KeyValueStore | null, key: string, s: ThreeDSettings): void {
  saveScanMemory(store, key, s);
}

/**
 * The surfaces a saved mask edit can change (HU thresholds never do): the lung, the lesions
 * and a chosen mask version, hidden ones too (they are fetched again when shown).
 */
export function kindsAfterMaskEdit(s: ThreeDSettings): SurfaceKindId[] {
  return (['lung', 'nodules', 'mask'] as const).filter((k) => k !== 'mask' || s.maskId !== null);
}
