import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { OP_NAMES, STREAM_NAMES, operations, streams } from '../../../../electron/common/contract';

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  innerType?: z.ZodType;
  element?: z.ZodType;
  options?: z.ZodType[];
  items?: z.ZodType[];
  rest?: z.ZodType | null;
  in?: z.ZodType;
  out?: z.ZodType;
  keyType?: z.ZodType;
  valueType?: z.ZodType;
  getter?: () => z.ZodType;
}
const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

/** Every object schema reachable from `s`, with the path that leads to it. */
function objectsIn(s: z.ZodType, at: string, out: { at: string; def: Def }[], seen = new Set<z.ZodType>()): void {
  if (seen.has(s)) return;
  seen.add(s);
  const d = defOf(s);
  if (d.type === 'object') {
    out.push({ at, def: d });
    for (const [k, v] of Object.entries(d.shape ?? {})) objectsIn(v, `${at}.${k}`, out, seen);
  }
  for (const inner of [d.innerType, d.element, d.in, d.out, d.valueType, d.rest ?? undefined]) if (inner) objectsIn(inner, at, out, seen);
  for (const o of [...(d.options ?? []), ...(d.items ?? [])]) objectsIn(o, at, out, seen);
  if (d.type === 'lazy' && d.getter) objectsIn(d.getter(), at, out, seen);
}

describe('contract inputs are strict', () => {
  it('every object in every operation and streamed operation input refuses unknown fields (catchall never)', () => {
    const loose: string[] = [];
    let count = 0;
    const inputs = [...OP_NAMES.map((n) => [n, operations[n].input] as const), ...STREAM_NAMES.map((n) => [n, streams[n].input] as const)];
    for (const [name, input] of inputs) {
      const found: { at: string; def: Def }[] = [];
      objectsIn(input, name, found);
      count += found.length;
      for (const f of found) if (f.def.catchall === undefined || defOf(f.def.catchall).type !== 'never') loose.push(f.at);
    }
    expect(count).toBeGreaterThan(OP_NAMES.length);
    expect(loose).toEqual([]);
  });

  it('refuses an unknown top-level field and an unknown nested field, naming it', () => {
    const top = operations.getScan.input.safeParse({ scanId: 7, admin: true });
    expect(top.success).toBe(false);
    expect(JSON.stringify(top.error?.issues)).toMatch(/admin/);
    const nested = operations.nextUndecided.input.safeParse({ datasetId: 1, after: { scanId: 7, lesionKey: null, extra: 1 } });
    expect(nested.success).toBe(false);
    expect(JSON.stringify(nested.error?.issues)).toMatch(/extra/);
    const inParams = operations.startPreprocess.input.safeParse({ scanId: 7, params: { spacingMm: 1, sneaky: 'x' } });
    expect(inParams.success).toBe(false);
  });

  it('still accepts the same inputs without extra fields (refinements and defaults kept)', () => {
    expect(operations.getScan.input.safeParse({ scanId: 7 }).success).toBe(true);
    expect(operations.addNodule.input.safeParse({ scanId: 7, center: [1, 2, 3], diameterMm: 6 }).success).toBe(true);
    expect(operations.addNodule.input.safeParse({ scanId: 7, center: [1, 2, 3], diameterMm: 0.1 }).success).toBe(false);
  });

  it('refuses a centre that is NaN or infinite in every operation that takes one', () => {
    for (const bad of [NaN, Infinity, -Infinity]) {
      const center = [0, bad, 0];
      expect(operations.addNodule.input.safeParse({ scanId: 7, center, diameterMm: 6 }).success, String(bad)).toBe(false);
      expect(operations.updateNodule.input.safeParse({ annotationId: 1, center }).success, String(bad)).toBe(false);
      expect(operations.segmentNodule.input.safeParse({ scanId: 7, center, diameterMm: 6 }).success, String(bad)).toBe(false);
      expect(operations.segmentNodule.input.safeParse({ scanId: 7, center: [0, 0, 0], diameterMm: bad }).success, String(bad)).toBe(false);
    }
  });
});
