import { useCallback, useEffect, useMemo, useState } from 'react';
import { api } from './api';
import type { ScanSummary } from '../electron/common/contract';
import { toDisplayError, type DisplayError } from './display-error';
import { ErrorBanner } from './error-banner';
import { DatasetBrowser, DatasetReportPanel, affectsDatasets, useDatasets } from './features/datasets';
import { ExportButton, ExportDialog, useExportDialog } from './features/export';
import { KeyboardMap } from './features/help';
import { HuHistogramPanel, useHistogram, useHistogramKeys } from './features/histogram';
import { JobPanel, useJobs } from './features/jobs';
import { ScanList, scanTitle, useScanList } from './features/scan-list';
import { AnnotationSummary } from './features/scan-summary';
import { DatasetProgress, LesionList, ReviewBar, useLesions, useReview } from './features/review';
import { MaskPanel, useMaskOverlays } from './features/masks';
import { JournalOffer, MaskEditorToolbar, MaskHistoryPanel, SwitchScanPrompt, useMaskEditor, useMaskHistory } from './features/mask-editor';
import { ReadingRoom, type ShownVolume } from './features/viewport';

export function App() {
  const [errors, setErrors] = useState<DisplayError[]>([]);
  const pushError = useCallback((e: DisplayError) => setErrors((prev) => [...prev.slice(-4), e]), []);
  const [scan, setScan] = useState<ScanSummary | null>(null);
  const [panelOpen, setPanelOpen] = useState(true);
  const [shown, setShown] = useState<ShownVolume | null>(null);
  const [crosshair, setCrosshair] = useState<readonly [number, number, number] | null>(null);

  const ds = useDatasets(pushError);
  const { refresh } = ds;
  // Lesion counts and review states in the scan list follow decisions and user marks.
  const [reviewTick, setReviewTick] = useState(0);
  useEffect(() => {
    const bump = () => setReviewTick((t) => t + 1);
    const offR = api().onDidChangeReview(bump);
    const offA = api().onDidChangeAnnotations(bump);
    return () => {
      offR();
      offA();
    };
  }, []);
  const scans = useScanList(ds.datasetId, ds.generation + reviewTick, pushError);
  const lesions = useLesions(scan?.id ?? null, ds.generation, pushError);
  const noduleLesions = useMemo(() => lesions.lesions.filter((l) => l.category === 'nodule'), [lesions.lesions]);
  const editor = useMaskEditor(shown, noduleLesions, pushError);
  // The mask being edited is drawn by the editor: the read-only overlays step aside meanwhile.
  const masks = useMaskOverlays(scan, editor.editing ? null : shown, pushError);
  const history = useMaskHistory(scan?.id ?? null, shown, `${editor.savedTick}:${masks.versions.length}`, pushError);
  // Leaving a scan with unsaved edits asks first (save / discard / stay).
  const [pendingScan, setPendingScan] = useState<ScanSummary | null>(null);
  const requestScan = useCallback(
    (next: ScanSummary) => {
      if (editor.dirty && next.id !== scan?.id) setPendingScan(next);
      else setScan(next);
    },
    [editor.dirty, scan?.id],
  );
  const openScanById = useCallback(
    (scanId: number) => {
      const known = scans.scans.find((s) => s.id === scanId);
      if (known) return requestScan(known);
      api()
        .getScan({ scanId })
        .then(requestScan)
        .catch((e: unknown) => pushError(toDisplayError(e)));
    },
    [scans.scans, pushError, requestScan],
  );
  const review = useReview({ lesions, datasetId: ds.datasetId, onError: pushError, openScan: openScanById });
  // The histogram lives here so H works with the side panel closed: it opens the panel.
  const histogram = useHistogram(scan?.id ?? null);
  const histogramKeys = useHistogramKeys(histogram, scan?.id ?? null, () => setPanelOpen(true));
  const { jobs, cancel } = useJobs(pushError, (job) => {
    // An import or re-index ended: datasets, scans and the report may have changed.
    if (affectsDatasets(job)) refresh();
    // A first import that stopped at its file budget asks in the import form instead.
    if (job.status === 'failed' && job.error && job.error.code !== 'dataset.too-many-files') pushError(toDisplayError(job.error));
  });
  const exporter = useExportDialog({ datasetId: ds.datasetId, jobs, cancelJob: cancel });

  return (
    <div className={`app${panelOpen ? '' : ' app--panel-closed'}`}>
      <KeyboardMap />
      <ExportDialog state={exporter} />
      <ErrorBanner errors={errors} onDismiss={(i) => setErrors((prev) => prev.filter((_, j) => j !== i))} />
      <aside className="sidebar">
        <h1>LungDesk</h1>
        <DatasetBrowser
          datasets={ds.datasets}
          datasetId={ds.datasetId}
          onSelect={ds.setDatasetId}
          loading={ds.loading}
          jobs={jobs}
          onCancelJob={cancel}
          importState={ds.importState}
          onImport={ds.importFolder}
          onDismissImport={ds.dismissImport}
          reindexJobs={ds.reindexJobs}
          onReindex={ds.reindex}
        />
        <DatasetProgress progress={review.progress} reviewer={review.reviewer} onRename={(name) => void review.saveReviewer(name)} />
        <ExportButton onOpen={exporter.openDialog} />
        <ScanList scans={scans.scans} openScanId={scan?.id ?? null} onOpenScan={requestScan} loading={scans.loading} />
        <JobPanel jobs={jobs} onCancel={cancel} />
      </aside>
      <main className="main">
        <MaskEditorToolbar editor={editor} versions={masks.versions} scanOpen={shown !== null} />
        {editor.journal.offer && !editor.editing ? (
          <JournalOffer entry={editor.journal.offer} ready={shown !== null && shown.scanId === editor.journal.offer.scanId} onKeep={() => void editor.keepJournal(editor.journal.offer!).catch((e: unknown) => pushError(toDisplayError(e)))} onDiscard={editor.journal.discard} />
        ) : null}
        {pendingScan ? (
          <SwitchScanPrompt
            onSave={() =>
              void editor.save('Saved on leaving the scan').then((ok) => {
                if (!ok) return;
                setScan(pendingScan);
                setPendingScan(null);
              })
            }
            onDiscard={() => {
              editor.journal.discard();
              editor.close();
              setScan(pendingScan);
              setPendingScan(null);
            }}
            onCancel={() => setPendingScan(null)}
          />
        ) : null}
        <ReadingRoom
          pointerTool={editor.pointer}
          scan={scan}
          lesions={lesions.lesions}
          focus={lesions.focus}
          selectedKey={lesions.selectedKey}
          drawing={review.drawing}
          onError={pushError}
          onCrosshair={setCrosshair}
          onShownVolume={setShown}
          onPickLesion={lesions.select}
          maskVersions={masks.versions}
          onRunMask={masks.runJob}
        />
      </main>
      <aside className="side-panel" aria-label="Scan and dataset details">
        <button
          type="button"
          className="side-panel__toggle"
          data-testid="side-panel-toggle"
          aria-expanded={panelOpen}
          title={panelOpen ? 'Hide the details panel' : 'Show the details panel'}
          onClick={() => setPanelOpen((o) => !o)}
        >
          {panelOpen ? '›' : '‹'}
        </button>
        {panelOpen ? (
          <div className="side-panel__body">
            <details open className="panel-section">
              <summary>Lesions (N / P, decide Y / D / B)</summary>
              <ReviewBar lesions={lesions} review={review} data={lesions.data} />
              {scan ? <LesionList lesions={lesions} crosshair={crosshair} /> : <p className="muted">Open a scan to review its lesions.</p>}
            </details>
            <details open className="panel-section">
              <summary>Mask overlays (M / O)</summary>
              <MaskPanel masks={masks} />
            </details>
            <details open className="panel-section">
              <summary>Mask history</summary>
              <MaskHistoryPanel history={history} editor={editor} />
            </details>
            <details open className="panel-section">
              <summary>
                Annotations{scan ? <span className="muted"> · {scanTitle(scan)}</span> : null}
              </summary>
              <AnnotationSummary key={scan?.id ?? 0} scanId={scan?.id ?? null} generation={ds.generation} />
            </details>
            <details open className="panel-section">
              <summary>HU histogram</summary>
              <HuHistogramPanel scanId={scan?.id ?? null} scanName={scan ? scanTitle(scan) : 'scan'} histogram={histogram} keys={histogramKeys} />
            </details>
            <details open className="panel-section">
              <summary>Dataset report</summary>
              <DatasetReportPanel dataset={ds.dataset} report={ds.report} error={ds.reportError} />
            </details>
          </div>
        ) : null}
      </aside>
    </div>
  );
}
