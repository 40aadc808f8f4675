import { useEffect, useState } from 'react';
import type { DatasetSummary } from '../../../electron/common/contract';
import type { JobState } from '../../../electron/common/jobs';
import type { DisplayError } from '../../display-error';
import { countText, formatIndexedAt, formatTimestamp, layoutName } from './model/dataset-format';
import { budgetQuestion } from './model/file-budget';
import type { ImportState } from './use-datasets';

export interface DatasetBrowserProps {
  datasets: DatasetSummary[];
  datasetId: number | null;
  onSelect: (id: number) => void;
  loading: boolean;
  jobs: JobState[];
  onCancelJob: (jobId: string) => void;
  importState: ImportState | null;
  /** `fileBudget`: retry after dataset.too-many-files with the larger budget the user agreed to. */
  onImport: (path: string, fileBudget?: number) => void;
  onDismissImport: () => void;
  reindexJobs: Record<number, string>;
  onReindex: (id: number) => void;
}

function isRunning(job: JobState | undefined): boolean {
  return job !== undefined && (job.status === 'queued' || job.status === 'running');
}

function ErrorLine({ error }: { error: Pick<DisplayError, 'code' | 'message' | 'file'> }) {
  return (
    <div className="inline-error" role="alert" data-testid="import-error">
      <code>{error.code}</code> <span>{error.message}</span>
      {error.file ? <div className="inline-error__file">{error.file}</div> : null}
    </div>
  );
}

/** The import form with its job's progress, and the list of datasets with Re-index. */
export function DatasetBrowser(p: DatasetBrowserProps) {
  const [path, setPath] = useState('');
  const [now, setNow] = useState(() => Date.now());
  // "indexed 3 min ago" ages on its own.
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(t);
  }, []);
  useEffect(() => setNow(Date.now()), [p.datasets]);

  const importJob = p.importState?.jobId ? p.jobs.find((j) => j.id === p.importState?.jobId) : undefined;
  const importing = p.importState !== null && p.importState.error === null && (p.importState.jobId === null || isRunning(importJob));
  // The first walk stopped at its file budget: ask before it goes on (issue 15).
  const question = importJob?.status === 'failed' ? budgetQuestion(importJob.error) : null;

  return (
    <section className="dataset-browser" aria-label="Datasets">
      <form
        className="import-form"
        onSubmit={(e) => {
          e.preventDefault();
          const v = path.trim();
          if (v) p.onImport(v);
        }}
      >
        <input
          type="text"
          data-testid="import-path"
          placeholder="/path/to/dataset folder"
          aria-label="Folder to import"
          value={path}
          onChange={(e) => setPath(e.target.value)}
        />
        <button type="submit" className="btn" data-testid="import-button" disabled={path.trim().length === 0 || importing}>
          Import
        </button>
      </form>
      {p.importState ? (
        <div className="import-status" data-testid="import-status">
          {p.importState.error ? <ErrorLine error={p.importState.error} /> : null}
          {!p.importState.error && !importJob ? <div className="muted">Starting import of {p.importState.path}…</div> : null}
          {importJob ? (
            <div className={`import-job job--${importJob.status}`} data-status={importJob.status}>
              <div className="import-job__title">
                <span title={p.importState.path}>{importJob.label}</span>
                <span className="muted">{isRunning(importJob) ? `${Math.round(importJob.progress.fraction * 100)} %` : question ? 'stopped: many files' : importJob.status}</span>
              </div>
              <progress max={1} value={Math.min(1, Math.max(0, importJob.progress.fraction))} aria-label="Import progress" />
              {question ? null : importJob.error ? <ErrorLine error={importJob.error} /> : <div className="muted">{importJob.progress.stage}</div>}
            </div>
          ) : null}
          {question && p.importState ? (
            <div className="import-confirm" role="alertdialog" aria-label="Many files" data-testid="import-budget-confirm" data-budget={question.budget}>
              <p>{question.text}</p>
              <div className="import-status__actions">
                <button type="button" className="btn" data-testid="import-go-on" onClick={() => p.onImport(p.importState!.path, question.nextBudget)}>
                  Go on
                </button>
                <button type="button" className="btn" data-testid="import-budget-cancel" onClick={p.onDismissImport}>
                  Cancel
                </button>
              </div>
            </div>
          ) : null}
          <div className="import-status__actions">
            {importJob && isRunning(importJob) ? (
              <button type="button" className="btn" data-testid="import-cancel" onClick={() => p.onCancelJob(importJob.id)}>
                Cancel
              </button>
            ) : null}
            {!importing && !question ? (
              <button type="button" className="link-btn" data-testid="import-dismiss" onClick={p.onDismissImport}>
                Dismiss
              </button>
            ) : null}
          </div>
        </div>
      ) : null}

      <h2>Datasets</h2>
      {p.loading ? <p className="muted">Loading…</p> : null}
      {!p.loading && p.datasets.length === 0 ? <p className="muted">No dataset yet: import a folder.</p> : null}
      <ul className="dataset-list" data-testid="dataset-list">
        {p.datasets.map((d) => {
          const job = p.jobs.find((j) => j.id === p.reindexJobs[d.id]);
          const selected = d.id === p.datasetId;
          return (
            <li key={d.id} className={`dataset-row${selected ? ' selected' : ''}`}>
              <button
                type="button"
                className="dataset-row__main"
                data-testid="dataset-item"
                data-dataset-id={d.id}
                aria-pressed={selected}
                onClick={() => p.onSelect(d.id)}
                title={`${d.rootPath}${d.indexedAt !== null ? `\nindexed ${formatTimestamp(d.indexedAt)}` : ''}`}
              >
                <span className="dataset-row__name">{d.name}</span>
                <span className="dataset-row__layout">{layoutName(d)}</span>
                <span className="muted">
                  {countText(d.scanCount, 'scan')} · {formatIndexedAt(d.indexedAt, now)}
                </span>
              </button>
              {job && isRunning(job) ? (
                <span className="dataset-row__job muted" data-testid="reindex-progress">
                  {Math.round(job.progress.fraction * 100)} %
                </span>
              ) : (
                <button
                  type="button"
                  className="icon-btn"
                  data-testid="reindex-button"
                  title="Re-index: read new or changed files again"
                  aria-label={`Re-index ${d.name}`}
                  onClick={() => p.onReindex(d.id)}
                >
                  ↻
                </button>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
