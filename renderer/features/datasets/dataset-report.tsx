import { useState } from 'react';
import type { DatasetReport, DatasetSummary } from '../../../electron/common/contract';
import type { DisplayError } from '../../display-error';
import { countText, layoutName } from './model/dataset-format';
import { reportTotals, summarizeImport, type ImportSummary } from './model/report-summary';
import { SkippedFiles } from './skipped-files';

function ImportCard({ s }: { s: ImportSummary }) {
  const [expanded, setExpanded] = useState(false);
  const lines = expanded ? s.all : s.preview;
  return (
    <li className={`import-card import-card--${s.status}`} data-testid="import-report" data-file={s.fileName}>
      <div className="import-card__head">
        <span className="import-card__file" title={s.file}>
          {s.fileName}
        </span>
        <span className="tag">{s.kind}</span>
      </div>
      <dl className="kv">
        <div>
          <dt>rows matched</dt>
          <dd data-testid="rows-matched">
            {s.rowsMatched.toLocaleString('en-US')} <span className="muted">of {s.rowsTotal.toLocaleString('en-US')}</span>
          </dd>
        </div>
        <div>
          <dt>rows for scans not present</dt>
          <dd className={s.rowsUnmatched > 0 ? 'warn' : ''} data-testid="rows-unmatched">
            {s.rowsUnmatched.toLocaleString('en-US')} <span className="muted">({countText(s.seriesUnmatched, 'series', 'series')})</span>
          </dd>
        </div>
        <div>
          <dt>bad rows</dt>
          <dd className={s.badRows > 0 ? 'bad' : ''} data-testid="bad-rows">
            {s.badRows.toLocaleString('en-US')}
          </dd>
        </div>
      </dl>
      {lines.length > 0 ? (
        <ul className="bad-rows">
          {lines.map((e, i) => (
            <li key={`${e.line}-${i}`} title={e.file}>
              <code>{e.where}</code> {e.message}
            </li>
          ))}
        </ul>
      ) : null}
      {s.hidden > 0 ? (
        <button type="button" className="link-btn" onClick={() => setExpanded((x) => !x)}>
          {expanded ? 'Show fewer' : `Show all ${s.badRows.toLocaleString('en-US')} bad rows`}
        </button>
      ) : null}
    </li>
  );
}

/** What the last indexing of a dataset found, and what each annotation file import matched. */
export function DatasetReportPanel({ dataset, report, error }: { dataset: DatasetSummary | null; report: DatasetReport | null; error: DisplayError | null }) {
  const totals = report ? reportTotals(report) : null;
  return (
    <div className="dataset-report" data-testid="dataset-report">
      {!dataset ? <p className="muted">No dataset selected.</p> : null}
      {dataset ? (
        <div className="dataset-report__title">
          <strong>{dataset.name}</strong> <span className="muted">{layoutName(dataset)}</span>
        </div>
      ) : null}
      {error ? (
        <p className="inline-error">
          <code>{error.code}</code> {error.message}
        </p>
      ) : null}
      {report && totals ? (
        <>
          <dl className="kv kv--grid" data-testid="report-counts">
            <div>
              <dt>scans</dt>
              <dd>{report.scans.toLocaleString('en-US')}</dd>
            </div>
            <div>
              <dt>files indexed</dt>
              <dd>{report.filesIndexed.toLocaleString('en-US')}</dd>
            </div>
            <div>
              <dt>files skipped</dt>
              <dd className={report.filesSkipped > 0 ? 'warn' : ''}>{report.filesSkipped.toLocaleString('en-US')}</dd>
            </div>
            <div>
              <dt>warnings</dt>
              <dd className={report.warnings > 0 ? 'warn' : ''}>{report.warnings.toLocaleString('en-US')}</dd>
            </div>
          </dl>
          <h3>Skipped files</h3>
          <SkippedFiles skipped={report.skipped} />
          <h3>Annotation files</h3>
          {report.imports.length === 0 ? (
            <p className="muted">No annotation file imported for this dataset.</p>
          ) : (
            <ul className="import-cards">
              {report.imports.map((r) => (
                <ImportCard key={r.file} s={summarizeImport(r)} />
              ))}
            </ul>
          )}
        </>
      ) : null}
    </div>
  );
}
