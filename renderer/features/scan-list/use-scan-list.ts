import { useEffect, useState } from 'react';
import type { ScanListItem } from '../../../electron/common/contract';
import { api } from '../../api';
import { toDisplayError, type DisplayError } from '../../display-error';

/** The scans of one dataset, re-fetched when the dataset or `generation` changes. */
export function useScanList(datasetId: number | null, generation: number, onError: (e: DisplayError) => void) {
  const [scans, setScans] = useState<ScanListItem[]>([]);
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    if (datasetId === null) {
      setScans([]);
      return;
    }
    let alive = true;
    setLoading(true);
    api()
      .listScans({ datasetId })
      .then((list) => alive && setScans(list))
      .catch((e: unknown) => alive && onError(toDisplayError(e)))
      .finally(() => alive && setLoading(false));
    return () => {
      alive = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [datasetId, generation]);

  return { scans, loading };
}
