import { useCallback, useState } from 'react';
import type { ScanSummary } from '../electron/common/contract';
import { api } from './api';
import { toDisplayError, type DisplayError } from './display-error';
import { ErrorBanner } from './error-banner';
import { JobPanel, useJobs } from './features/jobs';
import { ScanList, useScanList } from './features/scan-list';
import { AxialViewport } from './features/viewport';

export function App() {
  const [errors, setErrors] = useState<DisplayError[]>([]);
  const pushError = useCallback((e: DisplayError) => setErrors((prev) => [...prev.slice(-4), e]), []);
  const [scan, setScan] = useState<ScanSummary | null>(null);

  const scans = useScanList(pushError);
  const { jobs, cancel } = useJobs(pushError, (job) => {
    // An import ended: its scans may be new, so list again.
    if (job.status === 'succeeded') scans.refresh();
    if (job.status === 'failed' && job.error) pushError(toDisplayError(job.error));
  });

  const onImport = useCallback(
    (path: string) => {
      api()
        .importDataset({ path })
        .then(({ datasetId }) => {
          scans.setDatasetId(datasetId);
          scans.refresh();
        })
        .catch((e: unknown) => pushError(toDisplayError(e)));
    },
    [pushError, scans],
  );

  return (
    <div className="app">
      <ErrorBanner errors={errors} onDismiss={(i) => setErrors((prev) => prev.filter((_, j) => j !== i))} />
      <aside className="sidebar">
        <h1>LungDesk</h1>
        <ScanList
          datasets={scans.datasets}
          datasetId={scans.datasetId}
          onSelectDataset={scans.setDatasetId}
          scans={scans.scans}
          selectedScanId={scan?.id ?? null}
          onSelectScan={setScan}
          loading={scans.loading}
          onImport={onImport}
        />
        <JobPanel jobs={jobs} onCancel={cancel} />
      </aside>
      <main className="main">
        <AxialViewport scan={scan} onError={pushError} />
      </main>
    </div>
  );
}
