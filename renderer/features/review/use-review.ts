import { useEffect, useRef, useState } from 'react';
import type { Lesion, RejectReason, ReviewProgress } from '../../../electron/common/contract';
import { api } from '../../api';
import { toDisplayError, type DisplayError } from '../../display-error';
import { isAppKey } from '../../keyboard';
import { toggleHidden, toggleSources, type DrawingMode } from './model/drawing-mode';
import { reviewCommandFor, type ReviewCommandId } from './model/review-commands';
import type { LesionsState } from './use-lesions';

/** What the review bar is asking for: a reject reason, an accepted diameter, the scan-done confirmation. */
export type ReviewPrompt = { kind: 'reject'; key: string } | { kind: 'diameter'; key: string } | { kind: 'scan-done' } | null;

/**
 * The review's actions on the open scan's lesions, each through the contract (stored,
 * audited there): accept, reject with a reason, second read, clear, undo, scan done; the
 * queue of undecided lesions across the dataset's scans; the drawing mode; the dataset's
 * progress line and the reviewer's name. Keys come from the command table.
 */
export function useReview(opts: {
  lesions: LesionsState;
  datasetId: number | null;
  onError: (e: DisplayError) => void;
  /** Opens another scan of the dataset (the queue crosses scans). */
  openScan: (scanId: number) => void;
}) {
  const { lesions, datasetId, onError, openScan } = opts;
  const [prompt, setPrompt] = useState<ReviewPrompt>(null);
  const [busy, setBusy] = useState(false);
  const [queueMode, setQueueMode] = useState(false);
  const [drawing, setDrawing] = useState<DrawingMode>('lesions');
  const shownBeforeHiding = useRef<Exclude<DrawingMode, 'hidden'>>('lesions');
  const [progress, setProgress] = useState<ReviewProgress | null>(null);
  const [reviewer, setReviewerState] = useState<{ name: string; isDefault: boolean } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [progressTick, setProgressTick] = useState(0);

  useEffect(() => {
    api()
      .getReviewer({})
      .then(setReviewerState)
      .catch((e: unknown) => onError(toDisplayError(e)));
    return api().onDidChangeReview(() => setProgressTick((t) => t + 1));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    if (datasetId === null) return setProgress(null);
    // A scan's lesions on their way (a scan just opened): its progress is asked for when they
    // come, not at the click too, where the request held the scan's first slice back.
    if (lesions.loading) return;
    let alive = true;
    api()
      .getReviewProgress({ datasetId })
      .then((p) => alive && setProgress(p))
      .catch((e: unknown) => alive && onError(toDisplayError(e)));
    return () => {
      alive = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [datasetId, progressTick, lesions.data, lesions.loading]);

  const run = async <T,>(call: () => Promise<T>): Promise<T | null> => {
    setBusy(true);
    try {
      return await call();
    } catch (e) {
      onError(toDisplayError(e));
      return null;
    } finally {
      setBusy(false);
    }
  };

  /**
   * Moves to the next undecided lesion after the selected one, in this scan or the next
   * ones (opening that scan); says so when none is left. False when there was none.
   */
  const nextUndecided = async (): Promise<boolean> => {
    if (datasetId === null) return false;
    const scanId = lesions.scanId;
    try {
      const next = await api().nextUndecided(scanId !== null ? { datasetId, after: { scanId, lesionKey: lesions.selectedKey } } : { datasetId });
      if (next === null) {
        setNotice('No undecided lesion left in this dataset.');
        return false;
      }
      if (next.scanId !== scanId) openScan(next.scanId);
      lesions.selectWhenLoaded(next.scanId, next.lesionKey);
      setNotice(null);
      return true;
    } catch (e) {
      onError(toDisplayError(e));
      return false;
    }
  };

  /** Stores a decision on `l`; in queue mode, moves on to the next undecided lesion. */
  const decide = async (l: Lesion, decision: 'accepted' | 'rejected' | 'second-read', extra: { reason?: RejectReason; reasonText?: string; diameterMm?: number } = {}): Promise<void> => {
    const scanId = lesions.scanId;
    if (scanId === null) return;
    const r = await run(() => api().decideLesion({ scanId, lesionKey: l.key, decision, ...extra }));
    if (!r) return;
    lesions.replace(r);
    setPrompt(null);
    if (queueMode) await nextUndecided();
  };

  const clear = async (l: Lesion): Promise<void> => {
    const scanId = lesions.scanId;
    if (scanId === null) return;
    const r = await run(() => api().clearDecision({ scanId, lesionKey: l.key }));
    if (r) lesions.replace(r);
  };

  const undo = async (): Promise<void> => {
    const r = await run(() => api().undoReview({}));
    if (!r) return;
    setNotice(r.undone ? `Undone: ${r.description}` : 'Nothing to undo.');
    if (r.undone && r.scanId !== null && r.lesionKey !== null) {
      if (r.scanId !== lesions.scanId) openScan(r.scanId);
      lesions.selectWhenLoaded(r.scanId, r.lesionKey);
    }
  };

  const setScanDone = async (done: boolean): Promise<void> => {
    const scanId = lesions.scanId;
    if (scanId === null) return;
    const r = await run(() => api().setScanDone({ scanId, done, nothingMissed: done }));
    if (!r) return;
    lesions.replace(r);
    setPrompt(null);
    setNotice(done ? 'Scan marked done.' : 'Scan reopened.');
  };

  const saveReviewer = async (name: string): Promise<void> => {
    const r = await run(() => api().setReviewer({ name }));
    if (r) setReviewerState(r);
  };

  /** Runs one command of the table on the selected lesion. */
  const command = (id: ReviewCommandId): void => {
    const l = lesions.selected;
    switch (id) {
      case 'next-lesion':
        return lesions.step(1);
      case 'previous-lesion':
        return lesions.step(-1);
      case 'accept':
        if (l) void decide(l, 'accepted');
        return;
      case 'accept-with-size':
        if (l) setPrompt({ kind: 'diameter', key: l.key });
        return;
      case 'reject':
        if (l) setPrompt({ kind: 'reject', key: l.key });
        return;
      case 'second-read':
        if (l) void decide(l, 'second-read');
        return;
      case 'clear':
        if (l) void clear(l);
        return;
      case 'undo':
        void undo();
        return;
      case 'scan-done':
        if (lesions.scanId !== null) setPrompt({ kind: 'scan-done' });
        return;
      case 'next-undecided':
        void nextUndecided();
        return;
      case 'queue-mode':
        setQueueMode((q) => !q);
        return;
      case 'toggle-drawing':
        setDrawing((m) => {
          if (m !== 'hidden') shownBeforeHiding.current = m;
          return toggleHidden(m, shownBeforeHiding.current);
        });
        return;
      case 'source-drawing':
        setDrawing((m) => toggleSources(m));
        return;
    }
  };

  const commandRef = useRef(command);
  commandRef.current = command;
  const promptRef = useRef(prompt);
  promptRef.current = prompt;
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      // Ctrl+Z is undo even though isAppKey leaves chords alone; not when the mask editor took
      // it (it undoes mask edits while a mask is being edited).
      if (e.defaultPrevented) return;
      const chordUndo = (e.ctrlKey || e.metaKey) && (e.key === 'z' || e.key === 'Z');
      if (!chordUndo && !isAppKey(e)) return;
      if (promptRef.current) return; // the open prompt owns the keys
      const id = reviewCommandFor(e);
      if (!id) return;
      e.preventDefault();
      commandRef.current(id);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return { prompt, setPrompt, busy, queueMode, drawing, progress, reviewer, notice, setNotice, command, decide, setScanDone, saveReviewer };
}

export type ReviewState = ReturnType<typeof useReview>;
