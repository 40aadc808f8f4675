import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** Name of the HttpOnly cookie that lets the page's own assets load without the query token. */
export const TOKEN_COOKIE = 'lungdesk_token';
/** Header the bridge sends on every API call. */
export const TOKEN_HEADER = 'x-lungdesk-token';

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

function cookieValue(req: IncomingMessage, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** Where a request may carry the token; the first one that matches wins. */
export interface TokenSources {
  header: boolean;
  cookie: boolean;
  query: boolean;
}

/** Which source (if any) presented the right token. */
export function authenticate(
  req: IncomingMessage,
  url: URL,
  token: string,
  sources: TokenSources,
): 'header' | 'cookie' | 'query' | null {
  if (sources.header) {
    const h = req.headers[TOKEN_HEADER];
    if (tokenMatches(token, Array.isArray(h) ? h[0] : h)) return 'header';
  }
  if (sources.cookie && tokenMatches(token, cookieValue(req, TOKEN_COOKIE))) return 'cookie';
  if (sources.query && tokenMatches(token, url.searchParams.get('token') ?? undefined)) return 'query';
  return null;
}

export function tokenCookie(token: string): string {
  return `${TOKEN_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`;
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
