import { useCallback, useEffect, useRef, useState } from 'react';
import type { MaskVersionDetail } from '../../../electron/common/contract';
import { api } from '../../api';
import { afterScanOpened } from '../../scan-opening';
import { toDisplayError, type DisplayError } from '../../display-error';
import { addEditableLabelmap, removeLabelmapOverlay, type LabelmapOverlay } from '../masks';
import type { ShownVolume } from '../viewport';
import { DIFF_ADDED, DIFF_REMOVED, diffLabelmap } from './model/diff-map';

/** What a comparison drew: the two versions, the counts per label and in total. */
export interface Comparison {
  a: number;
  b: number;
  perLabel: { label: number; added: number; removed: number }[];
  added: number;
  removed: number;
}

const DIFF_COLOURS: [number, number, number, number][] = [
  [0, 0, 0, 0],
  [40, 230, 90, 255],
  [255, 60, 60, 255],
];

/**
 * The scan's mask versions with their audit (note, tools, per-label counts), relisted after
 * every save, restore or job (`refreshKey` changes); comparing two draws the voxels b added in green and those it removed
 * in red over the views; restoring makes a new version with an old one's voxels.
 */
export function useMaskHistory(scanId: number | null, shown: ShownVolume | null, refreshKey: string, onError: (e: DisplayError) => void) {
  const [versions, setVersions] = useState<MaskVersionDetail[]>([]);
  const [listError, setListError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  const [comparison, setComparison] = useState<Comparison | null>(null);
  const overlayRef = useRef<LabelmapOverlay | null>(null);
  const onErrorRef = useRef(onError);
  onErrorRef.current = onError;

  useEffect(() => {
    setVersions([]);
    setListError(null);
    if (scanId === null) return;
    let alive = true;
    afterScanOpened(scanId)
      .then(() => api().listMaskVersions({ scanId }))
      .then((list) => alive && setVersions(list))
      .catch((e: unknown) => alive && setListError(toDisplayError(e).message));
    return () => {
      alive = false;
    };
  }, [scanId, refreshKey, tick]);

  const clearComparison = useCallback(() => {
    if (overlayRef.current) removeLabelmapOverlay(overlayRef.current);
    overlayRef.current = null;
    setComparison(null);
  }, []);
  useEffect(() => clearComparison, [scanId, shown?.volumeId, clearComparison]);

  const compare = useCallback(
    async (a: number, b: number) => {
      if (!shown) return;
      try {
        const d = await api().diffMaskVersions({ a, b });
        const [nx, ny, nz] = shown.header.dims;
        const { map, added, removed } = diffLabelmap(nx * ny * nz, d.change, d.before);
        clearComparison();
        overlayRef.current = addEditableLabelmap(shown, 'diff', map, DIFF_COLOURS);
        setComparison({ a, b, perLabel: d.perLabel, added, removed });
      } catch (e) {
        onErrorRef.current(toDisplayError(e));
      }
    },
    [shown, clearComparison],
  );

  const restore = useCallback(async (maskId: number): Promise<MaskVersionDetail | null> => {
    try {
      const v = await api().restoreMaskVersion({ maskId, note: `restored version #${maskId}` });
      setTick((t) => t + 1);
      return v;
    } catch (e) {
      onErrorRef.current(toDisplayError(e));
      return null;
    }
  }, []);

  const refresh = useCallback(() => setTick((t) => t + 1), []);
  useEffect(() => {
    if (scanId === null) return;
    return api().onDidChangeMaskVersions((e) => e.scanId === scanId && refresh());
  }, [scanId, refresh]);
  return { versions, listError, comparison, compare, clearComparison, restore, refresh, DIFF_ADDED, DIFF_REMOVED };
}

export type MaskHistory = ReturnType<typeof useMaskHistory>;
