import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { isStreamName, type ContractHandlers, type EventName } from '../common/contract';
import { contentSecurityPolicy } from '../common/content-security-policy';
import type { ErrorInfo } from '../common/errors';
import { WIRE_CONTENT_TYPE } from '../common/wire';
import { authenticate, CODE_PARAM, hostAllowed, newToken, originAllowed, sessionCookie, sessionCookieName, type Credentials } from './auth';
import { dispatchOp, errorResponse, jsonResponse, type OpResponse } from './dispatch-op';
import { dispatchStream } from './dispatch-stream';
import { createEventSocket } from './event-socket';
import { DEFAULT_CODE_TTL_MS, LaunchSessions } from './launch-sessions';
import { decodedPath, parseRequestTarget } from './request-target';
import { readStatic } from './static-files';

export interface BrowserHostOptions {
  handlers: ContractHandlers;
  /** Registers a listener for every contract event; returns its unsubscribe. */
  subscribe: (listener: (event: EventName, payload: unknown) => void) => () => void;
  /** Built renderer folder (`dist/renderer`). */
  staticDir: string;
  /** 0 (default) picks any free port. */
  port?: number;
  /**
   * Long-lived per-launch secret for Node clients (the `x-lungdesk-token` header); default 24
   * random bytes, base64url. Never put in a URL: the browser gets in with a one-time code.
   */
  token?: string;
  /** How long a launch code stays good, ms (default 120 000). */
  codeTtlMs?: number;
  log?: (line: string) => void;
  /** Largest accepted API request body, bytes (default 1 MB). */
  maxBodyBytes?: number;
  /** Largest accepted wire-frame request body (a mask change), bytes (default 512 MB). */
  maxFrameBytes?: number;
}

export interface BrowserHost {
  /** Open this in the browser: `http://127.0.0.1:PORT/?code=…`, a one-time, short-lived code. */
  url: string;
  port: number;
  /** The long-lived secret, for Node clients' `x-lungdesk-token` header only. */
  token: string;
  /** The session cookie's name, bound to the port (`lungdesk_session_<port>`). */
  cookieName: string;
  /** A further one-time launch URL (for a second browser, or after the first code expired). */
  newLaunchUrl(): string;
  close(): Promise<void>;
}

const API_PREFIX = '/api/';
/** POST with the token header: answers `{ ok: true, value: { url } }`, a fresh launch URL. */
export const LAUNCH_PATH = '/auth/launch';
const NEW_LINK_HINT = 'press Enter in the terminal running `lungdesk serve` for a new link, or start it again';

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

