import type { JobState } from '../../../electron/common/jobs';
import { isActive, percentText } from './model/job-list';

/** Every job of the session: a progress bar per job and a cancel button while it runs. */
export function JobPanel({ jobs, onCancel }: { jobs: JobState[]; onCancel: (jobId: string) => void }) {
  return (
    <section className="job-panel" data-testid="job-panel" aria-label="Jobs">
      <h2>Jobs</h2>
      {jobs.length === 0 ? <p className="muted">No jobs yet.</p> : null}
      <ul>
        {jobs.map((job) => (
          <li key={job.id} className={`job job--${job.status}`} data-testid="job-item" data-job-id={job.id} data-status={job.status}>
            <div className="job__title">
              <span>{job.label}</span>
              <span className="muted">{job.status === 'running' ? percentText(job.progress.fraction) : job.status}</span>
            </div>
            <progress max={1} value={Math.min(1, Math.max(0, job.progress.fraction))} aria-label={`${job.label} progress`} />
            <div className="job__stage muted">{job.error ? `${job.error.code}: ${job.error.message}` : job.progress.stage}</div>
            {isActive(job) ? (
              <button type="button" data-testid="job-cancel" onClick={() => onCancel(job.id)}>
                Cancel
              </button>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
