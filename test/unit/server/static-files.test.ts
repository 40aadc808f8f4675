import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentTypeOf, injectBridge, resolveStaticPath } from '../../../electron/server/static-files';

describe('static files', () => {
  it('injects the bridge before the first script of <head>, or before </head> when there is none, once', () => {
    const withScript = '<html><head><meta charset="utf-8"><script type="module" src="./a.js"></script></head></html>';
    const out = injectBridge(withScript);
    expect(out.indexOf('/lungdesk-bridge.js')).toBeLessThan(out.indexOf('./a.js'));
    expect(injectBridge(out)).toBe(out);
    const noScript = injectBridge('<html><head><title>x</title></head><body></body></html>');
    expect(noScript).toMatch(/<title>x<\/title><script src="\/lungdesk-bridge.js"><\/script>\s*<\/head>/);
  });

  it('maps / to index.html and refuses any path that resolves outside the root', () => {
    const root = path.resolve('/srv/renderer');
    expect(resolveStaticPath(root, '/')).toBe(path.join(root, 'index.html'));
    expect(resolveStaticPath(root, '/assets/a%20b.js')).toBe(path.join(root, 'assets', 'a b.js'));
    for (const p of ['/../x', '/..%2f..%2fetc%2fpasswd', '/a/../../x', '/%00', '/%E0%A4%A', '/..\\x']) {
      expect(resolveStaticPath(root, p), p).toBeNull();
    }
  });

  it('serves wasm, js and html with their content types and unknown files as octet-stream', () => {
    expect(contentTypeOf('a.wasm')).toBe('application/wasm');
    expect(contentTypeOf('a.JS')).toMatch(/^text\/javascript/);
    expect(contentTypeOf('index.html')).toMatch(/^text\/html/);
    expect(contentTypeOf('blob.bin')).toBe('application/octet-stream');
  });
});
