import { useEffect, useState } from 'react';
import type { Annotation, AnnotationCounts } from '../../../electron/common/contract';
import { api } from '../../api';
import { afterScanOpened } from '../../scan-opening';
import { toDisplayError, type DisplayError } from '../../display-error';

/**
 * Annotation counts and the annotation list of one scan, fetched together; `generation`
 * bumps re-fetch them (an annotation import may have finished).
 */
export function useScanSummary(scanId: number | null, generation = 0) {
  const [counts, setCounts] = useState<AnnotationCounts | null>(null);
  const [annotations, setAnnotations] = useState<Annotation[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<DisplayError | null>(null);

  useEffect(() => {
    if (scanId === null) {
      setCounts(null);
      setAnnotations([]);
      setError(null);
      return;
    }
    let alive = true;
    setLoading(true);
    setError(null);
    afterScanOpened(scanId)
      .then(() => Promise.all([api().getAnnotationCounts({ scanId }), api().listAnnotations({ scanId })]))
      .then(([c, list]) => {
        if (!alive) return;
        setCounts(c);
        setAnnotations(list);
      })
      .catch((e: unknown) => {
        if (!alive) return;
        setCounts(null);
        setAnnotations([]);
        setError(toDisplayError(e));
      })
      .finally(() => alive && setLoading(false));
    return () => {
      alive = false;
    };
  }, [scanId, generation]);

  return { counts, annotations, loading, error };
}
