import { describe, expect, it } from 'vitest';
import { runSteps } from '../../../electron/common/steps';
import { stringifySteps } from '../../../electron/common/json-steps';

describe('stringifySteps: a long answer written to JSON in slices (issue 15)', () => {
  it('writes the same text as JSON.stringify, pausing between slices of a 25k-element array', () => {
    const lesions = Array.from({ length: 25_000 }, (_, i) => ({ key: `L${i}`, center: [i, -i, 0.5], diameterMm: i % 3 ? 4.5 : null, gone: undefined, note: i % 7 ? undefined : 'é"\n' }));
    const value = { ok: true, value: { scanId: 3, skip: undefined, fn: () => 1, at: new Date(0), lesions, review: { done: null } } };
    const steps = stringifySteps(value);
    let pauses = 0;
    let r = steps.next();
    for (; !r.done; r = steps.next()) pauses++;
    expect(pauses).toBeGreaterThanOrEqual(25_000 / 256);
    expect(r.value).toBe(JSON.stringify(value));
  });

  it('matches JSON.stringify on short arrays, holes and undefined, top-level scalars', () => {
    for (const v of [[1, undefined, null], Array.from({ length: 600 }, (_, i) => (i % 2 ? undefined : { i })), 'x', 3, null, undefined, { a: [] }, []])
      expect(runSteps(stringifySteps(v))).toBe(JSON.stringify(v));
  });
});
