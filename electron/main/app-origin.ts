import type { CustomScheme } from 'electron';

/**
 * Where the desktop window's page comes from: a custom standard, secure scheme served from
 * dist/renderer by the main process (app-protocol.ts), never `file://`, so the page has a
 * real origin for its CSP, its workers and our navigation and IPC checks, and file URLs keep
 * no special powers.
 */
export const APP_SCHEME = 'lungdesk';
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

/**
 * The scheme's privileges: standard (relative URLs, an origin) and secure (a secure context
 * for workers and WebAssembly), fetch for the codecs' .wasm files. No `bypassCSP`, no service
 * workers, no extensions.
 */
export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, stream: true, codeCache: true },
};

/** True when `url` is a page or file of our app (scheme and host exactly; any path). */
export function isAppUrl(url: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && u.username === '' && u.password === '' && u.port === '';
}

/**
 * Which requests the window's session lets through: our own files, and the page's own
 * in-memory blob:/data: URLs (workers, images) and devtools. The product is offline, so
 * everything else (http, https, ws, file) is cancelled.
 */
export function requestAllowed(url: string): boolean {
  if (isAppUrl(url)) return true;
  if (url.startsWith('devtools://') || url.startsWith('data:')) return true;
  // A blob: URL carries its creator's origin: only blobs the app itself made.
  if (url.startsWith('blob:')) return isAppUrl(url.slice('blob:'.length));
  return false;
}
