import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { safeParseSteps } from '../../../../electron/common/contract/parse-steps';
import { operations } from '../../../../electron/common/contract';

const Item = z.object({ id: z.number().int(), label: z.string().optional() });
const Answer = z.object({ scanId: z.number(), items: z.array(Item), tail: z.array(Item) });

function stepped(schema: z.ZodType, value: unknown): { pauses: number; result: ReturnType<typeof schema.safeParse> } {
  const steps = safeParseSteps(schema, value);
  let pauses = 0;
  let r = steps.next();
  for (; !r.done; r = steps.next()) pauses++;
  return { pauses, result: r.value as ReturnType<typeof schema.safeParse> };
}

const items = (n: number) => Array.from({ length: n }, (_, i) => ({ id: i, label: i % 2 ? `m${i}` : undefined, extra: 'dropped' }));

describe('safeParseSteps: a long contract answer checked in slices, same result as safeParse (issue 15)', () => {
  it('checks a 25k-element field a few hundred at a time and gives safeParse’s data (unknown keys stripped)', () => {
    const value = { scanId: 1, items: items(25_000), tail: items(3), junk: 1 };
    const { pauses, result } = stepped(Answer, value);
    expect(pauses).toBeGreaterThanOrEqual(25_000 / 256);
    expect(result).toEqual(Answer.safeParse(value));
    expect(result.success).toBe(true);
  });

  it('checks a long top-level array the same way', () => {
    const value = items(2000);
    expect(stepped(z.array(Item), value)).toEqual({ pauses: expect.any(Number), result: z.array(Item).safeParse(value) });
  });

  it('names the bad element by its whole path, as safeParse does', () => {
    const value = { scanId: 1, items: items(1000), tail: [] as unknown[] };
    (value.items[777] as { id: unknown }).id = 'x';
    const { result } = stepped(Answer, value);
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.path)).toEqual(Answer.safeParse(value).error!.issues.map((i) => i.path));
    expect(result.error!.issues[0]!.path).toEqual(['items', 777, 'id']);
  });

  it('keeps strict objects strict and checks arrays with their own checks in one go', () => {
    const Strict = z.strictObject({ items: z.array(Item) });
    expect(stepped(Strict, { items: items(600), junk: 1 }).result.success).toBe(false);
    const Short = z.object({ items: z.array(Item).max(300) });
    expect(stepped(Short, { items: items(600) }).result).toEqual(Short.safeParse({ items: items(600) }));
  });

  it('gives the contract’s own listLesions and listAnnotations schemas the same verdict on a long bad answer', () => {
    for (const op of ['listLesions', 'listAnnotations'] as const) {
      const schema = operations[op].output as z.ZodType;
      const bad = op === 'listLesions' ? { scanId: 1, readerTotal: null, lesions: items(700), review: {} } : items(700);
      expect(stepped(schema, bad).result.success).toBe(schema.safeParse(bad).success);
    }
  });
});
