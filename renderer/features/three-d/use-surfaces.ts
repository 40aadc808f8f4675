import { useEffect, useRef, useState } from 'react';
import type { Surface, SurfaceRequest } from '../../../electron/common/contract';
import { api } from '../../api';
import { toDisplayError, type DisplayError } from '../../display-error';
import { kindsAfterMaskEdit, SURFACE_KINDS, type SurfaceKindId, type ThreeDSettings } from './model/surface-settings';

/** One surface's fetch: what was asked (so a changed request fetches again) and what came. */
export interface SurfaceSlot {
  request: string;
  status: 'loading' | 'ready' | 'error';
  surface: Surface | null;
  error: DisplayError | null;
}

export type SurfaceSlots = Partial<Record<SurfaceKindId, SurfaceSlot>>;

/**
 * The pane's triangle budgets: software WebGL draws about 3 million triangles a second on
 * two cores, so lung + bone + lesions at these budgets turn at about 30 frames a second
 * (bench:viewer's 3D step); an export asks for the backend's full default instead.
 */
export const PANE_TRIANGLE_BUDGET: Record<SurfaceKindId, number> = { lung: 50_000, nodules: 10_000, bone: 50_000, skin: 40_000, mask: 50_000 };

/** The request of a visible surface, or null when it is hidden or not chosen. */
function requestOf(scanId: number, kind: SurfaceKindId, s: ThreeDSettings): SurfaceRequest | null {
  if (!s.surfaces[kind].visible) return null;
  const triangleBudget = PANE_TRIANGLE_BUDGET[kind];
  if (kind === 'mask') return s.maskId === null ? null : { scanId, kind, maskId: s.maskId, triangleBudget };
  if (kind === 'bone') return { scanId, kind, thresholdHu: s.boneHu, triangleBudget };
  return { scanId, kind, triangleBudget };
}

/**
 * The visible surfaces of the open scan from getSurface, fetched when shown (a hidden one is
 * fetched when first asked for, then kept), fetched again when its request changes or a saved
 * mask edit (onDidChangeMaskVersions) may have changed it.
 */
export function useSurfaces(scanId: number | null, settings: ThreeDSettings): { slots: SurfaceSlots; retry: (kind: SurfaceKindId) => void } {
  const [slots, setSlots] = useState<SurfaceSlots>({});
  const [edits, setEdits] = useState<Partial<Record<SurfaceKindId, number>>>({});
  const settingsRef = useRef(settings);
  settingsRef.current = settings;
  const slotsRef = useRef(slots);
  slotsRef.current = slots;

  useEffect(() => {
    setSlots({});
    setEdits({});
  }, [scanId]);

  useEffect(() => {
    if (scanId === null) return;
    return api().onDidChangeMaskVersions((e) => {
      if (e.scanId !== scanId) return;
      setEdits((prev) => {
        const next = { ...prev };
        for (const k of kindsAfterMaskEdit(settingsRef.current)) next[k] = (next[k] ?? 0) + 1;
        return next;
      });
    });
  }, [scanId]);

  const wanted = scanId === null ? [] : SURFACE_KINDS.map((kind) => ({ kind, req: requestOf(scanId, kind, settings) }));
  const wantKey = wanted.map(({ kind, req }) => `${kind}:${req ? JSON.stringify(req) : '-'}:${edits[kind] ?? 0}`).join('|');

  useEffect(() => {
    if (scanId === null) return;
    for (const { kind, req } of wanted) {
      if (!req) continue;
      const key = `${JSON.stringify(req)}#${edits[kind] ?? 0}`;
      const have = slotsRef.current[kind];
      if (have && have.request === key && have.status !== 'error') continue;
      // The old surface stays drawn while its successor is meshed (an edit's remesh). An answer
      // lands only while its request is still the slot's: a newer request (or another scan,
      // whose requests name it) wins, so nothing needs cancelling here.
      setSlots((prev) => ({ ...prev, [kind]: { request: key, status: 'loading', surface: prev[kind]?.surface ?? null, error: null } }));
      api()
        .getSurface(req)
        .then((surface) => setSlots((prev) => (prev[kind]?.request === key ? { ...prev, [kind]: { request: key, status: 'ready', surface, error: null } } : prev)))
        .catch((e: unknown) => setSlots((prev) => (prev[kind]?.request === key ? { ...prev, [kind]: { request: key, status: 'error', surface: null, error: toDisplayError(e) } } : prev)));
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [scanId, wantKey]);

  const retry = (kind: SurfaceKindId): void => setEdits((prev) => ({ ...prev, [kind]: (prev[kind] ?? 0) + 1 }));
  return { slots, retry };
}
