import { EVENT_NAMES, OP_NAMES, operations, STREAM_NAMES, type EventName, type LungDeskApi, type StreamName } from '../../common/contract';
import { ErrorInfo, LungDeskError, fromErrorInfo } from '../../common/errors';
import { STREAM_CONTENT_TYPE } from '../../common/stream-records';
import { recordSource, type BodyLike } from './stream-reader';
import { decodeMessage, encodeMessage, isWireFrame, WIRE_CONTENT_TYPE } from '../../common/wire';

/**
 * The browser side of the browser host: builds `window.lungdesk` over HTTP (operations) and
 * one shared WebSocket (events). Runs in a page or in Node (tests), so it takes its fetch and
 * WebSocket implementations as parameters and touches no DOM global itself.
 */

/** The part of `fetch`'s Response the bridge uses (DOM and Node both provide it). */
export interface ResponseLike {
  status: number;
  headers: { get(name: string): string | null };
  arrayBuffer(): Promise<ArrayBuffer>;
  /** Read as it arrives where the implementation can (a streamed operation's records). */
  body?: BodyLike | null;
}
export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body: string | Uint8Array; credentials?: 'same-origin' },
) => Promise<ResponseLike>;

/** The part of the WebSocket API the bridge uses (browser WebSocket and `ws` both provide it). */
export interface WebSocketLike {
  readonly readyState: number;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  close(): void;
}
/** A browser's WebSocket is called with the URL alone; `ws` in Node also takes headers. */
export type WebSocketCtor = new (url: string, options?: { headers: Record<string, string> }) => WebSocketLike;

export interface HttpBridgeOptions {
  /** Origin of the host, e.g. `http://127.0.0.1:5123` (the page's `location.origin`). */
  baseUrl: string;
  /**
   * The host's long-lived token, for Node clients (tests, scripts), sent as a header on every
   * call and on the event socket's upgrade. A page leaves it out: its session cookie goes along.
   */
  token?: string;
  WebSocketImpl: WebSocketCtor;
  fetchImpl?: FetchLike;
  /** Reconnect delays grow from `minMs` to `maxMs`, doubling after each failed attempt. */
  backoff?: { minMs: number; maxMs: number };
  /** Called when the event socket drops or a message cannot be read (default: console.warn). */
  onWarning?: (message: string) => void;
  /**
   * How many times a call the host refused as busy (HTTP 503, host.busy: its memory budget
   * was full, nothing was done) is sent again after the host's Retry-After (default 5).
   */
  busyRetries?: number;
}

/** Longest wait before a retry, whatever Retry-After says, ms. */
const MAX_RETRY_WAIT_MS = 5_000;

function unreachable(name: string, e: unknown): LungDeskError {
  return new LungDeskError('internal', `${name}: the LungDesk backend is unreachable (${e instanceof Error ? e.message : String(e)})`, {
    cause: e,
  });
}

async function readAnswer(name: string, res: ResponseLike): Promise<unknown> {
  const bytes = new Uint8Array(await res.arrayBuffer());
  let answer: unknown;
  try {
    answer = isWireFrame(bytes) ? decodeMessage(bytes) : JSON.parse(new TextDecoder().decode(bytes));
  } catch (e) {
    if (e instanceof LungDeskError) throw e;
    throw new LungDeskError('internal', `${name}: the backend answered HTTP ${res.status} with a body that is neither JSON nor a frame`);
  }
  if (answer !== null && typeof answer === 'object' && (answer as { ok?: unknown }).ok === true) {
    return (answer as { value: unknown }).value;
  }
  const info = ErrorInfo.safeParse((answer as { error?: unknown } | null)?.error);
  if (info.success) throw fromErrorInfo(info.data);
  throw new LungDeskError('internal', `${name}: the backend answered HTTP ${res.status} without a result or an error`);
}

/** What the receiver threw, carried past the transport's own error handling. */
class ReceiverFailed {
  constructor(readonly reason: unknown) {}
}

/**
 * Hands a streamed operation's items to `receive` as their records complete (an item's
 * buffers are valid until `receive` returns: the next record reuses them); the error
 * record is thrown, a stream cut off before its end record is `io.truncated`, and `receive`
 * returning false stops reading (the host sees the connection go and stops too).
 */
async function readStream(name: StreamName, res: ResponseLike, receive: (item: unknown) => boolean | void): Promise<void> {
  const source = recordSource(res.body, () => res.arrayBuffer());
  try {
    for await (const record of source.records) {
      const msg = decodeMessage(record) as { ok?: unknown; end?: unknown; value?: unknown; error?: unknown } | null;
      if (msg?.ok === true && msg.end === true) return await source.cancel();
      if (msg?.ok === true && 'value' in msg) {
        let more: boolean | void;
        try {
          more = receive(msg.value);
        } catch (e) {
          // The receiver's own failure, as it threw it.
          await source.cancel();
          throw new ReceiverFailed(e);
        }
        if (more === false) return await source.cancel();
        continue;
      }
      const info = ErrorInfo.safeParse(msg?.error);
      throw info.success ? fromErrorInfo(info.data) : new LungDeskError('internal', `${name}: the stream held a record that is neither an item, its end nor an error`);
    }
  } catch (e) {
    if (e instanceof ReceiverFailed) throw e.reason;
    await source.cancel();
    if (e instanceof LungDeskError) throw e;
    // The body stopped arriving after the stream had started (the socket was destroyed).
    throw new LungDeskError('io.truncated', `${name}: the backend's stream was cut ${source.atBoundary() ? 'between records' : 'inside a record'} (${e instanceof Error ? e.message : String(e)})`, { cause: e });
  }
  throw new LungDeskError('io.truncated', `${name}: the backend's stream ended ${source.atBoundary() ? 'before its end record' : 'inside a record'}: the connection was cut`);
}

