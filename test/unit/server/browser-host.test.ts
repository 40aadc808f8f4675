import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { EVENT_NAMES, OP_NAMES, events } from '../../../electron/common/contract';
import { decodeMessage, encodeMessage, isWireFrame, WIRE_CONTENT_TYPE } from '../../../electron/common/wire';
import { startBrowserHost, type BrowserHost } from '../../../electron/server/browser-host';
import { fakeBackend, fakeStaticDir } from './fake-backend';
import { raw, wsAttempt, type RawAnswer } from './raw-http';

// Answers are checked field by field with toMatchObject; a loose type keeps that readable.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const json = (a: RawAnswer): any => JSON.parse(a.body.toString('utf8'));

describe('browser host', () => {
  const backend = fakeBackend();
  const dirs = fakeStaticDir();
  const logLines: string[] = [];
  let host: BrowserHost;
  let api: (name: string, input: unknown, headers?: Record<string, string>) => Promise<RawAnswer>;

  beforeAll(async () => {
    host = await startBrowserHost({
      handlers: backend.handlers,
      subscribe: backend.subscribe,
      staticDir: dirs.staticDir,
      port: 0,
      log: (l) => logLines.push(l),
    });
    api = (name, input, headers = {}) =>
      raw(host.port, {
        method: 'POST',
        path: `/api/${name}`,
        headers: { 'content-type': 'application/json', 'x-lungdesk-token': host.token, ...headers },
        body: JSON.stringify(input),
      });
  });
  afterAll(async () => {
    await host.close();
    fs.rmSync(dirs.root, { recursive: true, force: true });
  });

  it('listens on 127.0.0.1 and prints a launch URL; the token it keeps for Node clients is long and random', () => {
    expect(host.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${host.port}/\\?code=`));
    expect(host.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });

  it('answers an API call without a token, or with a wrong one, with 401 contract.unauthorized', async () => {
    const none = await raw(host.port, { method: 'POST', path: '/api/listDatasets', body: '{}' });
    expect(none.status).toBe(401);
    expect(json(none).error.code).toBe('contract.unauthorized');
    const wrong = await api('listDatasets', {}, { 'x-lungdesk-token': host.token.slice(0, -1) + (host.token.endsWith('A') ? 'B' : 'A') });
    expect(wrong.status).toBe(401);
    const viaQuery = await raw(host.port, { method: 'POST', path: `/api/listDatasets?token=${host.token}`, body: '{}' });
    expect(viaQuery.status).toBe(401);
  });

  it('refuses static files without a session, and serves them with the session cookie the launch code gave', async () => {
    expect((await raw(host.port, { path: '/' })).status).toBe(401);
    expect((await raw(host.port, { path: '/assets/app.js' })).status).toBe(401);
    const launch = new URL(host.newLaunchUrl());
    const page = await raw(host.port, { path: launch.pathname + launch.search });
    expect(page.status).toBe(303);
    const cookie = page.headers['set-cookie']?.[0] ?? '';
    expect(cookie).toMatch(new RegExp(`^lungdesk_session_${host.port}=`));
    const asset = await raw(host.port, { path: '/assets/app.js', headers: { cookie: cookie.split(';')[0]! } });
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toMatch(/^text\/javascript/);
    expect(asset.body.toString()).toBe('console.log("app")');
  });

  it('injects the bridge script into index.html before the app module, with security headers', async () => {
    const page = await raw(host.port, { path: '/', headers: { 'x-lungdesk-token': host.token } });
    const html = page.body.toString();
    const bridgeAt = html.indexOf('<script src="/lungdesk-bridge.js"></script>');
    expect(bridgeAt).toBeGreaterThan(html.indexOf('<head>'));
    expect(bridgeAt).toBeLessThan(html.indexOf('<script type="module"'));
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("'wasm-unsafe-eval'");
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${host.port}`);
    expect(csp).not.toContain("'unsafe-eval'");
  });

  it('refuses directory traversal out of the renderer folder, however it is spelled', async () => {
    const auth = { 'x-lungdesk-token': host.token };
    for (const p of ['/../secret.txt', '/assets/../../secret.txt', '/..%2fsecret.txt', '/%2e%2e/secret.txt', '/assets/..%5c..%5csecret.txt', '/%00']) {
      const a = await raw(host.port, { path: p, headers: auth });
      expect([400, 403, 404], p).toContain(a.status);
      expect(a.body.toString(), p).not.toContain('do not serve');
    }
  });

  it('refuses a Host header other than 127.0.0.1:PORT or localhost:PORT (DNS rebinding)', async () => {
    const auth = { 'x-lungdesk-token': host.token };
    const evil = await raw(host.port, { path: '/', headers: { ...auth, host: `evil.example:${host.port}` } });
    expect(evil.status).toBe(403);
    expect((await raw(host.port, { path: '/', headers: { ...auth, host: '127.0.0.1:1' } })).status).toBe(403);
    expect((await raw(host.port, { path: '/', headers: { ...auth, host: `localhost:${host.port}` } })).status).toBe(200);
  });

  it('refuses a cross-origin POST even with the right token', async () => {
    const a = await api('listDatasets', {}, { origin: 'http://evil.example' });
    expect(a.status).toBe(403);
    const same = await api('listDatasets', {}, { origin: `http://127.0.0.1:${host.port}` });
    expect(same.status).toBe(200);
  });

  it('runs an operation with the right token and answers { ok: true, value }', async () => {
    const a = await api('listDatasets', {});
    expect(a.status).toBe(200);
    expect(json(a)).toEqual({ ok: true, value: [{ id: 1, name: 'demo', rootPath: '/data', kind: 'luna16', layout: 'luna16', displayName: 'LUNA16', scanCount: 1, createdAt: 1, indexedAt: 2 }] });
  });

  it('answers input that breaks the schema with 400 contract.bad-input and the zod issues', async () => {
    const a = await api('getScan', { scanId: 'seven' });
    expect(a.status).toBe(400);
    const body = json(a);
    expect(body.ok).toBe(false);
    expect(body.error.code).toBe('contract.bad-input');
    expect(body.error.message).toMatch(/scanId/);
    expect(Array.isArray(body.error.detail)).toBe(true);
    expect(body.error.detail[0].path).toEqual(['scanId']);
    const notJson = await raw(host.port, { method: 'POST', path: '/api/getScan', headers: { 'x-lungdesk-token': host.token }, body: '{nope' });
    expect(notJson.status).toBe(400);
  });

  it('answers an unknown field, top-level or nested, with 400 contract.bad-input naming it', async () => {
    const top = await api('getScan', { scanId: 7, admin: true });
    expect(top.status).toBe(400);
    expect(json(top).error).toMatchObject({ code: 'contract.bad-input', message: expect.stringMatching(/admin/) as unknown });
    const nested = await api('nextUndecided', { datasetId: 1, after: { scanId: 7, lesionKey: null, extra: 1 } });
    expect(nested.status).toBe(400);
    expect(json(nested).error.code).toBe('contract.bad-input');
  });

  it('answers a NaN or infinite centre sent in a wire frame (JSON cannot carry one) with 400 contract.bad-input', async () => {
    for (const bad of [NaN, Infinity, -Infinity]) {
      const a = await raw(host.port, {
        method: 'POST',
        path: '/api/addNodule',
        headers: { 'content-type': WIRE_CONTENT_TYPE, 'x-lungdesk-token': host.token },
        body: encodeMessage({ scanId: 7, center: [0, bad, 0], diameterMm: 6 }),
      });
      expect(a.status, String(bad)).toBe(400);
      expect(json(a).error.code).toBe('contract.bad-input');
    }
  });

  it('maps thrown LungDeskErrors to ErrorInfo with a status from the code (not-found 404, io.* 422)', async () => {
    const missing = await api('getScan', { scanId: 99 });
    expect(missing.status).toBe(404);
    expect(json(missing).error).toEqual({ code: 'not-found', message: 'no scan 99' });
    const io = await api('importDataset', { path: '/missing' });
    expect(io.status).toBe(422);
    expect(json(io).error).toEqual({ code: 'io.not-found', message: 'no such folder', file: '/missing' });
  });

  it('answers an unknown operation with 404 contract.unknown-op', async () => {
    const a = await api('deleteEverything', {});
    expect(a.status).toBe(404);
    expect(json(a).error.code).toBe('contract.unknown-op');
    expect((await api('toString', {})).status).toBe(404);
    expect((await api('__proto__', {})).status).toBe(404);
  });

  it('refuses a body over the size limit with 413', async () => {
    const a = await api('importDataset', { path: 'x'.repeat(1024 * 1024 + 10) });
    expect(a.status).toBe(413);
  });

  it('takes a wire-frame body (a mask change) over the JSON size limit, decoded to typed arrays before the schema', async () => {
    let seen: unknown;
    const before = backend.handlers.writeMaskJournal;
    backend.handlers.writeMaskJournal = async (input) => {
      seen = input.change;
      return { savedAt: 1 };
    };
    try {
      const n = 3 * 1024 * 1024;
      const change = { runs: Uint32Array.from([0, n]), values: new Uint8Array(n).fill(2) };
      const a = await raw(host.port, {
        method: 'POST',
        path: '/api/writeMaskJournal',
        headers: { 'content-type': WIRE_CONTENT_TYPE, 'x-lungdesk-token': host.token },
        body: encodeMessage({ scanId: 1, parentId: null, kind: 'lung', labels: [], tools: [], change }),
      });
      expect(a.status).toBe(200);
      const got = seen as typeof change;
      expect(got.runs).toEqual(change.runs);
      expect(got.values).toBeInstanceOf(Uint8Array);
      expect(Buffer.from(got.values).equals(Buffer.from(change.values))).toBe(true);
    } finally {
      backend.handlers.writeMaskJournal = before;
    }
  });

  it('exposes exactly the contract operations: every OP_NAMES entry is routed, nothing else is', async () => {
    const routed: string[] = [];
    for (const name of [...OP_NAMES, 'notAnOp', 'constructor', 'hasOwnProperty']) {
      const a = await api(name, {});
      const body = a.headers['content-type'] === 'application/octet-stream' ? decodeMessage(new Uint8Array(a.body)) : json(a);
      if ((body as { error?: { code?: string } }).error?.code !== 'contract.unknown-op') routed.push(name);
    }
    expect(routed.sort()).toEqual([...OP_NAMES].sort());
  });

  it('returns a binary operation as a wire frame that decodes to the volume bytes', async () => {
    const a = await api('getVolume', { scanId: 7 });
    expect(a.status).toBe(200);
    expect(a.headers['content-type']).toBe('application/octet-stream');
    const bytes = new Uint8Array(a.body.buffer.slice(a.body.byteOffset, a.body.byteOffset + a.body.byteLength));
    expect(isWireFrame(bytes)).toBe(true);
    const answer = decodeMessage(bytes) as { ok: boolean; value: { header: { dims: number[] }; voxels: Uint8Array } };
    expect(answer.ok).toBe(true);
    expect(answer.value.header.dims).toEqual([4, 3, 2]);
    expect(answer.value.voxels).toBeInstanceOf(Uint8Array);
    const hu = new Int16Array(answer.value.voxels.buffer, answer.value.voxels.byteOffset, answer.value.voxels.byteLength / 2);
    expect(Array.from(hu)).toEqual(Array.from(backend.voxels));
  });

  it('pushes every contract event over the WebSocket, and only valid payloads', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/events`, { headers: { 'x-lungdesk-token': host.token } });
    const received: unknown[] = [];
    ws.on('message', (d) => received.push(JSON.parse(String(d))));
    await new Promise((r, j) => {
      ws.once('open', r);
      ws.once('error', j);
    });
    const samples: Record<string, unknown> = {
      onDidChangeDatasets: { datasetId: 3 },
      onDidChangeAnnotations: { scanId: 7 },
      onDidChangeReview: { scanId: 7 },
      onDidChangeMaskVersions: { scanId: 7 },
      onDidUpdateJob: { id: 'j1', type: 'index', label: 'Indexing', status: 'running', progress: { stage: 'scan', fraction: 0.5 }, startedAt: 1 },
    };
    expect(Object.keys(samples).sort()).toEqual([...EVENT_NAMES].sort());
    backend.emit('onDidChangeDatasets', { datasetId: 'not a number' }); // breaks the contract: dropped
    for (const name of EVENT_NAMES) {
      expect(events[name].payload.safeParse(samples[name]).success).toBe(true);
      backend.emit(name, samples[name]);
    }
    await expect.poll(() => received.length).toBe(EVENT_NAMES.length);
    expect(received).toEqual(EVENT_NAMES.map((event) => ({ event, payload: samples[event] })));
    ws.close();
  });

  it('refuses the WebSocket without the token header, with a wrong one, or for a foreign Origin or Host', async () => {
    const base = `ws://127.0.0.1:${host.port}/events`;
    expect(await wsAttempt(base)).toBe(401);
    expect(await wsAttempt(base, { 'x-lungdesk-token': 'nope' })).toBe(401);
    expect(await wsAttempt(base, { 'x-lungdesk-token': host.token })).toBe(101);
    expect(await wsAttempt(base, { 'x-lungdesk-token': host.token, origin: 'http://evil.example' })).toBe(403);
    expect(await wsAttempt(base, { 'x-lungdesk-token': host.token, host: 'evil.example' })).toBe(403);
  });

  it('logs one line per request with status and duration, never the token', () => {
    expect(logLines.some((l) => /^POST \/api\/listDatasets 200 \d+\.\dms$/.test(l))).toBe(true);
    expect(logLines.some((l) => /^GET \/ 401 /.test(l))).toBe(true);
    expect(logLines.join('\n')).not.toContain(host.token);
  });

  it('stops listening and unsubscribes from events on close', async () => {
    const other = await startBrowserHost({ handlers: backend.handlers, subscribe: backend.subscribe, staticDir: dirs.staticDir });
    const before = backend.listenerCount();
    await other.close();
    expect(backend.listenerCount()).toBe(before - 1);
    await expect(raw(other.port, { path: '/' })).rejects.toThrow();
  });
});