const escapeHtml = (t: string): string => t.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A page load (Accept: text/html) that cannot be let in gets a readable page, not JSON. */
function refusePage(req: IncomingMessage, message: string): OpResponse {
  if (!(req.headers.accept ?? '').includes('text/html')) return refuse('contract.unauthorized', message);
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>LungDesk</title></head><body><h1>LungDesk</h1><p>${escapeHtml(message)}</p></body></html>`;
  return { status: 401, contentType: 'text/html; charset=utf-8', body: Buffer.from(html, 'utf8') };
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
 * browser when Electron is not available. The browser gets in by the launch URL's one-time
 * code, exchanged for an HttpOnly session cookie named for the port; Node clients send the
 * long-lived token in a header. No secret that opens the host is ever read from a URL.
 */
export async function startBrowserHost(opts: BrowserHostOptions): Promise<BrowserHost> {
  const token = opts.token ?? newToken();
  const log = opts.log ?? (() => {});
  const maxJsonBody = opts.maxBodyBytes ?? 1024 * 1024;
  const maxFrameBody = opts.maxFrameBytes ?? 512 * 1024 * 1024;
  const sessions = new LaunchSessions(opts.codeTtlMs ?? DEFAULT_CODE_TTL_MS);
  let port = opts.port ?? 0;
  // The cookie name needs the real port, known only after listen; no request comes before.
  const creds: Credentials = { token, sessions, cookieName: sessionCookieName(port) };
  const launchUrl = (): string => `http://127.0.0.1:${port}/?${CODE_PARAM}=${sessions.mintCode()}`;

  const securityHeaders = (): Record<string, string> => ({
    'content-security-policy': contentSecurityPolicy([`ws://127.0.0.1:${port}`, `ws://localhost:${port}`]),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'cross-origin-opener-policy': 'same-origin',
  });

  // Sockets already answered with `connection: close`: the rest of their request (a chunked body
  // still arriving) must not draw a second, raw response from the clientError handler.
  const closingSockets = new WeakSet<object>();

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<number> => {
    const headers = securityHeaders();
    const method = req.method ?? 'GET';
    const answer = (r: OpResponse, extra: Record<string, string> = {}): number => {
      if (extra.connection === 'close') closingSockets.add(req.socket);
      send(res, r, { ...headers, ...extra }, method === 'HEAD');
      return r.status;
    };
    if (!hostAllowed(req, port)) return answer(refuse('contract.unauthorized', 'Host header is not this LungDesk host', 403));
    const target = parseRequestTarget(req.url);
    if (!target.ok) return answer(refuse('contract.bad-input', target.message, target.status), { connection: 'close' });
    const { pathname, query } = target;

    if (pathname === LAUNCH_PATH) {
      if (!originAllowed(req, port) || !authenticate(req, creds, { header: true, cookie: false })) {
        return answer(refuse('contract.unauthorized', 'a launch link is given only for the token header'));
      }
      if (method !== 'POST') return answer(refuse('contract.bad-input', `${method} is not allowed here; use POST`, 405), { allow: 'POST' });
      return answer(jsonResponse(200, { ok: true, value: { url: launchUrl() } }));
    }

    if (pathname.startsWith(API_PREFIX)) {
      if (!originAllowed(req, port)) return answer(refuse('contract.unauthorized', 'cross-origin requests are refused', 403));
      if (!authenticate(req, creds)) return answer(refuse('contract.unauthorized', 'missing or wrong LungDesk session or token'));
      if (method !== 'POST') return answer(refuse('contract.bad-input', `${method} is not allowed on the API; use POST`, 405), { allow: 'POST' });
      let body: Buffer;
      const contentType = req.headers['content-type'] ?? 'application/json';
      // A frame carries a mask change, which may cover millions of voxels; JSON stays small.
      const maxBody = contentType.split(';')[0]!.trim().toLowerCase() === WIRE_CONTENT_TYPE ? maxFrameBody : maxJsonBody;
      try {
        body = await readBody(req, maxBody);
      } catch (e) {
        if (e instanceof BodyTooLarge) return answer(refuse('contract.bad-input', `request body exceeds ${maxBody} bytes`, 413), { connection: 'close' });
        throw e;
      }
      const name = decodedPath(pathname.slice(API_PREFIX.length));
      // A stream answers on `res` itself once its first item is ready (its status then).
      const r = isStreamName(name) ? await dispatchStream(opts.handlers, name, body, res, headers, log) : await dispatchOp(opts.handlers, name, body, log, contentType);
      if (typeof r === 'number') return r;
      if (r.sent) res.once('close', r.sent);
      // host.busy: the memory budget is full for now; well-behaved clients come back.
      send(res, r, r.status === 503 ? { ...headers, 'retry-after': '1' } : headers);
      return r.status;
    }

    if (method !== 'GET' && method !== 'HEAD') return answer(refuse('contract.bad-input', `${method} is not allowed here`, 405), { allow: 'GET, HEAD' });
    const code = query.get(CODE_PARAM);
    if (code !== null && method !== 'GET') {
      // Only a real page load spends a code: a HEAD from a link checker or a preview must not.
      return answer(refuse('contract.bad-input', 'a launch link is opened with GET', 405), { allow: 'GET' });
    }
    if (code !== null) {
      // The launch: spend the code, give the session cookie, and send the browser on to the
      // same address without the code, so neither the address bar nor history keeps it.
      const redeemed = sessions.redeemCode(code);
      if (!redeemed && !authenticate(req, creds, { header: false, cookie: true })) {
        return answer(refusePage(req, `This launch link was already used or has expired: ${NEW_LINK_HINT}.`));
      }
      query.delete(CODE_PARAM);
      const rest = query.toString();
      const extra: Record<string, string> = { location: rest ? `${pathname}?${rest}` : pathname };
      if (redeemed) extra['set-cookie'] = sessionCookie(creds.cookieName, sessions.openSession());
      send(res, { status: 303, contentType: 'text/plain; charset=utf-8', body: Buffer.alloc(0) }, { ...headers, ...extra });
      return 303;
    }
    if (!authenticate(req, creds)) {
      return answer(refusePage(req, `No LungDesk session in this browser: open the link \`lungdesk serve\` printed (${NEW_LINK_HINT}).`));
    }
    const file = await readStatic(opts.staticDir, pathname);
    if (file === 'forbidden') return answer(refuse('contract.bad-input', 'path leaves the renderer folder', 403));
    if (file === null) return answer(refuse('not-found', `no such file: ${pathname.slice(0, 200)}`));
    return answer({ status: 200, contentType: file.contentType, body: file.body });
  };

  const server = http.createServer((req, res) => {
    const t0 = performance.now();
    // Never log the query (it may hold a launch code) nor an endless path.
    const path = (req.url ?? '/').split('?')[0]!.slice(0, 200);
    handle(req, res)
      .then((status) => log(`${req.method} ${path} ${status} ${(performance.now() - t0).toFixed(1)}ms`))
      .catch((e: unknown) => {
        log(`[browser-host] ${req.method} ${path} crashed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
        if (!res.headersSent) send(res, refuse('internal', 'the browser host failed to answer'), securityHeaders());
        else res.destroy();
      });
  });
  // Requests Node's parser refuses (no valid request line, a bad method, headers too large)
  // and CONNECT never reach the handler: answer them with a plain status and one log line.
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'HPE_URI_TOO_LONG' ? 414 : 400;
    if (closingSockets.has(socket)) {
      socket.destroy();
      return;
    }
    log(`refused a malformed request: ${status} ${err.code ?? 'parse error'}`);
    if ((socket as Socket).writable) socket.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
    else socket.destroy();
  });
  server.on('connect', (_req: IncomingMessage, socket: Duplex) => {
    log('CONNECT 405');
    socket.end('HTTP/1.1 405 Method Not Allowed\r\nallow: GET, HEAD, POST\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
  });

  const eventSocket = createEventSocket({ port: () => port, credentials: creds, subscribe: opts.subscribe, log });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => eventSocket.onUpgrade(req, socket, head));

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (e) {
    eventSocket.close();
    throw e;
  }
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('browser host: no TCP address after listen');
  port = address.port;
  creds.cookieName = sessionCookieName(port);

  let closed: Promise<void> | undefined;
  return {
    url: launchUrl(),
    port,
    token,
    cookieName: creds.cookieName,
    newLaunchUrl: launchUrl,
    close() {
      closed ??= new Promise<void>((resolve) => {
        eventSocket.close();
        sessions.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