/** Builds the frozen `LungDeskApi`: one function per operation and per event, nothing else. */
export function createHttpBridge(opts: HttpBridgeOptions): LungDeskApi {
  const base = opts.baseUrl.replace(/\/+$/, '');
  const fetchImpl = opts.fetchImpl ?? (globalThis as unknown as { fetch: FetchLike }).fetch;
  const warn = opts.onWarning ?? ((m: string) => console.warn(`[lungdesk] ${m}`));
  const backoff = opts.backoff ?? { minMs: 250, maxMs: 10_000 };
  const busyRetries = Math.max(0, opts.busyRetries ?? 5);
  const api: Record<string, unknown> = {};
  const authHeaders: Record<string, string> = opts.token ? { 'x-lungdesk-token': opts.token } : {};

  /** POSTs a call, sending it again while the host answers busy (503) and retries are left. */
  const post = async (name: string, body: string | Uint8Array, contentType: string): Promise<ResponseLike> => {
    for (let attempt = 0; ; attempt++) {
      let res: ResponseLike;
      try {
        res = await fetchImpl(`${base}/api/${name}`, { method: 'POST', headers: { 'content-type': contentType, ...authHeaders }, body, credentials: 'same-origin' });
      } catch (e) {
        throw unreachable(name, e);
      }
      if (res.status !== 503 || attempt >= busyRetries) return res;
      await res.arrayBuffer(); // drain, so the connection is reused
      const after = Number(res.headers.get('retry-after'));
      await new Promise((r) => setTimeout(r, Math.min(MAX_RETRY_WAIT_MS, Number.isFinite(after) && after >= 0 ? after * 1000 : 1000)));
    }
  };

  for (const name of OP_NAMES) {
    // Inputs that carry buffers (a mask change) go as a wire frame: raw bytes, never JSON arrays.
    const binaryInput = (operations[name] as { binaryInput?: boolean }).binaryInput === true;
    api[name] = async (input: unknown): Promise<unknown> => {
      const body = binaryInput ? encodeMessage(input ?? {}) : JSON.stringify(input ?? {});
      return readAnswer(name, await post(name, body, binaryInput ? WIRE_CONTENT_TYPE : 'application/json'));
    };
  }

  for (const name of STREAM_NAMES) {
    api[name] = async (input: unknown, receive: (item: unknown) => boolean | void): Promise<void> => {
      const res = await post(name, JSON.stringify(input ?? {}), 'application/json');
      if ((res.headers.get('content-type') ?? '').split(';')[0]!.trim() !== STREAM_CONTENT_TYPE) {
        await readAnswer(name, res); // the host's error, thrown
        throw new LungDeskError('internal', `${name}: the backend answered HTTP ${res.status} without a stream`);
      }
      await readStream(name, res, receive);
    };
  }

  // One socket for all events, opened with the first listener and closed with the last, so a
  // page that listens to nothing holds no connection (and tests end cleanly).
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  let socket: WebSocketLike | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let delay = backoff.minMs;
  // No secret in the socket's URL: the page's cookie, or a Node client's header, goes along.
  const wsUrl = `${base.replace(/^http/, 'ws')}/events`;
  const listenerCount = (): number => [...listeners.values()].reduce((n, s) => n + s.size, 0);

  const connect = (): void => {
    retryTimer = null;
    const ws = opts.token ? new opts.WebSocketImpl(wsUrl, { headers: authHeaders }) : new opts.WebSocketImpl(wsUrl);
    socket = ws;
    ws.onopen = () => {
      delay = backoff.minMs;
    };
    ws.onmessage = (ev) => {
      const text = typeof ev.data === 'string' ? ev.data : ev.data instanceof ArrayBuffer ? new TextDecoder().decode(ev.data) : null;
      if (text === null) return;
      let msg: { event?: unknown; payload?: unknown };
      try {
        msg = JSON.parse(text) as typeof msg;
      } catch {
        warn('ignored an event message that is not JSON');
        return;
      }
      const set = listeners.get(msg.event as EventName);
      if (!set) return;
      for (const l of [...set]) {
        try {
          l(msg.payload);
        } catch (e) {
          warn(`a ${String(msg.event)} listener threw: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
    };
    ws.onerror = () => {}; // onclose follows and handles the retry
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      if (listenerCount() === 0) return;
      warn(`event socket closed; reconnecting in ${delay} ms`);
      retryTimer = setTimeout(connect, delay);
      delay = Math.min(delay * 2, backoff.maxMs);
    };
  };

  const disconnectIfIdle = (): void => {
    if (listenerCount() > 0) return;
    if (retryTimer !== null) clearTimeout(retryTimer);
    retryTimer = null;
    const ws = socket;
    socket = null;
    ws?.close();
    delay = backoff.minMs;
  };

  for (const name of EVENT_NAMES) {
    api[name] = (listener: (payload: unknown) => void): (() => void) => {
      if (typeof listener !== 'function') throw new LungDeskError('contract.bad-input', `${name}: the listener must be a function`);
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      // Wrap so the same function subscribed twice gets two independent unsubscribes.
      const wrapped = (payload: unknown): void => listener(payload);
      set.add(wrapped);
      if (socket === null && retryTimer === null) connect();
      let done = false;
      return () => {
        if (done) return;
        done = true;
        set.delete(wrapped);
        disconnectIfIdle();
      };
    };
  }

  return Object.freeze(api) as LungDeskApi;
}
