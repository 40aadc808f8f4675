import { createHttpBridge, type FetchLike, type WebSocketCtor } from './http-bridge';

/**
 * Entry of `lungdesk-bridge.js`, the classic script the browser host injects before the app:
 * it defines `window.lungdesk` exactly as Electron's preload does, so the renderer is the
 * same code in both hosts. Built by `renderer/vite.bridge.config.ts` as an IIFE.
 */

// The few page globals used here, typed locally: this folder is type-checked without the DOM lib.
interface PageGlobals {
  location: { origin: string };
  WebSocket: WebSocketCtor;
  fetch: FetchLike;
  lungdesk?: unknown;
}

// The page holds no secret: the host set an HttpOnly session cookie when it took the launch
// link's one-time code, and that cookie goes along with every call and the event socket.
const g = globalThis as unknown as PageGlobals;
if (g.lungdesk === undefined) {
  const api = createHttpBridge({
    baseUrl: g.location.origin,
    WebSocketImpl: g.WebSocket,
    fetchImpl: g.fetch.bind(globalThis),
  });
  Object.defineProperty(globalThis, 'lungdesk', { value: api, writable: false, configurable: false, enumerable: true });
}
