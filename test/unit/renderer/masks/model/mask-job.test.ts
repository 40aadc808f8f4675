import { describe, expect, it } from 'vitest';
import type { JobState } from '../../../../../electron/common/jobs';
import { isEnded, isRunning, jobDetailText, jobFraction, jobStatusText, type MaskJob } from '../../../../../renderer/features/masks/model/mask-job';

const state = (status: JobState['status'], fraction = 0.42, extra: Partial<JobState> = {}): JobState => ({
  id: 'j1',
  type: 'lungMask',
  label: 'Lung mask',
  status,
  progress: { stage: 'lung mask', fraction },
  startedAt: 1,
  ...extra,
});
const job = (s: JobState | null): MaskJob => ({ kind: 'lung', scanId: 1, jobId: s ? s.id : null, state: s, knownIds: [] });

describe('mask job', () => {
  it('counts as running from the click (no state yet) until a terminal update', () => {
    expect(isRunning(job(null))).toBe(true);
    expect(isRunning(job(state('queued')))).toBe(true);
    expect(isRunning(job(state('running')))).toBe(true);
    for (const s of ['succeeded', 'failed', 'cancelled'] as const) {
      expect(isRunning(job(state(s)))).toBe(false);
      expect(isEnded(state(s))).toBe(true);
    }
    expect(isRunning(null)).toBe(false);
  });
  it('gives an indeterminate bar before the first update, the clamped fraction after, and a full bar when done', () => {
    expect(jobFraction(job(null))).toBeNull();
    expect(jobFraction(job(state('running', 0.42)))).toBe(0.42);
    expect(jobFraction(job(state('running', 3)))).toBe(1);
    expect(jobFraction(job(state('succeeded', 0.9)))).toBe(1);
  });
  it('says what the job is doing, and why it failed', () => {
    expect(jobStatusText(job(null))).toBe('starting');
    expect(jobStatusText(job(state('running', 0.42)))).toBe('42 %');
    expect(jobStatusText(job(state('succeeded')))).toBe('done');
    expect(jobStatusText(job(state('cancelled')))).toBe('cancelled');
    expect(jobDetailText(job(state('running')))).toBe('lung mask');
    expect(jobDetailText(job(state('failed', 0.5, { error: { code: 'job.oom', message: 'out of memory' } })))).toBe('job.oom: out of memory');
  });
});
