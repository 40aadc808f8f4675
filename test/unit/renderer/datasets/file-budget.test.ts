import { describe, expect, it } from 'vitest';
import { budgetQuestion } from '../../../../renderer/features/datasets/model/file-budget';

describe('budgetQuestion (the import asks before it walks past its file budget)', () => {
  it('asks for dataset.too-many-files, naming the budget and the count, and offers ten times the budget', () => {
    const q = budgetQuestion({ code: 'dataset.too-many-files', detail: { count: 200_001, budget: 200_000 } });
    expect(q).toMatchObject({ counted: 200_001, budget: 200_000, nextBudget: 2_000_000 });
    expect(q!.text).toContain('more than 200,000 files');
    expect(q!.text).toContain('up to 2,000,000 files');
  });

  it('does not ask for any other error, or without a budget in the detail', () => {
    expect(budgetQuestion({ code: 'dataset.refused-folder' })).toBeNull();
    expect(budgetQuestion({ code: 'dataset.too-many-files' })).toBeNull();
    expect(budgetQuestion(undefined)).toBeNull();
  });
});
