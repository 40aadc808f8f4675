import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Lesion, ScanLesions } from '../../../electron/common/contract';
import { api } from '../../api';
import { afterScanOpened } from '../../scan-opening';
import { toDisplayError, type DisplayError } from '../../display-error';
import { stepIndex, visibleLesions } from './model/lesion-list';

/** A request to centre the views on a lesion; `seq` makes a repeated pick re-centre. */
export interface LesionFocus {
  center: readonly [number, number, number];
  diameterMm: number | null;
  seq: number;
}

/**
 * The open scan's lesions (listLesions), refreshed when its annotations or review change,
 * the selected one (kept by key across refreshes), the lesions the list shows (< 3 mm marks
 * and non-nodules only when asked for) and a focus that centres the views.
 */
export function useLesions(scanId: number | null, generation: number, onError: (e: DisplayError) => void) {
  const [data, setData] = useState<ScanLesions | null>(null);
  const [loading, setLoading] = useState(false);
  const [selectedKey, setSelectedKey] = useState<string | null>(null);
  const [focus, setFocus] = useState<LesionFocus | null>(null);
  const [showMinor, setShowMinor] = useState(false);
  const [revision, setRevision] = useState(0);
  // A lesion to select (and centre on) once the scan's list arrives: the queue opens scans.
  const pendingRef = useRef<string | null>(null);

  useEffect(() => {
    setData(null);
    setSelectedKey(null);
    setFocus(null);
  }, [scanId]);

  useEffect(() => {
    if (scanId === null) return;
    const bump = (p: { scanId: number }) => {
      if (p.scanId === scanId) setRevision((r) => r + 1);
    };
    const offA = api().onDidChangeAnnotations(bump);
    const offR = api().onDidChangeReview(bump);
    return () => {
      offA();
      offR();
    };
  }, [scanId]);

  const focusOn = useCallback((l: Lesion) => {
    setFocus((prev) => ({ center: l.center, diameterMm: l.decision?.diameterMm ?? l.diameterMm, seq: (prev?.seq ?? 0) + 1 }));
  }, []);

  useEffect(() => {
    if (scanId === null) return;
    let alive = true;
    setLoading(true);
    afterScanOpened(scanId)
      .then(() => api().listLesions({ scanId }))
      .then((d) => {
        if (!alive) return;
        setData(d);
        const pending = pendingRef.current;
        if (pending !== null) {
          pendingRef.current = null;
          const l = d.lesions.find((x) => x.key === pending);
          if (l) {
            setSelectedKey(l.key);
            if (l.category !== 'nodule') setShowMinor(true);
            focusOn(l);
          }
        }
      })
      .catch((e: unknown) => alive && onError(toDisplayError(e)))
      .finally(() => alive && setLoading(false));
    return () => {
      alive = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [scanId, generation, revision]);

  const lesions = useMemo(() => data?.lesions ?? [], [data]);
  const shown = useMemo(() => visibleLesions(lesions, showMinor), [lesions, showMinor]);
  const selected = lesions.find((l) => l.key === selectedKey) ?? null;

  const select = useCallback(
    (key: string) => {
      const l = lesions.find((x) => x.key === key);
      if (!l) return;
      setSelectedKey(key);
      focusOn(l);
    },
    [lesions, focusOn],
  );

  const step = useCallback(
    (dir: 1 | -1) => {
      const at = shown.findIndex((l) => l.key === selectedKey);
      const next = stepIndex(at >= 0 ? at : null, dir, shown.length);
      if (next !== null) select(shown[next]!.key);
    },
    [shown, selectedKey, select],
  );

  /** Takes a fresh list from a decision's answer (no second round trip). */
  const replace = useCallback((d: ScanLesions) => {
    if (d.scanId === scanId) setData(d);
  }, [scanId]);

  /** Selects lesion `key` of scan `forScan` now if its list is here, else once it has loaded. */
  const selectWhenLoaded = useCallback(
    (forScan: number, key: string) => {
      if (forScan === scanId && data?.scanId === forScan && lesions.some((l) => l.key === key)) select(key);
      else pendingRef.current = key;
    },
    [scanId, data, lesions, select],
  );

  return { scanId, data, lesions, shown, loading, selected, selectedKey, select, step, focus, showMinor, setShowMinor, replace, selectWhenLoaded };
}

export type LesionsState = ReturnType<typeof useLesions>;
