import type { ServerResponse } from 'node:http';
import { streams, type ContractHandlers, type StreamName } from '../common/contract';
import { LungDeskError, toErrorInfo } from '../common/errors';
import { recordParts, STREAM_CONTENT_TYPE } from '../common/stream-records';
import { releaseAnswer } from '../app/memory-budget';
import { errorResponse, type OpResponse } from './op-response';
import { readInput } from './read-input';

/**
 * Runs one streamed operation over an HTTP response: the input is checked as an op's is (a
 * bad one gets an ordinary error answer), then the response starts (chunked, no length) with
 * the first item and each item the handler emits is checked against the contract and
 * written as a record (`stream-records.ts`) the moment it is ready, its buffers as they are.
 * An emit resolves once the socket is done with the item's bytes (so the handler may reuse
 * its buffers), and says false when the receiver has gone.
 * An error before the first item is an ordinary error answer too (host.busy is a 503 the
 * bridge retries, as for an op); one after it is the stream's last record.
 */
export async function dispatchStream(
  handlers: ContractHandlers,
  name: StreamName,
  rawBody: Buffer,
  res: ServerResponse,
  headers: Record<string, string>,
  log: (line: string) => void,
): Promise<OpResponse | number> {
  const spec = streams[name];
  const input = readInput(name, spec.input, rawBody, false);
  if (!input.ok) return input.response;

  let gone = false;
  res.once('close', () => (gone = true));
  /** Writes a record; resolves once the socket is done with its bytes (a stream reuses its buffers). */
  const write = (value: unknown): Promise<void> => {
    if (!res.headersSent) res.writeHead(200, { ...headers, 'content-type': STREAM_CONTENT_TYPE, 'cache-control': 'no-store' });
    const parts = recordParts(value);
    return new Promise<void>((resolve) => {
      const done = (): void => {
        res.off('close', done);
        resolve();
      };
      // A connection that closes first never flushes: the record is done with all the same.
      res.once('close', done);
      res.cork();
      parts.forEach((p, i) => res.write(p, i === parts.length - 1 ? done : undefined));
      res.uncork();
    });
  };

  const emit = async (item: unknown): Promise<boolean> => {
    if (gone) {
      releaseAnswer(item);
      return false;
    }
    const checked = spec.item.safeParse(item);
    if (!checked.success) {
      releaseAnswer(item);
      log(`[browser-host] ${name} emitted an item that breaks the contract: ${JSON.stringify(checked.error.issues)}`);
      throw new LungDeskError('internal', `${name}: the backend sent an item that does not match the contract`);
    }
    // Flushed to the socket (or the connection is gone): the item's buffers are free again.
    await write({ ok: true, value: checked.data });
    releaseAnswer(item);
    return !gone;
  };

  try {
    const handler = handlers[name] as (input: unknown, emit: (item: unknown) => Promise<boolean>) => Promise<void>;
    await handler(input.data, emit);
    if (!gone) await write({ ok: true, end: true });
  } catch (e) {
    const info = toErrorInfo(e);
    if (info.code === 'internal') log(`[browser-host] ${name} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    // Nothing sent yet: the error gets its own HTTP status, as an op's would.
    if (!res.headersSent && !gone) return errorResponse(info);
    if (!gone) await write({ ok: false, error: info });
  }
  res.end();
  return 200;
}
