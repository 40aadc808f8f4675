import { useCallback, useEffect, useState } from 'react';
import type { JobState } from '../../../electron/common/jobs';
import { api } from '../../api';
import type { DisplayError } from '../../display-error';
import { toDisplayError } from '../../display-error';
import { mergeJob, sortNewestFirst } from './model/job-list';

/** Jobs of this session, kept live by `onDidUpdateJob`; `onJobEnded` fires on a terminal update. */
export function useJobs(onError: (e: DisplayError) => void, onJobEnded?: (job: JobState) => void) {
  const [jobs, setJobs] = useState<JobState[]>([]);

  useEffect(() => {
    let alive = true;
    // Subscribe first so no update is lost between the list and the subscription.
    const off = api().onDidUpdateJob((job) => {
      setJobs((prev) => mergeJob(prev, job));
      if (job.status !== 'queued' && job.status !== 'running') onJobEnded?.(job);
    });
    api()
      .listJobs({})
      .then((list) => {
        if (alive) setJobs((prev) => list.reduce((acc, j) => (acc.some((x) => x.id === j.id) ? acc : mergeJob(acc, j)), sortNewestFirst(prev)));
      })
      .catch((e: unknown) => alive && onError(toDisplayError(e)));
    return () => {
      alive = false;
      off();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const cancel = useCallback(
    (jobId: string) => {
      api()
        .cancelJob({ jobId })
        .catch((e: unknown) => onError(toDisplayError(e)));
    },
    [onError],
  );

  return { jobs, cancel };
}
