import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { LaunchSessions } from './launch-sessions';

/** Header a Node client (tests, scripts, the e2e harness) sends with the long-lived token. */
export const TOKEN_HEADER = 'x-lungdesk-token';
/** Query parameter of the launch URL that carries the one-time code. */
export const CODE_PARAM = 'code';

/**
 * The session cookie's name carries the port: browsers share cookies across ports of one
 * host name, so two LungDesk hosts on 127.0.0.1 would otherwise overwrite each other's.
 */
export function sessionCookieName(port: number): string {
  return `lungdesk_session_${port}`;
}

export function sessionCookie(name: string, id: string): string {
  return `${name}=${id}; HttpOnly; SameSite=Strict; Path=/`;
}

/** A fresh per-launch secret: 24 random bytes, base64url. */
export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

/**
 * Constant-time equality. Both sides are hashed first so that neither the length nor the
 * content of the expected token leaks through timing.
 */
export function tokenMatches(expected: string, given: string | undefined): boolean {
  if (given === undefined || given.length === 0) return false;
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(given).digest();
  return timingSafeEqual(a, b);
}

export function cookieValue(req: IncomingMessage, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** What a request may show: the token in its header (Node clients) or a session cookie (the browser). */
export interface Credentials {
  token: string;
  sessions: LaunchSessions;
  cookieName: string;
}

/**
 * Which credential (if any) the request presents. Never the URL: a token or session in a
 * query would end up in history, logs and the address bar.
 */
export function authenticate(req: IncomingMessage, creds: Credentials, sources: { header: boolean; cookie: boolean } = { header: true, cookie: true }): 'header' | 'cookie' | null {
  if (sources.header) {
    const h = req.headers[TOKEN_HEADER];
    if (tokenMatches(creds.token, Array.isArray(h) ? h[0] : h)) return 'header';
  }
  if (sources.cookie && creds.sessions.hasSession(cookieValue(req, creds.cookieName))) return 'cookie';
  return null;
}

/**
 * DNS-rebinding guard: a page on evil.example resolved to 127.0.0.1 still sends
 * `Host: evil.example`, so only our own loopback names are accepted.
 */
export function hostAllowed(req: IncomingMessage, port: number): boolean {
  const host = req.headers.host;
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

/** A browser sends Origin on cross-origin requests and on same-origin POSTs; it must be us. */
export function originAllowed(req: IncomingMessage, port: number): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true; // not a browser cross-origin request (curl, Node, the bridge in tests)
  return origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
}
