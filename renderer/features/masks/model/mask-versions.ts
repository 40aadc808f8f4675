import type { MaskVersionInfo } from '../../../../electron/common/contract';
import type { OverlayLayer } from './overlay-settings';

/** Which overlay a mask kind belongs to; kinds the overlays do not show give null. */
export function layerOfKind(kind: string): OverlayLayer | null {
  if (kind === 'lung' || kind === 'lung-dilated') return 'lung';
  if (kind === 'nodules') return 'nodules';
  return null;
}

/** A scan's versions of one overlay, newest first (the backend lists newest first; this keeps that order). */
export function versionsOf(versions: readonly MaskVersionInfo[], layer: OverlayLayer): MaskVersionInfo[] {
  return versions.filter((v) => layerOfKind(v.kind) === layer);
}

/**
 * The lung mask kinds: the mask itself (what the overlay shows by default: the lung as
 * segmented, which a reader checks and corrects) and its dilation (the DSB2017
 * preprocessing's margin that keeps nodules on the pleura inside, shown on demand).
 */
export type LungKind = 'lung' | 'lung-dilated';

/**
 * The version an overlay shows: the chosen one while it still exists, else for the lung
 * overlay the newest of `lungKind` (masks made before both kinds were stored may have only
 * the other: then the newest of either), for the nodule overlay its newest; null when the
 * overlay has no version.
 */
export function versionToShow(versions: readonly MaskVersionInfo[], layer: OverlayLayer, chosenId: number | null = null, lungKind: LungKind = 'lung'): MaskVersionInfo | null {
  const own = versionsOf(versions, layer);
  const chosen = chosenId !== null ? own.find((v) => v.id === chosenId) : undefined;
  if (chosen) return chosen;
  if (layer === 'lung') return own.find((v) => v.kind === lungKind) ?? own[0] ?? null;
  return own[0] ?? null;
}

/** The newest version of an overlay that was not among `knownIds` (what a finished job added), or null. */
export function newVersionOf(versions: readonly MaskVersionInfo[], layer: OverlayLayer, knownIds: ReadonlySet<number>): MaskVersionInfo | null {
  return versionsOf(versions, layer).find((v) => !knownIds.has(v.id)) ?? null;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** "2026-05-01 14:03", local time (createdAt is epoch ms). */
export function formatCreatedAt(ms: number): string {
  const d = new Date(ms);
  if (!Number.isFinite(d.getTime())) return '–';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** "1 234 567 voxels", or "" when the count is unknown. Thin spaces group thousands. */
export function formatVoxels(n: number | null): string {
  if (n === null || !Number.isFinite(n)) return '';
  return `${String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, '\u2009')} voxels`;
}

/** One line for a version in a list or a select: "#12 lung-dilated · 2026-05-01 14:03 · 1 234 voxels". */
export function versionLabel(v: MaskVersionInfo): string {
  const voxels = formatVoxels(v.voxels);
  return [`#${v.id} ${v.kind}`, formatCreatedAt(v.createdAt), voxels].filter((s) => s !== '').join(' · ');
}
