import type { ErrorInfo } from '../../../../electron/common/errors';

/** What the import asks when its first walk stopped at the file budget (dataset.too-many-files). */
export interface BudgetQuestion {
  /** Files counted when the walk stopped. */
  counted: number;
  /** The budget it stopped at. */
  budget: number;
  /** The budget "Go on" retries with: ten times larger, so a huge folder asks again rather than walking on unbounded. */
  nextBudget: number;
  /** The sentence the confirm shows. */
  text: string;
}

const n = (x: number): string => x.toLocaleString('en-US');

/** The question to ask for a failed import job's error, or null when it did not stop at its budget. */
export function budgetQuestion(error: Pick<ErrorInfo, 'code' | 'detail'> | undefined | null): BudgetQuestion | null {
  if (!error || error.code !== 'dataset.too-many-files') return null;
  const d = (error.detail ?? {}) as { count?: unknown; budget?: unknown };
  const budget = typeof d.budget === 'number' && Number.isFinite(d.budget) && d.budget > 0 ? d.budget : null;
  if (budget === null) return null;
  const counted = typeof d.count === 'number' && Number.isFinite(d.count) ? d.count : budget + 1;
  const nextBudget = Math.min(1_000_000_000, budget * 10);
  return {
    counted,
    budget,
    nextBudget,
    text: `This folder holds more than ${n(budget)} files (the walk stopped after ${n(counted)}). Is it the folder that holds your scans? Go on to index up to ${n(nextBudget)} files, or cancel and choose a smaller folder.`,
  };
}
