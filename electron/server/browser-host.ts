import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { events, type ContractHandlers, type EventName } from '../common/contract';
import type { ErrorInfo } from '../common/errors';
import { authenticate, hostAllowed, newToken, originAllowed, tokenCookie } from './auth';
import { WIRE_CONTENT_TYPE } from '../common/wire';
import { dispatchOp, errorResponse, type OpResponse } from './dispatch-op';
import { readStatic } from './static-files';

export interface BrowserHostOptions {
  handlers: ContractHandlers;
  /** Registers a listener for every contract event; returns its unsubscribe. */
  subscribe: (listener: (event: EventName, payload: unknown) => void) => () => void;
  /** Built renderer folder (`dist/renderer`). */
  staticDir: string;
  /** 0 (default) picks any free port. */
  port?: number;
  /** Per-launch secret; default 24 random bytes, base64url. */
  token?: string;
  log?: (line: string) => void;
  /** Largest accepted API request body, bytes (default 1 MB). */
  maxBodyBytes?: number;
  /** Largest accepted wire-frame request body (a mask change), bytes (default 512 MB). */
  maxFrameBytes?: number;
}

export interface BrowserHost {
  /** Open this in the browser: `http://127.0.0.1:PORT/?token=…`. */
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const API_PREFIX = '/api/';
const EVENTS_PATH = '/events';

function contentSecurityPolicy(port: number): string {
  return [
    "default-src 'self'",
    // Cornerstone/vtk compile WebAssembly (codecs) and may spawn blob: workers.
    "script-src 'self' 'wasm-unsafe-eval'",
    "worker-src 'self' blob:",
    "img-src 'self' data: blob:",
    "style-src 'self'",
    "font-src 'self' data:",
    `connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ');
}

function send(res: ServerResponse, r: OpResponse, extraHeaders: Record<string, string> = {}, headOnly = false): void {
  const parts = Buffer.isBuffer(r.body) ? [r.body] : (r.body as readonly Uint8Array[]);
  res.writeHead(r.status, {
    'content-type': r.contentType,
    'content-length': String(parts.reduce((n, p) => n + p.byteLength, 0)),
    'cache-control': 'no-store',
    ...extraHeaders,
  });
  if (headOnly) {
    res.end();
    return;
  }
  res.cork();
  for (const p of parts) res.write(p);
  res.end();
  res.uncork();
}

function refuse(code: ErrorInfo['code'], message: string, status?: number): OpResponse {
  const r = errorResponse({ code, message });
  return status === undefined ? r : { ...r, status };
}

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? '0');
    if (declared > limit) {
      reject(new BodyTooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        req.removeAllListeners('data');
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * Serves the built renderer and the whole contract on 127.0.0.1, for use from an ordinary
 * browser when Electron is not available. Every request needs the per-launch token (query
 * on the first page load, then an HttpOnly cookie for assets, and a header on API calls).
 */
export async function startBrowserHost(opts: BrowserHostOptions): Promise<BrowserHost> {
  const token = opts.token ?? newToken();
  const log = opts.log ?? (() => {});
  const maxJsonBody = opts.maxBodyBytes ?? 1024 * 1024;
  const maxFrameBody = opts.maxFrameBytes ?? 512 * 1024 * 1024;
  let port = opts.port ?? 0;

  const securityHeaders = (): Record<string, string> => ({
    'content-security-policy': contentSecurityPolicy(port),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'cross-origin-opener-policy': 'same-origin',
  });

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<number> => {
    const headers = securityHeaders();
    const method = req.method ?? 'GET';
    if (!hostAllowed(req, port)) {
      send(res, refuse('contract.unauthorized', 'Host header is not this LungDesk host', 403), headers);
      return 403;
    }
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);

    if (url.pathname.startsWith(API_PREFIX)) {
      if (!originAllowed(req, port)) {
        send(res, refuse('contract.unauthorized', 'cross-origin requests are refused', 403), headers);
        return 403;
      }
      if (!authenticate(req, url, token, { header: true, cookie: true, query: false })) {
        send(res, refuse('contract.unauthorized', 'missing or wrong LungDesk token'), headers);
        return 401;
      }
      if (method !== 'POST') {
        send(res, refuse('contract.bad-input', `${method} is not allowed on the API; use POST`, 405), { ...headers, allow: 'POST' });
        return 405;
      }
      let body: Buffer;
      const contentType = req.headers['content-type'] ?? 'application/json';
      // A frame carries a mask change, which may cover millions of voxels; JSON stays small.
      const maxBody = contentType.split(';')[0]!.trim().toLowerCase() === WIRE_CONTENT_TYPE ? maxFrameBody : maxJsonBody;
      try {
        body = await readBody(req, maxBody);
      } catch (e) {
        if (e instanceof BodyTooLarge) {
          send(res, refuse('contract.bad-input', `request body exceeds ${maxBody} bytes`, 413), { ...headers, connection: 'close' });
          return 413;
        }
        throw e;
      }
      const name = decodeURIComponent(url.pathname.slice(API_PREFIX.length));
      const r = await dispatchOp(opts.handlers, name, body, log, contentType);
      if (r.sent) res.once('close', r.sent);
      // host.busy: the memory budget is full for now; well-behaved clients come back.
      send(res, r, r.status === 503 ? { ...headers, 'retry-after': '1' } : headers);
      return r.status;
    }

    const via = authenticate(req, url, token, { header: true, cookie: true, query: true });
    if (!via) {
      send(res, refuse('contract.unauthorized', 'missing or wrong LungDesk token: open the URL printed by `lungdesk serve`'), headers);
      return 401;
    }
    if (method !== 'GET' && method !== 'HEAD') {
      send(res, refuse('contract.bad-input', `${method} is not allowed here`, 405), { ...headers, allow: 'GET, HEAD' });
      return 405;
    }
    const file = await readStatic(opts.staticDir, url.pathname);
    if (file === 'forbidden') {
      send(res, refuse('contract.bad-input', 'path leaves the renderer folder', 403), headers);
      return 403;
    }
    if (file === null) {
      send(res, refuse('not-found', `no such file: ${url.pathname}`), headers);
      return 404;
    }
    // The query token becomes a cookie so the page's assets, workers and socket authenticate.
    const extra: Record<string, string> = via === 'query' ? { 'set-cookie': tokenCookie(token) } : {};
    send(res, { status: 200, contentType: file.contentType, body: file.body }, { ...headers, ...extra }, method === 'HEAD');
    return 200;
  };

  const server = http.createServer((req, res) => {
    const t0 = performance.now();
    const path = (req.url ?? '/').split('?')[0]; // never log the query: it may hold the token
    handle(req, res)
      .then((status) => log(`${req.method} ${path} ${status} ${(performance.now() - t0).toFixed(1)}ms`))
      .catch((e: unknown) => {
        log(`[browser-host] ${req.method} ${path} crashed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
        if (!res.headersSent) send(res, refuse('internal', 'the browser host failed to answer'), securityHeaders());
        else res.destroy();
      });
  });

  // Events: one WebSocket endpoint, JSON `{ event, payload }` per contract event.
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const clients = new Set<WebSocket>();
  wss.on('connection', (ws) => {
    clients.add(ws);
    ws.on('close', () => clients.delete(ws));
    ws.on('error', () => clients.delete(ws));
    ws.on('message', () => {}); // the socket is push-only; anything sent is ignored
  });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const reject = (status: number, info: ErrorInfo): void => {
      const body = JSON.stringify({ ok: false, error: info });
      socket.end(
        `HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? ''}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
      );
      log(`WS ${url.pathname} ${status}`);
    };
    if (!hostAllowed(req, port) || !originAllowed(req, port)) {
      reject(403, { code: 'contract.unauthorized', message: 'Host or Origin is not this LungDesk host' });
      return;
    }
    if (url.pathname !== EVENTS_PATH) {
      reject(404, { code: 'not-found', message: `no WebSocket endpoint ${url.pathname}` });
      return;
    }
    if (!authenticate(req, url, token, { header: true, cookie: true, query: true })) {
      reject(401, { code: 'contract.unauthorized', message: 'missing or wrong LungDesk token' });
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      log(`WS ${EVENTS_PATH} 101`);
      wss.emit('connection', ws, req);
    });
  });

  const unsubscribe = opts.subscribe((event, payload) => {
    const spec = events[event];
    const parsed = spec?.payload.safeParse(payload);
    if (!parsed?.success) {
      log(`[browser-host] dropped event ${String(event)}: payload breaks the contract`);
      return;
    }
    const msg = JSON.stringify({ event, payload: parsed.data });
    for (const ws of clients) if (ws.readyState === ws.OPEN) ws.send(msg);
  });

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (e) {
    unsubscribe();
    throw e;
  }
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('browser host: no TCP address after listen');
  port = address.port;

  let closed: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}/?token=${encodeURIComponent(token)}`,
    port,
    token,
    close() {
      closed ??= new Promise<void>((resolve) => {
        unsubscribe();
        for (const ws of clients) ws.terminate();
        clients.clear();
        wss.close();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
  };
}

