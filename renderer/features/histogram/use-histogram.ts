import { useCallback, useEffect, useRef, useState } from 'react';
import type { HuHistogram } from '../../../electron/common/contract';
import { api } from '../../api';
import { toDisplayError, type DisplayError } from '../../display-error';

/**
 * A scan's HU histogram, fetched only on `request()` (it runs a worker job that reads the
 * whole volume). Switching scans drops the shown histogram and ignores late answers.
 */
export function useHistogram(scanId: number | null) {
  const [hist, setHist] = useState<HuHistogram | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<DisplayError | null>(null);
  const current = useRef<number | null>(scanId);

  useEffect(() => {
    current.current = scanId;
    setHist(null);
    setError(null);
    setLoading(false);
  }, [scanId]);

  const request = useCallback(() => {
    if (scanId === null) return;
    setLoading(true);
    setError(null);
    api()
      .getHistogram({ scanId })
      .then((h) => {
        if (current.current === scanId) setHist(h);
      })
      .catch((e: unknown) => {
        if (current.current === scanId) setError(toDisplayError(e));
      })
      .finally(() => {
        if (current.current === scanId) setLoading(false);
      });
  }, [scanId]);

  return { hist, loading, error, request };
}
