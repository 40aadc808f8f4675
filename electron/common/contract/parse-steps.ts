import { z } from 'zod';
import type { Steps } from '../steps';

/** Array elements checked between two pauses. */
const CHUNK = 256;

type Result = { success: true; data: unknown } | { success: false; error: { issues: z.core.$ZodIssue[] } };

const plain = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;
const unchecked = (s: z.ZodType): boolean => (s._zod.def.checks ?? []).length === 0;

/** An array schema with no checks of its own (min, max, refine): its elements may be checked chunk by chunk. */
function chunkable(s: unknown, v: unknown): s is z.ZodArray<z.ZodType> {
  return s instanceof z.ZodArray && unchecked(s) && Array.isArray(v) && v.length > CHUNK;
}

/** An array checked CHUNK elements at a time, with a pause between chunks; issues keep their whole path. */
function* arraySteps(s: z.ZodArray<z.ZodType>, v: readonly unknown[], at: PropertyKey[]): Steps<Result> {
  const whole = z.array(s.element);
  const out: unknown[] = [];
  for (let i = 0; i < v.length; i += CHUNK) {
    const r = whole.safeParse(v.slice(i, i + CHUNK));
    if (!r.success) return { success: false, error: { issues: r.error.issues.map((x) => ({ ...x, path: [...at, i + Number(x.path[0]), ...x.path.slice(1)] })) } };
    for (const e of r.data) out.push(e);
    yield;
  }
  return { success: true, data: out };
}

/**
 * `schema.safeParse(value)` in steps (see common/steps.ts): a contract answer with a long
 * array (25k lesions or annotations of one scan), as the value or a field of it, is checked a
 * few hundred elements at a time, so the host can answer other requests between. The same
 * result as safeParse: the object is checked with its long arrays emptied (its own fields,
 * unknown keys, strictness), then each array element by element with the field's schema.
 * Anything else (checks on the array or the object, wrappers) is checked in one go.
 */
export function* safeParseSteps(schema: z.ZodType, value: unknown): Steps<Result> {
  if (chunkable(schema, value)) return yield* arraySteps(schema, value as unknown[], []);
  if (!(schema instanceof z.ZodObject) || !unchecked(schema) || !plain(value)) return schema.safeParse(value);
  const shape = schema.shape as Record<string, z.ZodType>;
  const long = Object.keys(shape).filter((k) => Object.prototype.hasOwnProperty.call(value, k) && chunkable(shape[k], value[k]));
  if (long.length === 0) return schema.safeParse(value);
  const head = schema.safeParse({ ...value, ...Object.fromEntries(long.map((k) => [k, []])) });
  if (!head.success) return head;
  const data = { ...(head.data as Record<string, unknown>) };
  for (const k of long) {
    const r = yield* arraySteps(shape[k] as z.ZodArray<z.ZodType>, value[k] as unknown[], [k]);
    if (!r.success) return r;
    data[k] = r.data;
  }
  return { success: true, data };
}
