import { operations, isOpName, type ContractHandlers } from '../common/contract';
import { LungDeskError, toErrorInfo, type ErrorInfo } from '../common/errors';
import { decodeMessage, encodeMessageParts, WIRE_CONTENT_TYPE } from '../common/wire';
import { httpStatusOf } from './status-of';
import { releaseAnswer } from '../app/memory-budget';
import { runStepsSliced, timeSlicer } from '../app/time-slice';
import { safeParseSteps } from '../common/contract/parse-steps';
import { stringifySteps } from '../common/json-steps';

/** A ready-to-send HTTP answer: its body in one piece, or in pieces sent one after the other. */
export interface OpResponse {
  status: number;
  contentType: string;
  body: Buffer | readonly Uint8Array[];
  /** Call once the answer is sent: gives back the memory budget its buffers hold. */
  sent?: () => void;
}

export function jsonResponse(status: number, value: unknown): OpResponse {
  return { status, contentType: 'application/json; charset=utf-8', body: Buffer.from(JSON.stringify(value), 'utf8') };
}

export function errorResponse(info: ErrorInfo): OpResponse {
  return jsonResponse(httpStatusOf(info.code), { ok: false, error: info });
}

/**
 * Runs one contract operation from its raw body: parse (JSON, or a wire frame when the
 * content type says so: inputs that carry buffers), validate with the op's input schema, call
 * the handler, validate the output, encode. Generic over the contract: nothing here names an
 * operation.
 */
export async function dispatchOp(
  handlers: ContractHandlers,
  name: string,
  rawBody: Buffer,
  log: (line: string) => void,
  contentType = 'application/json',
): Promise<OpResponse> {
  if (!isOpName(name)) {
    return errorResponse({ code: 'contract.unknown-op', message: `LungDesk has no operation named "${name}"` });
  }
  const spec = operations[name];

  let json: unknown = {};
  const frame = contentType.split(';')[0]!.trim().toLowerCase() === WIRE_CONTENT_TYPE;
  if (frame) {
    try {
      json = decodeMessage(new Uint8Array(rawBody.buffer, rawBody.byteOffset, rawBody.length));
    } catch (e) {
      return errorResponse({ code: 'contract.bad-input', message: `${name}: the request body is not a readable frame (${e instanceof Error ? e.message : String(e)})` });
    }
  } else if (rawBody.length > 0) {
    try {
      json = JSON.parse(rawBody.toString('utf8'));
    } catch (e) {
      return errorResponse({
        code: 'contract.bad-input',
        message: `${name}: the request body is not JSON (${e instanceof Error ? e.message : String(e)})`,
      });
    }
  }
  const input = spec.input.safeParse(json);
  if (!input.success) {
    return errorResponse({
      code: 'contract.bad-input',
      message: `${name}: input does not match the contract: ${input.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`,
      detail: input.error.issues,
    });
  }

  let value: unknown;
  try {
    const handler = handlers[name] as (input: unknown) => Promise<unknown>;
    value = await handler(input.data);
  } catch (e) {
    const info = toErrorInfo(e);
    if (info.code === 'internal') log(`[browser-host] ${name} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return errorResponse(info);
  }

  // Checked and written in slices: a long answer (25k lesions) must not hold the host's event loop.
  const slicer = timeSlicer();
  const output = await runStepsSliced(safeParseSteps(spec.output, value), slicer);
  if (!output.success) {
    // The backend broke the contract: a bug on our side, never the caller's fault.
    log(`[browser-host] ${name} returned output that breaks the contract: ${JSON.stringify(output.error.issues)}`);
    return errorResponse(toErrorInfo(new LungDeskError('internal', `${name}: the backend returned a value that does not match the contract`)));
  }

  if ((spec as { binary?: boolean }).binary) {
    // In pieces: the pixel buffers go out as they are, never copied into one frame.
    return { status: 200, contentType: 'application/octet-stream', body: encodeMessageParts({ ok: true, value: output.data }), sent: () => releaseAnswer(value) };
  }
  const text = await runStepsSliced(stringifySteps({ ok: true, value: output.data }), slicer);
  return { status: 200, contentType: 'application/json; charset=utf-8', body: Buffer.from(text ?? 'null', 'utf8') };
}

