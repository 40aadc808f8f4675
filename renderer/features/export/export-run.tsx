import type { ExportSummary } from '../../../electron/common/contract';
import type { JobState } from '../../../electron/common/jobs';
import { toDisplayError } from '../../display-error';
import { isActive, percentText } from '../jobs';
import { ErrorBox } from './export-preview-pane';
import { casesProgress, casesText, formatBytes, formatDuration, manifestPathIn, type CasesProgress } from './model/export-progress';
import { formatTimeLeft } from './model/time-left';

export interface ExportRunProps {
  job: JobState | null;
  plannedCases: number | null;
  /** The folder the export was started on. */
  outDir: string | null;
  timeLeft: number | null;
  summary: ExportSummary | null;
  onCancel: () => void;
}

const RESUME_HINT = 'Start again on the same folder with “resume” ticked to go on where it stopped.';

/** The running export: its bar (cases done of total, time left) and Cancel; once it ends, its summary. */
export function ExportRun({ job, plannedCases, outDir, timeLeft, summary, onCancel }: ExportRunProps) {
  const running = job === null || isActive(job);
  const cases = job ? casesProgress(job.progress, plannedCases) : null;
  const fraction = job ? Math.min(1, Math.max(0, job.status === 'succeeded' ? 1 : job.progress.fraction)) : null;
  return (
    <section className={`export-run job--${job?.status ?? 'queued'}`} data-testid="export-run" data-status={job?.status ?? 'starting'}>
      <div className="job__title">
        <span>{cases ? casesText(cases) : 'Starting the export…'}</span>
        <span className="muted">{job ? (running ? `${percentText(job.progress.fraction)} · ${formatTimeLeft(timeLeft)}` : job.status) : ''}</span>
      </div>
      {/* No value until the job reports: the bar is indeterminate. */}
      <progress
        data-testid="export-progress"
        data-status={job?.status ?? 'starting'}
        data-done={cases?.done ?? ''}
        data-total={cases?.total ?? ''}
        max={1}
        value={fraction ?? undefined}
        aria-label="Export progress"
      />
      <div className="job__stage muted">{job?.progress.stage ?? ''}</div>
      {running ? (
        <button type="button" className="btn" data-testid="export-cancel" disabled={job === null} onClick={onCancel}>
          Cancel export
        </button>
      ) : null}
      {job && !running ? <ExportEnd job={job} summary={summary} cases={cases} outDir={outDir} /> : null}
    </section>
  );
}

/**
 * The end of an export: the job's ExportSummary when its state carries one (cases written,
 * failed with reasons, bytes, the manifest); else what the app knows itself, the cases the
 * bar counted and the manifest's place in the folder.
 */
function ExportEnd({ job, summary, cases, outDir }: { job: JobState; summary: ExportSummary | null; cases: CasesProgress | null; outDir: string | null }) {
  const heading = job.status === 'succeeded' ? 'Export finished' : job.status === 'cancelled' ? 'Export cancelled' : 'Export failed';
  const manifest = summary?.manifest ?? (job.status === 'succeeded' && outDir ? manifestPathIn(outDir) : null);
  return (
    <div className="export-summary" data-testid="export-summary" data-status={job.status} data-written={summary?.casesWritten ?? ''} data-failed={summary?.failed.length ?? ''} data-manifest={manifest ?? ''}>
      <h3>{heading}</h3>
      {job.error && job.status !== 'cancelled' ? <ErrorBox error={toDisplayError(job.error)} testId="export-job-error" /> : null}
      {summary ? (
        <p>
          {summary.casesWritten} case{summary.casesWritten === 1 ? '' : 's'} written
          {summary.casesSkipped > 0 ? `, ${summary.casesSkipped} already there (verified, skipped)` : ''}
          {summary.failed.length > 0 ? `, ${summary.failed.length} failed` : ''} · {formatBytes(summary.bytes)} in {formatDuration(summary.seconds)}
        </p>
      ) : cases ? (
        <p>{casesText(cases)} done.</p>
      ) : null}
      {manifest ? (
        <p>
          Manifest: <code className="export-summary__path" data-testid="export-manifest">{manifest}</code>
        </p>
      ) : null}
      {summary || outDir ? (
        <p className="muted">
          Folder: <code className="export-summary__path">{summary?.outDir ?? outDir}</code>
        </p>
      ) : null}
      {summary && summary.failed.length > 0 ? (
        <ul className="export-failed" data-testid="export-failed">
          {summary.failed.map((f) => (
            <li key={f.caseId}>
              <code>{f.caseId}</code>: {f.reason}
            </li>
          ))}
        </ul>
      ) : null}
      {job.status !== 'succeeded' ? <p className="muted">{job.status === 'cancelled' ? 'Nothing more is written. ' : ''}{RESUME_HINT}</p> : null}
    </div>
  );
}
