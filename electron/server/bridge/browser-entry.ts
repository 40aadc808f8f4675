import { createHttpBridge, type FetchLike, type WebSocketCtor } from './http-bridge';

/**
 * Entry of `lungdesk-bridge.js`, the classic script the browser host injects before the app:
 * it defines `window.lungdesk` exactly as Electron's preload does, so the renderer is the
 * same code in both hosts. Built by `renderer/vite.bridge.config.ts` as an IIFE.
 */

// The few page globals used here, typed locally: this folder is type-checked without the DOM lib.
interface PageGlobals {
  location: { origin: string; href: string; search: string };
  history: { replaceState(data: unknown, unused: string, url?: string): void; state: unknown };
  sessionStorage: { getItem(k: string): string | null; setItem(k: string, v: string): void };
  WebSocket: WebSocketCtor;
  fetch: FetchLike;
  lungdesk?: unknown;
}

const STORAGE_KEY = 'lungdesk.token';

function takeToken(g: PageGlobals): string {
  const url = new URL(g.location.href);
  const fromQuery = url.searchParams.get('token');
  if (fromQuery) {
    try {
      g.sessionStorage.setItem(STORAGE_KEY, fromQuery);
    } catch {
      // storage disabled: the token still works for this page load
    }
    // Keep the secret out of the address bar, history and screenshots.
    url.searchParams.delete('token');
    g.history.replaceState(g.history.state, '', url.pathname + url.search + url.hash);
    return fromQuery;
  }
  try {
    return g.sessionStorage.getItem(STORAGE_KEY) ?? '';
  } catch {
    return '';
  }
}

const g = globalThis as unknown as PageGlobals;
if (g.lungdesk === undefined) {
  const api = createHttpBridge({
    baseUrl: g.location.origin,
    token: takeToken(g),
    WebSocketImpl: g.WebSocket,
    fetchImpl: g.fetch.bind(globalThis),
  });
  Object.defineProperty(globalThis, 'lungdesk', { value: api, writable: false, configurable: false, enumerable: true });
}
