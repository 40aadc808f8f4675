import { describe, expect, it } from 'vitest';
import { operations } from '../../../../electron/common/contract';

describe('importDataset input (contract)', () => {
  const input = operations.importDataset.input;

  it('takes an optional fileBudget: the larger budget the UI retries with after dataset.too-many-files', () => {
    expect(input.safeParse({ path: '/data/lidc' }).success).toBe(true);
    expect(input.safeParse({ path: '/data/lidc', fileBudget: 2_000_000 }).success).toBe(true);
  });

  it('refuses a fileBudget that is not a positive integer up to 1e9 (contract.bad-input)', () => {
    for (const fileBudget of [0, -5, 1.5, 1e12, Number.NaN, '1000']) {
      expect(input.safeParse({ path: '/data/lidc', fileBudget }).success, String(fileBudget)).toBe(false);
    }
  });
});
