import { operations, isOpName, type ContractHandlers } from '../common/contract';
import { LungDeskError, toErrorInfo } from '../common/errors';
import { encodeMessageParts, WIRE_CONTENT_TYPE } from '../common/wire';
import { errorResponse, type OpResponse } from './op-response';
import { readInput } from './read-input';
import { releaseAnswer } from '../app/memory-budget';
import { runStepsSliced, timeSlicer } from '../app/time-slice';
import { safeParseSteps } from '../common/contract/parse-steps';
import { stringifySteps } from '../common/json-steps';

export { errorResponse, jsonResponse, type OpResponse } from './op-response';

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

  const frame = contentType.split(';')[0]!.trim().toLowerCase() === WIRE_CONTENT_TYPE;
  const input = readInput(name, spec.input, rawBody, frame);
  if (!input.ok) return input.response;

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

