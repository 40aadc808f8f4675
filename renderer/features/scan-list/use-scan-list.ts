import { useCallback, useEffect, useState } from 'react';
import type { DatasetSummary, ScanSummary } from '../../../electron/common/contract';
import { api } from '../../api';
import { toDisplayError, type DisplayError } from '../../display-error';
import { pickDataset } from './model/format-scan';

/** Datasets, the selected one (first by default) and its scans, refreshed on onDidChangeDatasets. */
export function useScanList(onError: (e: DisplayError) => void) {
  const [datasets, setDatasets] = useState<DatasetSummary[]>([]);
  const [datasetId, setDatasetId] = useState<number | null>(null);
  const [scans, setScans] = useState<ScanSummary[]>([]);
  const [loading, setLoading] = useState(true);
  const [generation, setGeneration] = useState(0);

  const refresh = useCallback(() => setGeneration((g) => g + 1), []);

  useEffect(() => {
    let alive = true;
    api()
      .listDatasets({})
      .then((list) => {
        if (!alive) return;
        setDatasets(list);
        setDatasetId((cur) => pickDataset(list.map((d) => d.id), cur));
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
      setScans([]);
      return;
    }
    let alive = true;
    api()
      .listScans({ datasetId })
      .then((list) => alive && setScans(list))
      .catch((e: unknown) => alive && onError(toDisplayError(e)));
    return () => {
      alive = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [datasetId, generation]);

  useEffect(() => api().onDidChangeDatasets(() => refresh()), [refresh]);

  return { datasets, datasetId, setDatasetId, scans, loading, refresh };
}
