import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../../../electron/common';
import { registerAppProtocol, serveAppRequest } from '../../../electron/main/app-protocol';

let dir: string;
let root: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-app-protocol-'));
  root = path.join(dir, 'renderer');
  fs.mkdirSync(path.join(root, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(root, 'index.html'), '<html><head><script type="module" src="./assets/app.js"></script></head></html>');
  fs.writeFileSync(path.join(root, 'assets', 'app.js'), 'console.log(1)');
  fs.writeFileSync(path.join(root, 'assets', 'codec.wasm'), Buffer.from([0, 97, 115, 109]));
  fs.writeFileSync(path.join(dir, 'secret.txt'), 'do not serve');
  fs.symlinkSync(path.join(dir, 'secret.txt'), path.join(root, 'assets', 'link.txt'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const get = (url: string, method = 'GET') => serveAppRequest(root, { url, method });

describe('lungdesk:// app protocol', () => {
  it('serves index.html for the root and the page as built (no bridge script injected: the preload provides window.lungdesk)', async () => {
    for (const url of ['lungdesk://app/', 'lungdesk://app/index.html']) {
      const r = await get(url);
      expect(r.status, url).toBe(200);
      expect(r.headers.get('content-type')).toMatch(/^text\/html/);
      const html = await r.text();
      expect(html).toContain('./assets/app.js');
      expect(html).not.toContain('lungdesk-bridge');
    }
  });

  it("sends the shared Content-Security-Policy (the browser host's, with no extra connect source) and nosniff on every answer", async () => {
    for (const url of ['lungdesk://app/assets/app.js', 'lungdesk://app/missing.js', 'lungdesk://app/../secret.txt']) {
      const r = await get(url);
      expect(r.headers.get('content-security-policy'), url).toBe(contentSecurityPolicy());
      expect(r.headers.get('x-content-type-options'), url).toBe('nosniff');
    }
  });

  it('serves wasm and js with their content types, and HEAD without a body', async () => {
    expect((await get('lungdesk://app/assets/codec.wasm')).headers.get('content-type')).toBe('application/wasm');
    expect((await get('lungdesk://app/assets/app.js')).headers.get('content-type')).toMatch(/^text\/javascript/);
    const head = await get('lungdesk://app/assets/app.js', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('never serves a file outside the renderer folder, however the path is spelled, nor through a symlink', async () => {
    for (const p of ['/../secret.txt', '/assets/../../secret.txt', '/..%2fsecret.txt', '/%2e%2e/secret.txt', '/assets/..%5c..%5csecret.txt', '/%00', '/assets/link.txt']) {
      const r = await get(`lungdesk://app${p}`);
      expect([403, 404], p).toContain(r.status);
      expect(await r.text(), p).not.toContain('do not serve');
    }
  });

  it('refuses another host, another scheme and methods other than GET and HEAD', async () => {
    expect((await get('lungdesk://evil/index.html')).status).toBe(403);
    expect((await get('file:///index.html')).status).toBe(403);
    expect((await get('lungdesk://app/index.html', 'POST')).status).toBe(405);
    expect((await get('lungdesk://app/nothing-here.js')).status).toBe(404);
  });

  it('registers its handler on the lungdesk scheme', async () => {
    const handled: [string, (r: Request) => Promise<Response>][] = [];
    registerAppProtocol({ handle: (scheme, h) => handled.push([scheme, h as never]) }, root);
    expect(handled.map(([s]) => s)).toEqual(['lungdesk']);
    const r = await handled[0]![1](new Request('lungdesk://app/assets/app.js'));
    expect(await r.text()).toBe('console.log(1)');
  });
});
