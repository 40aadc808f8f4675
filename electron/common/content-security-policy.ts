/**
 * The one Content-Security-Policy of the LungDesk page, in the desktop window (served from
 * `lungdesk://app/`) and in the browser host (served from `http://127.0.0.1:PORT/`). Both
 * hosts send this string; only where events may connect differs: the browser host adds its
 * own WebSocket origin, the window needs none (IPC is not a network request).
 */
export function contentSecurityPolicy(connectSources: readonly string[] = []): string {
  return [
    "default-src 'self'",
    // Cornerstone/vtk compile WebAssembly (codecs) and may spawn blob: workers.
    "script-src 'self' 'wasm-unsafe-eval'",
    "worker-src 'self' blob:",
    "img-src 'self' data: blob:",
    "style-src 'self'",
    "font-src 'self' data:",
    ["connect-src 'self'", ...connectSources].join(' '),
    "object-src 'none'",
    "base-uri 'none'",
    "frame-src 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ');
}
