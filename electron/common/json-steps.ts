import type { Steps } from './steps';

/** Array elements turned to JSON between two pauses. */
const CHUNK = 256;

const plain = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype && !('toJSON' in v);

/**
 * `JSON.stringify(value)` in steps (see steps.ts): the text is the same, but a long array (a
 * 10 MB answer of 25k lesions) is written a few hundred elements at a time with a pause
 * between, so the host's event loop is not held for the whole answer. Plain objects are walked
 * (keys in JSON.stringify's order, undefined and functions left out as it does); anything else
 * is written by JSON.stringify itself. undefined when JSON.stringify gives undefined.
 */
export function* stringifySteps(value: unknown): Steps<string | undefined> {
  if (Array.isArray(value) && value.length > CHUNK) {
    const parts: string[] = [];
    for (let i = 0; i < value.length; i += CHUNK) {
      parts.push(JSON.stringify(value.slice(i, i + CHUNK)).slice(1, -1));
      yield;
    }
    return `[${parts.join(',')}]`;
  }
  if (!plain(value)) return JSON.stringify(value);
  const parts: string[] = [];
  for (const k of Object.keys(value)) {
    const s = yield* stringifySteps(value[k]);
    if (s !== undefined) parts.push(`${JSON.stringify(k)}:${s}`);
  }
  return `{${parts.join(',')}}`;
}
