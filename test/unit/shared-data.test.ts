import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHARED_DATA } from '../helpers/shared-data';

const ci = process.env.CI === 'true' || process.env.CI === '1';

describe('test data', () => {
  // Tests on real scans skip where ../shared is absent; in CI that would hide failures.
  it.runIf(ci)('under CI=true, ../shared/data is beside the repository so no data test is skipped', () => {
    expect(fs.existsSync(path.join(SHARED_DATA, 'SOURCES.md'))).toBe(true);
    expect(fs.existsSync(path.join(SHARED_DATA, 'LIDC-IDRI-0001'))).toBe(true);
  });
});
