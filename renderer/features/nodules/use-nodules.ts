import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Annotation } from '../../../electron/common/contract';
import { api } from '../../api';
import { toDisplayError, type DisplayError } from '../../display-error';
import { orderNodules, stepIndex } from './model/nodule-order';
import { isTyping } from '../../keyboard';

/** A request to centre the views on an annotation; `seq` makes a repeated pick re-centre. */
export interface NoduleFocus {
  annotation: Annotation;
  seq: number;
}

/**
 * The open scan's annotations in review order, the selected one, and N / P to step through
 * them (ignored while typing in a field).
 */
export function useNodules(scanId: number | null, generation: number, onError: (e: DisplayError) => void) {
  const [annotations, setAnnotations] = useState<Annotation[]>([]);
  const [loading, setLoading] = useState(false);
  const [selected, setSelected] = useState<number | null>(null);
  const [focus, setFocus] = useState<NoduleFocus | null>(null);

  // Bumped by onDidChangeAnnotations for this scan (a user nodule added, edited, deleted).
  const [revision, setRevision] = useState(0);
  // The selected annotation's id, so a refresh keeps the selection although indexes move.
  const selectedIdRef = useRef<number | null>(null);

  useEffect(() => {
    setAnnotations([]);
    setSelected(null);
    setFocus(null);
    selectedIdRef.current = null;
  }, [scanId]);

  useEffect(() => {
    if (scanId === null) return;
    return api().onDidChangeAnnotations((p) => {
      if (p.scanId === scanId) setRevision((r) => r + 1);
    });
  }, [scanId]);

  useEffect(() => {
    if (scanId === null) return;
    let cancelled = false;
    setLoading(true);
    api()
      .listAnnotations({ scanId })
      .then((list) => {
        if (cancelled) return;
        const ordered = orderNodules(list);
        setAnnotations(ordered);
        const kept = ordered.findIndex((a) => a.id === selectedIdRef.current);
        setSelected(kept >= 0 ? kept : null);
        if (kept < 0) selectedIdRef.current = null;
      })
      .catch((e: unknown) => {
        if (!cancelled) onError(toDisplayError(e));
      })
      .finally(() => {
        if (!cancelled) setLoading(false);
      });
    return () => {
      cancelled = true;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [scanId, generation, revision]);

  const select = useCallback(
    (index: number) => {
      const a = annotations[index];
      if (!a) return;
      setSelected(index);
      selectedIdRef.current = a.id;
      setFocus((prev) => ({ annotation: a, seq: (prev?.seq ?? 0) + 1 }));
    },
    [annotations],
  );

  const step = useCallback(
    (dir: 1 | -1) => {
      const next = stepIndex(selected, dir, annotations.length);
      if (next !== null) select(next);
    },
    [selected, annotations.length, select],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      if (e.key === 'n' || e.key === 'N') step(1);
      else if (e.key === 'p' || e.key === 'P') step(-1);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [step]);

  const selectedId = useMemo(() => (selected === null ? null : (annotations[selected]?.id ?? null)), [selected, annotations]);
  return { scanId, annotations, loading, selectedId, select, focus };
}

/** True when a key press belongs to a text field, not to the viewer. */
export { isTyping };
