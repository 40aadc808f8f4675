import { useState } from 'react';
import type { DatasetSummary, ScanSummary } from '../../../electron/common/contract';
import { formatDims, formatSpacing, scanLabel, scanTitle } from './model/format-scan';

export interface ScanListProps {
  datasets: DatasetSummary[];
  datasetId: number | null;
  onSelectDataset: (id: number) => void;
  scans: ScanSummary[];
  selectedScanId: number | null;
  onSelectScan: (scan: ScanSummary) => void;
  loading: boolean;
  onImport: (path: string) => void;
}

/** The sidebar: import field, dataset list, and the selected dataset's scans. */
export function ScanList(props: ScanListProps) {
  const [path, setPath] = useState('');
  return (
    <nav className="scan-list-panel" aria-label="Datasets and scans">
      <form
        className="import-form"
        onSubmit={(e) => {
          e.preventDefault();
          const p = path.trim();
          if (p) props.onImport(p);
        }}
      >
        <input
          type="text"
          data-testid="import-path"
          placeholder="/path/to/dataset"
          aria-label="Folder to import"
          value={path}
          onChange={(e) => setPath(e.target.value)}
        />
        <button type="submit" data-testid="import-button" disabled={path.trim().length === 0}>
          Import folder…
        </button>
      </form>

      <h2>Datasets</h2>
      {props.loading ? <p className="muted">Loading…</p> : null}
      {!props.loading && props.datasets.length === 0 ? <p className="muted">No dataset yet: import a folder.</p> : null}
      <ul className="dataset-list" data-testid="dataset-list">
        {props.datasets.map((d) => (
          <li key={d.id}>
            <button
              type="button"
              data-testid="dataset-item"
              data-dataset-id={d.id}
              className={d.id === props.datasetId ? 'selected' : ''}
              aria-pressed={d.id === props.datasetId}
              onClick={() => props.onSelectDataset(d.id)}
              title={d.rootPath}
            >
              <span>{d.name}</span>
              <span className="muted">
                {d.kind} · {d.scanCount} scan{d.scanCount === 1 ? '' : 's'}
              </span>
            </button>
          </li>
        ))}
      </ul>

      <h2>Scans</h2>
      <ul className="scan-list" data-testid="scan-list">
        {props.scans.map((s) => (
          <li key={s.id}>
            <button
              type="button"
              data-testid="scan-item"
              data-series-uid={s.seriesInstanceUid}
              data-scan-id={s.id}
              className={s.id === props.selectedScanId ? 'selected' : ''}
              aria-pressed={s.id === props.selectedScanId}
              onClick={() => props.onSelectScan(s)}
              title={s.path}
            >
              <span className="scan-item__patient">{scanTitle(s)}</span>
              <span className="scan-item__desc">{scanLabel(s)}</span>
              <span className="muted">
                {s.format} · {formatDims(s.dims)} · {s.sliceCount} slices · {formatSpacing(s.spacing)}
              </span>
              {s.warnings.length > 0 ? <span className="warning">⚠ {s.warnings.length} warning(s)</span> : null}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
