import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ExportPreview } from '../../../electron/common/contract';
import type { JobState } from '../../../electron/common/jobs';
import { api } from '../../api';
import { browserStore } from '../../browser-store';
import { toDisplayError, type DisplayError } from '../../display-error';
import { isAppKey } from '../../keyboard';
import { isExportKey } from './model/export-commands';
import { buildExportOptions, optionsKey, parseStoredDraft, storedDraft, type ExportDraft, type FieldErrors } from './model/export-draft';
import { startBlocker } from './model/export-preview';
import { exportPhase, readExportSummary } from './model/export-progress';
import { badInputErrors } from './model/schema-issues';
import { addSample, timeLeftSeconds, type ProgressSample } from './model/time-left';

/** Quiet time after the last keystroke before the preview is asked for (the schema checks it there). */
export const PREVIEW_DEBOUNCE_MS = 300;
const STORE_KEY = 'lungdesk.export.draft';

export interface ExportDialogDeps {
  /** The dataset open in the app ("this dataset" in the form). */
  datasetId: number | null;
  /** Every job of the session, live (useJobs): the export's job is found here by id. */
  jobs: readonly JobState[];
  cancelJob: (jobId: string) => void;
}

/** An answer for one set of options: the preview, the schema's field messages, or another failure. */
type PreviewAnswer = { key: string; preview: ExportPreview } | { key: string; fieldErrors: FieldErrors } | { key: string; error: DisplayError };

/**
 * The Export dialog's state: the draft (kept between sessions), its options, the preview
 * asked for after each pause in typing (the contract's schema validates there), Start, and
 * the export job followed through the app's job list (its bar, time left, cancel, summary).
 * Lives in the app, not in the dialog: closing the dialog while an export runs keeps the job
 * (in the jobs panel, and here when the dialog opens again). Shift+E opens it.
 */
export function useExportDialog(deps: ExportDialogDeps) {
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState<ExportDraft>(() => parseStoredDraft(browserStore()?.getItem(STORE_KEY) ?? null));
  const [answer, setAnswer] = useState<PreviewAnswer | null>(null);
  const [pendingKey, setPendingKey] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const [startError, setStartError] = useState<DisplayError | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const [plannedCases, setPlannedCases] = useState<number | null>(null);
  const [startedOutDir, setStartedOutDir] = useState<string | null>(null);
  const [askClose, setAskClose] = useState(false);
  const [samples, setSamples] = useState<ProgressSample[]>([]);
  const [now, setNow] = useState(() => Date.now());

  const built = useMemo(() => buildExportOptions(draft, deps.datasetId), [draft, deps.datasetId]);
  const key = built.ok ? optionsKey(built.options) : null;
  const job = jobId === null ? null : (deps.jobs.find((j) => j.id === jobId) ?? null);
  const phase = exportPhase(jobId, job);

  useEffect(() => {
    try {
      browserStore()?.setItem(STORE_KEY, storedDraft(draft));
    } catch {
      // storage full or denied: the draft still works for this session
    }
  }, [draft]);

  // The preview of the options as they stand, after a pause in typing; a newer draft drops an older answer.
  const optionsRef = useRef(built);
  optionsRef.current = built;
  useEffect(() => {
    const current = optionsRef.current;
    if (!open || phase !== 'form' || key === null || !current.ok) return;
    let alive = true;
    setPendingKey(key);
    const timer = setTimeout(() => {
      api()
        .previewExport(current.options)
        .then((preview) => alive && setAnswer({ key, preview }))
        .catch((e: unknown) => {
          if (!alive) return;
          const fieldErrors = badInputErrors(e);
          setAnswer(fieldErrors ? { key, fieldErrors } : { key, error: toDisplayError(e) });
        })
        .finally(() => alive && setPendingKey((k) => (k === key ? null : k)));
    }, PREVIEW_DEBOUNCE_MS);
    return () => {
      alive = false;
      clearTimeout(timer);
    };
  }, [open, phase, key]);

  const current = answer !== null && answer.key === key ? answer : null;
  const preview = current && 'preview' in current ? current.preview : null;
  const previewError = current && 'error' in current ? current.error : null;
  const fieldErrors: FieldErrors = !built.ok ? built.errors : current && 'fieldErrors' in current ? current.fieldErrors : {};
  const blocker = startBlocker({
    fieldErrors: Object.keys(fieldErrors).length,
    previewReady: preview !== null,
    previewPending: pendingKey !== null && pendingKey === key,
    previewFailed: previewError !== null,
    cases: preview?.cases.length ?? 0,
    starting,
  });
  const canStart = phase === 'form' && blocker === null;

  // Progress samples for the time left, and a clock that ticks while the export runs.
  const fraction = job?.progress.fraction;
  useEffect(() => {
    if (fraction === undefined || phase !== 'running') return;
    setSamples((s) => addSample(s, { t: Date.now(), fraction }));
  }, [fraction, phase]);
  useEffect(() => {
    if (phase !== 'running') return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [phase]);

  const startRef = useRef({ canStart, built, preview });
  startRef.current = { canStart, built, preview };
  const start = useCallback(() => {
    const s = startRef.current;
    if (!s.canStart || !s.built.ok) return;
    setStarting(true);
    setStartError(null);
    api()
      .startExport(s.built.options)
      .then(({ jobId: id }) => {
        setSamples([]);
        setPlannedCases(s.preview?.cases.length ?? null);
        setStartedOutDir(s.built.ok ? s.built.options.outDir : null);
        setJobId(id);
      })
      .catch((e: unknown) => setStartError(toDisplayError(e)))
      .finally(() => setStarting(false));
  }, []);

  const cancel = useCallback(() => {
    if (jobId !== null) deps.cancelJob(jobId);
  }, [jobId, deps]);

  /** Back to the form after an export ended (its options kept). */
  const newExport = useCallback(() => {
    setJobId(null);
    setPlannedCases(null);
    setSamples([]);
    setAnswer(null);
  }, []);

  const close = useCallback(() => {
    setAskClose(false);
    setOpen(false);
    // An ended export's summary has been read; a running one stays for when the dialog opens again.
    if (phase === 'ended') newExport();
  }, [phase, newExport]);

  /** Esc or ×: closes, but asks first while an export runs (it keeps running in the jobs panel). */
  const requestClose = useCallback(() => {
    if (phase === 'running') setAskClose(true);
    else close();
  }, [phase, close]);

  const openDialog = useCallback(() => {
    setStartError(null);
    setOpen(true);
  }, []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (!isAppKey(e) || !isExportKey(e)) return;
      e.preventDefault();
      openDialog();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [openDialog]);

  return {
    open,
    openDialog,
    requestClose,
    close,
    askClose,
    setAskClose,
    draft,
    setDraft,
    datasetId: deps.datasetId,
    fieldErrors,
    preview,
    previewError,
    previewPending: pendingKey !== null && pendingKey === key,
    blocker,
    canStart,
    start,
    starting,
    startError,
    phase,
    job,
    plannedCases,
    startedOutDir,
    timeLeft: phase === 'running' ? timeLeftSeconds(samples, now) : null,
    summary: job ? readExportSummary(job.result) : null,
    cancel,
    newExport,
  };
}

export type ExportDialogState = ReturnType<typeof useExportDialog>;
