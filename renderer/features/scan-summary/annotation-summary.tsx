import { useMemo, useState } from 'react';
import { annotationRow, countRows, isEmptyCounts, sortAnnotations } from './model/annotation-summary';
import { useScanSummary } from './use-scan-summary';

/** Rows drawn before "show all": LIDC scans carry a few dozen marks, a user set may hold more. */
const ROW_CAP = 100;

/** The selected scan's annotations: counts per source and kind, then one row per annotation. */
export function AnnotationSummary({ scanId, generation }: { scanId: number | null; generation: number }) {
  const { counts, annotations, loading, error } = useScanSummary(scanId, generation);
  const [showAll, setShowAll] = useState(false);
  const rows = useMemo(() => sortAnnotations(annotations).map(annotationRow), [annotations]);
  const shown = showAll ? rows : rows.slice(0, ROW_CAP);

  return (
    <div className="annotation-summary" data-testid="annotation-summary" data-state={loading ? 'loading' : 'ready'}>
      {scanId === null ? <p className="muted">Open a scan to see its annotations.</p> : null}
      {error ? (
        <p className="inline-error">
          <code>{error.code}</code> {error.message}
        </p>
      ) : null}
      {counts ? (
        isEmptyCounts(counts) ? (
          <p className="muted" data-testid="annotation-empty">
            No annotations, candidates or labels for this scan.
          </p>
        ) : (
          <table className="counts-table" data-testid="annotation-counts">
            <tbody>
              {countRows(counts, true).map((r) => (
                <tr key={r.key} data-key={r.key}>
                  <th scope="row">
                    <span className="group-tag">{r.group}</span> {r.label}
                  </th>
                  <td className={r.value === 0 ? 'muted' : ''}>{r.value.toLocaleString('en-US')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      ) : null}
      {rows.length > 0 ? (
        <div className="annotation-table-box">
          <table className="annotation-table">
            <thead>
              <tr>
                <th>source</th>
                <th>kind</th>
                <th className="num" title="centre x, mm (LPS)">x</th>
                <th className="num" title="centre y, mm (LPS)">y</th>
                <th className="num" title="centre z, mm (LPS)">z</th>
                <th className="num" title="diameter, mm">⌀</th>
                <th className="num" title="readers who marked this nodule (LIDC)">rdrs</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((r) => (
                <tr key={r.id} data-testid="annotation-row" title={[r.reader, r.origin].filter(Boolean).join(' · ')}>
                  <td>{r.source}</td>
                  <td>{r.kind}</td>
                  <td className="num">{r.x}</td>
                  <td className="num">{r.y}</td>
                  <td className="num">{r.z}</td>
                  <td className="num">{r.diameter}</td>
                  <td className="num" title={r.agreement}>
                    {r.readers}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {rows.length > shown.length ? (
            <button type="button" className="link-btn" onClick={() => setShowAll(true)}>
              Show all {rows.length.toLocaleString('en-US')} annotations
            </button>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
