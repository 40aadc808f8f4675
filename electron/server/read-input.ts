import type { z } from 'zod';
import { inputMismatch } from '../common/contract/input-mismatch';
import { decodeMessage } from '../common/wire';
import { errorResponse, type OpResponse } from './op-response';

/** A call's input as its schema returns it, or the answer that refuses it. */
export type ReadInput = { ok: true; data: unknown } | { ok: false; response: OpResponse };

/**
 * Reads a call's body (JSON, or a wire frame when `frame`: inputs that carry buffers) and
 * checks it against the operation's input schema; a body that does not read or does not fit
 * is `contract.bad-input`, naming the call and what is wrong. One reading for every
 * operation and streamed operation of the browser host.
 */
export function readInput(name: string, schema: z.ZodType, rawBody: Buffer, frame: boolean): ReadInput {
  let json: unknown = {};
  if (frame) {
    try {
      json = decodeMessage(new Uint8Array(rawBody.buffer, rawBody.byteOffset, rawBody.length));
    } catch (e) {
      return refused(`${name}: the request body is not a readable frame (${e instanceof Error ? e.message : String(e)})`);
    }
  } else if (rawBody.length > 0) {
    try {
      json = JSON.parse(rawBody.toString('utf8'));
    } catch (e) {
      return refused(`${name}: the request body is not JSON (${e instanceof Error ? e.message : String(e)})`);
    }
  }
  const input = schema.safeParse(json);
  if (!input.success) return { ok: false, response: errorResponse(inputMismatch(name, input.error.issues)) };
  return { ok: true, data: input.data };
}

function refused(message: string): ReadInput {
  return { ok: false, response: errorResponse({ code: 'contract.bad-input', message }) };
}
