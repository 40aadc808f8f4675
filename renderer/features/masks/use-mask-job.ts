import { useCallback, useEffect, useRef, useState } from 'react';
import type { JobState } from '../../../electron/common/jobs';
import { api } from '../../api';
import { toDisplayError, type DisplayError } from '../../display-error';
import { isEnded, isRunning, type MaskJob } from './model/mask-job';
import type { OverlayLayer } from './model/overlay-settings';

/** Updates kept for jobs whose id is not known yet (a fast job can end before its id arrives). */
const SEEN_LIMIT = 50;

/**
 * The panel's own mask job on the open scan: starts the lung-mask or nodule job, follows it
 * through `onDidUpdateJob`, cancels it. `onSucceeded` fires once per job that succeeded. A
 * failure stays on the job (its row shows the error; the app's job list reports it too).
 * Opening another scan forgets the job here; it keeps running in the job list.
 */
export function useMaskJob(scanId: number | null, onError: (e: DisplayError) => void, onSucceeded: (job: MaskJob) => void) {
  const [job, setJobState] = useState<MaskJob | null>(null);
  const jobRef = useRef<MaskJob | null>(null);
  const seenRef = useRef(new Map<string, JobState>());
  const handledRef = useRef(new Set<string>());
  const onSucceededRef = useRef(onSucceeded);
  onSucceededRef.current = onSucceeded;

  const setJob = (next: MaskJob | null): void => {
    jobRef.current = next;
    setJobState(next);
  };

  const settle = (next: MaskJob): void => {
    setJob(next);
    if (!next.jobId || !isEnded(next.state) || handledRef.current.has(next.jobId)) return;
    handledRef.current.add(next.jobId);
    if (next.state?.status === 'succeeded') onSucceededRef.current(next);
  };

  // Subscribed for the hook's life, before any job starts, so no update is missed.
  useEffect(() => {
    return api().onDidUpdateJob((state) => {
      const seen = seenRef.current;
      seen.delete(state.id);
      seen.set(state.id, state);
      if (seen.size > SEEN_LIMIT) seen.delete(seen.keys().next().value!);
      const cur = jobRef.current;
      if (cur && cur.jobId === state.id) settle({ ...cur, state });
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    if (jobRef.current && jobRef.current.scanId !== scanId) setJob(null);
  }, [scanId]);

  const start = useCallback(
    (kind: OverlayLayer, knownIds: readonly number[]) => {
      if (scanId === null || isRunning(jobRef.current)) return;
      const pending: MaskJob = { kind, scanId, jobId: null, state: null, knownIds };
      setJob(pending);
      const run = kind === 'lung' ? api().runLungMask({ scanId }) : api().runNoduleMask({ scanId });
      run
        .then(({ jobId }) => {
          if (jobRef.current !== pending) return; // another scan was opened meanwhile
          settle({ ...pending, jobId, state: seenRef.current.get(jobId) ?? null });
        })
        .catch((e: unknown) => {
          if (jobRef.current === pending) setJob(null);
          onError(toDisplayError(e));
        });
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [scanId, onError],
  );

  const cancel = useCallback(() => {
    const jobId = jobRef.current?.jobId;
    if (!jobId) return;
    api()
      .cancelJob({ jobId })
      .catch((e: unknown) => onError(toDisplayError(e)));
  }, [onError]);

  return { job, running: isRunning(job), start, cancel };
}
