import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../electron/common/errors';
import { httpStatusOf } from '../../../electron/server/status-of';

describe('httpStatusOf', () => {
  it('answers a refused dataset folder, a file budget and a refused export as 422, never 500', () => {
    for (const code of ['dataset.refused-folder', 'dataset.too-many-files', 'export.bad-folder', 'export.not-empty', 'io.outside-folder', 'io.too-large'] as const) {
      expect(httpStatusOf(code)).toBe(422);
    }
  });

  it('keeps 5xx for the host failing or being full (internal, a crashed or failed job, db, host.busy) only', () => {
    const fiveXX = ErrorCode.options.filter((c) => httpStatusOf(c) >= 500);
    expect(fiveXX.sort()).toEqual(['db.failed', 'db.newer-schema', 'host.busy', 'internal', 'job.crashed', 'job.failed', 'job.oom'].sort());
  });
});
