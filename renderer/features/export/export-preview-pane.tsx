import type { ExportPreview } from '../../../electron/common/contract';
import type { DisplayError } from '../../display-error';
import { casesPerSplit, skippedByReason } from './model/export-preview';
import { formatBytes } from './model/export-progress';

/** Case rows listed at most; the rest are counted. */
const MAX_ROWS = 200;

export function ErrorBox({ error, testId }: { error: DisplayError; testId: string }) {
  return (
    <div className="inline-error" role="alert" data-testid={testId} data-code={error.code}>
      <code>{error.code}</code> <span>{error.message}</span>
      {error.file ? <div className="inline-error__file">{error.file}</div> : null}
    </div>
  );
}

/** What the export will write, before anything is: totals, splits, skipped scans and why, warnings, the cases. */
export function ExportPreviewPane({ preview, error, pending, invalid }: { preview: ExportPreview | null; error: DisplayError | null; pending: boolean; invalid: boolean }) {
  const state = invalid ? 'invalid' : pending ? 'pending' : error ? 'error' : preview ? 'ready' : 'idle';
  return (
    <section className="export-preview" data-testid="export-preview" data-state={state} data-cases={preview?.cases.length ?? ''} data-lesions={preview?.lesions ?? ''} aria-live="polite">
      <h3>What will be written</h3>
      {invalid ? <p className="muted">Fix the marked fields to see what will be written.</p> : null}
      {!invalid && pending ? <p className="muted">Checking the options…</p> : null}
      {!invalid && !pending && error ? <ErrorBox error={error} testId="export-preview-error" /> : null}
      {!invalid && preview ? <PreviewBody preview={preview} stale={pending} /> : null}
    </section>
  );
}

function PreviewBody({ preview, stale }: { preview: ExportPreview; stale: boolean }) {
  const splits = casesPerSplit(preview.cases);
  const skipped = skippedByReason(preview.skipped);
  return (
    <div className={stale ? 'export-preview__body export-preview__body--stale' : 'export-preview__body'}>
      <dl className="export-totals">
        <div>
          <dt>cases</dt>
          <dd data-testid="export-preview-cases">{preview.cases.length}</dd>
        </div>
        <div>
          <dt>patients</dt>
          <dd>{preview.patients}</dd>
        </div>
        <div>
          <dt>lesions</dt>
          <dd data-testid="export-preview-lesions">{preview.lesions}</dd>
        </div>
        <div>
          <dt>negatives</dt>
          <dd>{preview.negatives}</dd>
        </div>
        <div>
          <dt>about</dt>
          <dd>{formatBytes(preview.estimatedBytes)}</dd>
        </div>
      </dl>
      {splits.length > 0 ? <p className="muted">{splits.map((s) => `${s.split} ${s.cases}`).join(' · ')}</p> : null}
      {preview.warnings.length > 0 ? (
        <ul className="export-warnings" data-testid="export-preview-warnings">
          {preview.warnings.map((w) => (
            <li key={w} className="warning">
              {w}
            </li>
          ))}
        </ul>
      ) : null}
      {skipped.length > 0 ? (
        <details className="export-skipped" data-testid="export-preview-skipped">
          <summary>
            {preview.skipped.length} scan{preview.skipped.length === 1 ? '' : 's'} left out
          </summary>
          <ul>
            {skipped.map((g) => (
              <li key={g.reason}>
                {g.reason}: {g.scanIds.length} (scan {g.scanIds.slice(0, 12).join(', ')}
                {g.scanIds.length > 12 ? ', …' : ''})
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {preview.cases.length > 0 ? (
        <div className="export-cases">
          <table>
            <thead>
              <tr>
                <th>case</th>
                <th>patient</th>
                <th>lesions</th>
                <th>masks</th>
                <th>split</th>
                <th>size</th>
              </tr>
            </thead>
            <tbody>
              {preview.cases.slice(0, MAX_ROWS).map((c) => (
                <tr key={c.caseId} data-testid="export-preview-case" data-case-id={c.caseId} title={c.seriesInstanceUid}>
                  <td>{c.caseId}</td>
                  <td>{c.patientId}</td>
                  <td>
                    {c.lesions}
                    {c.negatives > 0 ? ` + ${c.negatives}−` : ''}
                  </td>
                  <td>{c.maskVersionIds.length > 0 ? c.maskVersionIds.map((id) => `#${id}`).join(' ') : '—'}</td>
                  <td>{c.split}</td>
                  <td>{formatBytes(c.estimatedBytes)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {preview.cases.length > MAX_ROWS ? <p className="muted">… and {preview.cases.length - MAX_ROWS} more cases</p> : null}
        </div>
      ) : (
        <p className="muted">No case matches these options.</p>
      )}
    </div>
  );
}
