import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { EVENT_NAMES, OP_NAMES, STREAM_NAMES, type LungDeskApi } from '../../../electron/common/contract';
import { LungDeskError } from '../../../electron/common/errors';
import { createHttpBridge, type WebSocketCtor } from '../../../electron/server/bridge/http-bridge';
import { startBrowserHost, type BrowserHost } from '../../../electron/server/browser-host';
import { fakeBackend, fakeStaticDir } from './fake-backend';

describe('http bridge (window.lungdesk over the browser host)', () => {
  const backend = fakeBackend();
  const dirs = fakeStaticDir();
  let host: BrowserHost;
  let bridge: LungDeskApi;
  const warnings: string[] = [];

  beforeAll(async () => {
    host = await startBrowserHost({ handlers: backend.handlers, subscribe: backend.subscribe, staticDir: dirs.staticDir });
    bridge = createHttpBridge({
      baseUrl: `http://127.0.0.1:${host.port}`,
      token: host.token,
      WebSocketImpl: WebSocket as unknown as WebSocketCtor,
      backoff: { minMs: 20, maxMs: 100 },
      onWarning: (m) => warnings.push(m),
    });
  });
  afterAll(async () => {
    await host.close();
    fs.rmSync(dirs.root, { recursive: true, force: true });
  });

  it('has exactly one key per contract operation, stream and event, and is frozen', () => {
    expect(Object.keys(bridge).sort()).toEqual([...OP_NAMES, ...STREAM_NAMES, ...EVENT_NAMES].sort());
    expect(Object.isFrozen(bridge)).toBe(true);
    for (const k of Object.keys(bridge)) expect(typeof (bridge as unknown as Record<string, unknown>)[k]).toBe('function');
  });

  it('returns an operation value decoded from JSON', async () => {
    await expect(bridge.listDatasets({})).resolves.toEqual([
      { id: 1, name: 'demo', rootPath: '/data', kind: 'luna16', layout: 'luna16', displayName: 'LUNA16', scanCount: 1, createdAt: 1, indexedAt: 2 },
    ]);
    const info = await bridge.getAppInfo({});
    expect(info.name).toBe('LungDesk');
  });

  it('returns a binary operation as a Uint8Array whose bytes view as the int16 volume', async () => {
    const { header, voxels } = await bridge.getVolume({ scanId: 7 });
    expect(header.dims).toEqual([4, 3, 2]);
    expect(voxels).toBeInstanceOf(Uint8Array);
    expect(voxels.byteOffset % 8).toBe(0);
    expect(Array.from(new Int16Array(voxels.buffer, voxels.byteOffset, voxels.byteLength / 2))).toEqual(Array.from(backend.voxels));
  });

  it('throws an error carrying the ErrorInfo code, message and file', async () => {
    const err = await bridge.importDataset({ path: '/missing' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LungDeskError);
    expect(err).toMatchObject({ code: 'io.not-found', message: 'no such folder', file: '/missing' });
    const bad = await bridge.getScan({ scanId: -1 }).catch((e: unknown) => e);
    expect(bad).toMatchObject({ code: 'contract.bad-input' });
  });

  it('throws contract.unauthorized when its token is wrong', async () => {
    const stranger = createHttpBridge({ baseUrl: `http://127.0.0.1:${host.port}`, token: 'wrong', WebSocketImpl: WebSocket as unknown as WebSocketCtor });
    await expect(stranger.listDatasets({})).rejects.toMatchObject({ code: 'contract.unauthorized' });
  });

  it('throws a clear internal error when the host is unreachable', async () => {
    const lost = createHttpBridge({ baseUrl: 'http://127.0.0.1:1', token: 't', WebSocketImpl: WebSocket as unknown as WebSocketCtor });
    await expect(lost.listJobs({})).rejects.toMatchObject({ code: 'internal', message: expect.stringMatching(/unreachable/) });
  });

  it('delivers events to their listeners over one socket, and stops after unsubscribe', async () => {
    const jobs: unknown[] = [];
    const datasets: unknown[] = [];
    const offJobs = bridge.onDidUpdateJob((p) => jobs.push(p));
    const offDatasets = bridge.onDidChangeDatasets((p) => datasets.push(p));
    const job = { id: 'j1', type: 'index', label: 'Indexing', status: 'running' as const, progress: { stage: 's', fraction: 0.25 }, startedAt: 5 };
    // The socket connects asynchronously: emit until the first event arrives.
    await expect
      .poll(() => {
        backend.emit('onDidUpdateJob', job);
        return jobs.length;
      })
      .toBeGreaterThan(0);
    backend.emit('onDidChangeDatasets', { datasetId: 4 });
    await expect.poll(() => datasets).toEqual([{ datasetId: 4 }]);
    expect(jobs[0]).toEqual(job);
    offDatasets();
    offJobs();
    const n = jobs.length;
    backend.emit('onDidUpdateJob', job);
    await new Promise((r) => setTimeout(r, 50));
    expect(jobs.length).toBe(n);
  });

  it('opens the event socket at /events with no secret in its URL: a Node client sends the token as a header, a page nothing', () => {
    const opened: { url: string; options?: { headers: Record<string, string> } }[] = [];
    class Recorder {
      readyState = 0;
      onopen = null;
      onmessage = null;
      onclose = null;
      onerror = null;
      constructor(url: string, options?: { headers: Record<string, string> }) {
        opened.push({ url, options });
      }
      close(): void {}
    }
    const base = `http://127.0.0.1:${host.port}`;
    const node = createHttpBridge({ baseUrl: base, token: host.token, WebSocketImpl: Recorder as unknown as WebSocketCtor });
    const page = createHttpBridge({ baseUrl: base, WebSocketImpl: Recorder as unknown as WebSocketCtor });
    node.onDidChangeDatasets(() => {})();
    page.onDidChangeDatasets(() => {})();
    expect(opened).toEqual([
      { url: `ws://127.0.0.1:${host.port}/events`, options: { headers: { 'x-lungdesk-token': host.token } } },
      { url: `ws://127.0.0.1:${host.port}/events`, options: undefined },
    ]);
  });

  it('reconnects the event socket after the host restarts on the same port', async () => {
    const got: unknown[] = [];
    const off = bridge.onDidChangeDatasets((p) => got.push(p));
    await expect
      .poll(() => {
        backend.emit('onDidChangeDatasets', { datasetId: 1 });
        return got.length;
      })
      .toBeGreaterThan(0);
    const port = host.port;
    await host.close();
    host = await startBrowserHost({ handlers: backend.handlers, subscribe: backend.subscribe, staticDir: dirs.staticDir, port, token: host.token });
    got.length = 0;
    await expect
      .poll(
        () => {
          backend.emit('onDidChangeDatasets', { datasetId: 2 });
          return got.length;
        },
        { timeout: 5000 },
      )
      .toBeGreaterThan(0);
    expect(warnings.some((w) => /reconnecting/.test(w))).toBe(true);
    off();
  });
});
