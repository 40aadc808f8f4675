import { describe, expect, it } from 'vitest';
import type { JobState } from '../../../../electron/common/jobs';
import { isActive, mergeJob, percentText } from '../../../../renderer/features/jobs/model/job-list';

const job = (id: string, startedAt: number, status: JobState['status'] = 'running', fraction = 0): JobState => ({
  id,
  type: 'index',
  label: id,
  status,
  progress: { stage: 's', fraction },
  startedAt,
});

describe('job list model', () => {
  it('replaces a job by id on update and keeps the list newest first, without mutating the input', () => {
    const list = [job('b', 2), job('a', 1)];
    const merged = mergeJob(list, job('a', 1, 'running', 0.5));
    expect(merged.map((j) => [j.id, j.progress.fraction])).toEqual([
      ['b', 0],
      ['a', 0.5],
    ]);
    expect(list[1]!.progress.fraction).toBe(0);
    expect(mergeJob(merged, job('c', 3)).map((j) => j.id)).toEqual(['c', 'b', 'a']);
  });

  it('treats queued and running jobs as active (they get a cancel button), ended ones not', () => {
    expect(['queued', 'running', 'succeeded', 'failed', 'cancelled'].map((s) => isActive(job('x', 0, s as JobState['status'])))).toEqual([
      true,
      true,
      false,
      false,
      false,
    ]);
  });

  it('prints progress as a whole percentage clamped to 0..100', () => {
    expect(percentText(0.426)).toBe('43 %');
    expect(percentText(2)).toBe('100 %');
    expect(percentText(Number.NaN)).toBe('0 %');
  });
});
