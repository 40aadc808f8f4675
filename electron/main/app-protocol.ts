import type { Protocol } from 'electron';
import { readRendererFile } from '../app/renderer-files';
import { contentSecurityPolicy } from '../common';
import { APP_HOST, APP_SCHEME } from './app-origin';

/** Headers every answer of the app protocol carries (the browser host sends the same). */
export function appSecurityHeaders(): Record<string, string> {
  return {
    'content-security-policy': contentSecurityPolicy(),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'cross-origin-opener-policy': 'same-origin',
    'cache-control': 'no-store',
  };
}

function refusal(status: number, message: string): Response {
  return new Response(message, { status, headers: { ...appSecurityHeaders(), 'content-type': 'text/plain; charset=utf-8' } });
}

/**
 * Answers one `lungdesk://app/...` request from the built renderer folder: GET/HEAD only, our
 * host only, and the path confined to `root` by the same rule as the browser host
 * (`readRendererFile`: no `..`, no encoded separators, no symlink out).
 */
export async function serveAppRequest(root: string, request: { url: string; method: string }): Promise<Response> {
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return refusal(400, 'not a URL');
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return refusal(403, `${url.protocol}//${url.host} is not the LungDesk app`);
  if (request.method !== 'GET' && request.method !== 'HEAD') return refusal(405, `${request.method} is not allowed`);
  const found = await readRendererFile(root, url.pathname);
  if (found === 'forbidden') return refusal(403, 'path leaves the renderer folder');
  if (found === null) return refusal(404, `no such file: ${url.pathname}`);
  const headers = { ...appSecurityHeaders(), 'content-type': found.contentType, 'content-length': String(found.body.byteLength) };
  return new Response(request.method === 'HEAD' ? null : new Uint8Array(found.body), { status: 200, headers });
}

/** Serves the renderer on `lungdesk://app/` (after `app` is ready). */
export function registerAppProtocol(protocol: Pick<Protocol, 'handle'>, rendererDir: string): void {
  protocol.handle(APP_SCHEME, (request) => serveAppRequest(rendererDir, request));
}
