import type { KeyboardEvent as ReactKeyboardEvent } from 'react';
import { useEffect, useRef } from 'react';
import { exportCommandTitle, EXPORT_COMMANDS } from './model/export-commands';
import { ErrorBox, ExportPreviewPane } from './export-preview-pane';
import { ExportForm } from './export-form';
import { ExportRun } from './export-run';
import type { ExportDialogState } from './use-export-dialog';

/** Keys that act on the element itself when it has the focus: Enter there is not "Start". */
const OWN_ENTER = new Set(['BUTTON', 'A', 'SELECT', 'TEXTAREA', 'SUMMARY']);

/** The sidebar's button: its text and tooltip come from the export's command row. */
export function ExportButton({ onOpen }: { onOpen: () => void }) {
  return (
    <button type="button" className="btn export-open" data-testid="export-open" title={exportCommandTitle()} onClick={onOpen}>
      {EXPORT_COMMANDS[0]!.button}
    </button>
  );
}

/**
 * The Export dialog (modal): the options with a message beside each field, the preview, then
 * Start → the job's progress and Cancel → the summary. Esc closes (asks while an export runs:
 * it goes on in the jobs panel); Enter starts once the preview is ready. `aria-modal` rests the
 * app's own keys meanwhile (keyboard.ts), and keys typed here stop at the dialog.
 */
export function ExportDialog({ state: s }: { state: ExportDialogState }) {
  const ref = useRef<HTMLDivElement>(null);
  const stateRef = useRef(s);
  stateRef.current = s;

  /** Esc and Enter of the dialog; true when the key was taken. */
  const onDialogKey = (e: { key: string; target: EventTarget | null; shiftKey: boolean; ctrlKey: boolean; metaKey: boolean; altKey: boolean }): boolean => {
    const st = stateRef.current;
    if (e.key === 'Escape') {
      if (st.askClose) st.setAskClose(false);
      else st.requestClose();
      return true;
    }
    if (e.key !== 'Enter' || e.shiftKey || e.ctrlKey || e.metaKey || e.altKey) return false;
    if (e.target instanceof HTMLElement && OWN_ENTER.has(e.target.tagName)) return false;
    if (st.phase === 'form') st.start();
    return true;
  };

  // The focus can leave the dialog (a button it pressed went away, a click on the backdrop's
  // edge): it comes back on each change of phase, and keys from outside still reach it.
  useEffect(() => {
    if (s.open && !ref.current?.contains(document.activeElement)) ref.current?.focus();
  }, [s.open, s.phase]);
  useEffect(() => {
    if (!s.open) return;
    const onKey = (e: KeyboardEvent): void => {
      if (ref.current?.contains(e.target as Node | null)) return; // the dialog's own handler has it
      if (onDialogKey(e)) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [s.open]);
  if (!s.open) return null;

  const onKeyDown = (e: ReactKeyboardEvent<HTMLDivElement>): void => {
    // Keys typed here are the dialog's: none reaches the app's window listeners.
    e.stopPropagation();
    if (onDialogKey(e)) e.preventDefault();
  };

  const running = s.phase === 'running';
  return (
    // A press on the backdrop keeps the focus in the dialog (so Esc still reaches it); it does not close it.
    <div className="export-backdrop" onMouseDown={(e) => e.target === e.currentTarget && e.preventDefault()}>
      <div ref={ref} className="export-dialog" role="dialog" aria-modal="true" aria-labelledby="export-dialog-title" tabIndex={-1} data-testid="export-dialog" data-phase={s.phase} onKeyDown={onKeyDown}>
        <header className="export-dialog__head">
          <h2 id="export-dialog-title">Export training set</h2>
          <button type="button" className="icon-btn" aria-label="Close (Esc)" title="Close (Esc)" data-testid="export-close" onClick={s.requestClose}>
            ×
          </button>
        </header>
        <div className="export-dialog__body">
          <ExportForm draft={s.draft} onChange={s.setDraft} errors={s.phase === 'form' ? s.fieldErrors : {}} hasDataset={s.datasetId !== null} disabled={s.phase !== 'form' || s.starting} />
          <div className="export-dialog__side">
            {s.phase === 'form' ? (
              <ExportPreviewPane preview={s.preview} error={s.previewError} pending={s.previewPending} invalid={Object.keys(s.fieldErrors).length > 0} />
            ) : (
              <ExportRun job={s.job} plannedCases={s.plannedCases} outDir={s.startedOutDir} timeLeft={s.timeLeft} summary={s.summary} onCancel={s.cancel} />
            )}
            {s.startError ? <ErrorBox error={s.startError} testId="export-start-error" /> : null}
          </div>
        </div>
        {s.askClose ? (
          <div className="export-dialog__ask" role="alertdialog" aria-label="The export is running" data-testid="export-ask-close">
            The export is running. Close the dialog and let it go on in the jobs panel?
            <button type="button" className="btn" data-testid="export-keep-running" autoFocus onClick={s.close}>
              Close, keep exporting
            </button>
            <button
              type="button"
              className="btn"
              data-testid="export-cancel-and-close"
              onClick={() => {
                s.cancel();
                s.setAskClose(false);
              }}
            >
              Cancel the export
            </button>
            <button type="button" className="btn" onClick={() => s.setAskClose(false)}>
              Stay
            </button>
          </div>
        ) : null}
        <footer className="export-dialog__foot">
          {s.phase === 'form' ? <span className="muted" data-testid="export-blocker">{s.blocker ?? 'Ready: Enter starts.'}</span> : <span />}
          {s.phase === 'ended' ? (
            <button type="button" className="btn" data-testid="export-again" onClick={s.newExport}>
              New export…
            </button>
          ) : null}
          {s.phase === 'form' ? (
            <button type="button" className="btn btn--primary" data-testid="export-start" disabled={!s.canStart} onClick={s.start}>
              Start (Enter)
            </button>
          ) : null}
          <button type="button" className="btn" data-testid="export-dismiss" onClick={running ? s.close : s.requestClose}>
            {running ? 'Close (export keeps running)' : 'Close (Esc)'}
          </button>
        </footer>
      </div>
    </div>
  );
}
