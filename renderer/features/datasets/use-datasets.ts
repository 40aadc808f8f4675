import { useCallback, useEffect, useState } from 'react';
import type { DatasetReport, DatasetSummary } from '../../../electron/common/contract';
import { api } from '../../api';
import { toDisplayError, type DisplayError } from '../../display-error';

export interface ImportState {
  /** The import's indexing job, once the backend accepted the folder. */
  jobId: string | null;
  path: string;
  /** Why the backend refused the folder (io.not-found, contract.invalid-input, …). */
  error: DisplayError | null;
}

/** Keeps the current dataset if it still exists, else the first; null when there is none. */
function pick(list: readonly DatasetSummary[], current: number | null): number | null {
  if (current !== null && list.some((d) => d.id === current)) return current;
  return list[0]?.id ?? null;
}

/**
 * Datasets, the selected one and its report. `generation` counts refreshes (on
 * onDidChangeDatasets and on `refresh()`, which the app calls when an index job ends), so
 * dependent views (scan list, summaries) can re-fetch on the same beat.
 */
export function useDatasets(onError: (e: DisplayError) => void) {
  const [datasets, setDatasets] = useState<DatasetSummary[]>([]);
  const [datasetId, setDatasetId] = useState<number | null>(null);
  const [loading, setLoading] = useState(true);
  const [generation, setGeneration] = useState(0);
  const [report, setReport] = useState<DatasetReport | null>(null);
  const [reportError, setReportError] = useState<DisplayError | null>(null);
  const [importState, setImportState] = useState<ImportState | null>(null);
  const [reindexJobs, setReindexJobs] = useState<Record<number, string>>({});

  const refresh = useCallback(() => setGeneration((g) => g + 1), []);

  useEffect(() => api().onDidChangeDatasets(() => refresh()), [refresh]);

  useEffect(() => {
    let alive = true;
    api()
      .listDatasets({})
      .then((list) => {
        if (!alive) return;
        setDatasets(list);
        setDatasetId((cur) => pick(list, cur));
      })
      .catch((e: unknown) => alive && onError(toDisplayError(e)))
      .finally(() => alive && setLoading(false));
    return () => {
      alive = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [generation]);

  useEffect(() => {
    if (datasetId === null) {
      setReport(null);
      return;
    }
    let alive = true;
    setReportError(null);
    api()
      .getDatasetReport({ datasetId })
      .then((r) => alive && setReport(r))
      .catch((e: unknown) => {
        if (!alive) return;
        setReport(null);
        setReportError(toDisplayError(e));
      });
    return () => {
      alive = false;
    };
  }, [datasetId, generation]);

  // `fileBudget`: the larger budget the user agreed to after the first walk stopped at its own.
  const importFolder = useCallback(
    (path: string, fileBudget?: number) => {
      setImportState({ jobId: null, path, error: null });
      api()
        .importDataset(fileBudget === undefined ? { path } : { path, fileBudget })
        .then(({ datasetId: id, jobId }) => {
          setImportState({ jobId, path, error: null });
          setDatasetId(id);
          refresh();
        })
        .catch((e: unknown) => setImportState({ jobId: null, path, error: toDisplayError(e) }));
    },
    [refresh],
  );

  const reindex = useCallback(
    (id: number) => {
      api()
        .reindexDataset({ datasetId: id })
        .then(({ jobId }) => setReindexJobs((prev) => ({ ...prev, [id]: jobId })))
        .catch((e: unknown) => onError(toDisplayError(e)));
    },
    [onError],
  );

  const dismissImport = useCallback(() => setImportState(null), []);

  return {
    datasets,
    datasetId,
    setDatasetId,
    dataset: datasets.find((d) => d.id === datasetId) ?? null,
    loading,
    generation,
    refresh,
    report,
    reportError,
    importState,
    importFolder,
    dismissImport,
    reindex,
    reindexJobs,
  };
}
