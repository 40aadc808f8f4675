import { useCallback, useEffect, useRef, useState } from 'react';
import type { MaskJournalEntry } from '../../../electron/common/contract';
import { api } from '../../api';
import { afterScanOpened } from '../../scan-opening';
import { toDisplayError, type DisplayError } from '../../display-error';
import type { EditSession } from './edit-session';

/** Unsaved strokes reach the journal this long after the last one (the bound is 2 s). */
export const JOURNAL_DELAY_MS = 1000;

/**
 * The journal of unsaved strokes: written (the whole change against the parent, replacing the
 * previous one) a second after the last write, dropped when the edits are undone back to the
 * parent; and, when a scan opens, its journal from a killed app or host offered back.
 */
export function useMaskJournal(session: EditSession | null, rev: number, scanId: number | null, onError: (e: DisplayError) => void) {
  const [offer, setOffer] = useState<MaskJournalEntry | null>(null);
  const [writtenAt, setWrittenAt] = useState<number | null>(null);
  const onErrorRef = useRef(onError);
  onErrorRef.current = onError;
  const hadJournal = useRef(false);

  useEffect(() => {
    setOffer(null);
    if (scanId === null) return;
    let alive = true;
    afterScanOpened(scanId)
      .then(() => api().getMaskJournal({ scanId }))
      .then(({ entry }) => alive && entry && entry.change.values.length > 0 && setOffer(entry))
      .catch((e: unknown) => alive && onErrorRef.current(toDisplayError(e)));
    return () => {
      alive = false;
    };
  }, [scanId]);

  useEffect(() => {
    if (!session || rev === 0) return;
    const timer = setTimeout(() => {
      const b = session.buffer;
      const { scanId: sid, parentId, kind, labels } = session.source;
      if (!b.dirty) {
        if (hadJournal.current) api().discardMaskJournal({ scanId: sid }).catch(() => {});
        hadJournal.current = false;
        return;
      }
      hadJournal.current = true;
      api()
        .writeMaskJournal({ scanId: sid, parentId, kind, labels, tools: [...b.toolsUsed()], change: b.changeAgainstParent() })
        .then(({ savedAt }) => setWrittenAt(savedAt))
        .catch((e: unknown) => onErrorRef.current(toDisplayError(e)));
    }, JOURNAL_DELAY_MS);
    return () => clearTimeout(timer);
  }, [session, rev]);

  const dismissOffer = useCallback(() => setOffer(null), []);
  const discard = useCallback(() => {
    if (scanId !== null) api().discardMaskJournal({ scanId }).catch((e: unknown) => onErrorRef.current(toDisplayError(e)));
    setOffer(null);
  }, [scanId]);

  return { offer, dismissOffer, discard, writtenAt };
}
