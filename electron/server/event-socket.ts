import http, { type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { events, type EventName } from '../common/contract';
import type { ErrorInfo } from '../common/errors';
import { authenticate, hostAllowed, originAllowed, type Credentials } from './auth';
import { parseRequestTarget } from './request-target';

export const EVENTS_PATH = '/events';

export interface EventSocket {
  /** The server's `upgrade` listener. */
  onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  close(): void;
}

/**
 * The events endpoint: one WebSocket per page, JSON `{ event, payload }` per contract event,
 * each payload checked against its schema first. A socket opens only for our Host and
 * Origin and a session cookie (the browser) or the token header (Node clients): never for a
 * secret in its URL.
 */
export function createEventSocket(opts: {
  port: () => number;
  credentials: Credentials;
  subscribe: (listener: (event: EventName, payload: unknown) => void) => () => void;
  log: (line: string) => void;
}): EventSocket {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const clients = new Set<WebSocket>();
  wss.on('connection', (ws) => {
    clients.add(ws);
    ws.on('close', () => clients.delete(ws));
    ws.on('error', () => clients.delete(ws));
    ws.on('message', () => {}); // the socket is push-only; anything sent is ignored
  });

  const unsubscribe = opts.subscribe((event, payload) => {
    const parsed = events[event]?.payload.safeParse(payload);
    if (!parsed?.success) {
      opts.log(`[browser-host] dropped event ${String(event)}: payload breaks the contract`);
      return;
    }
    const msg = JSON.stringify({ event, payload: parsed.data });
    for (const ws of clients) if (ws.readyState === ws.OPEN) ws.send(msg);
  });

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const target = parseRequestTarget(req.url);
    const path = target.ok ? target.pathname : '(malformed)';
    const reject = (status: number, info: ErrorInfo): void => {
      const body = JSON.stringify({ ok: false, error: info });
      socket.end(
        `HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? ''}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
      );
      opts.log(`WS ${path.slice(0, 200)} ${status}`);
    };
    if (!hostAllowed(req, opts.port()) || !originAllowed(req, opts.port())) {
      reject(403, { code: 'contract.unauthorized', message: 'Host or Origin is not this LungDesk host' });
      return;
    }
    if (!target.ok) {
      reject(target.status, { code: 'contract.bad-input', message: target.message });
      return;
    }
    if (target.pathname !== EVENTS_PATH) {
      reject(404, { code: 'not-found', message: `no WebSocket endpoint ${target.pathname.slice(0, 200)}` });
      return;
    }
    if (!authenticate(req, opts.credentials)) {
      reject(401, { code: 'contract.unauthorized', message: 'the event socket needs the session cookie or the token header' });
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      opts.log(`WS ${EVENTS_PATH} 101`);
      wss.emit('connection', ws, req);
    });
  };

  return {
    onUpgrade,
    close() {
      unsubscribe();
      for (const ws of clients) ws.terminate();
      clients.clear();
      wss.close();
    },
  };
}
