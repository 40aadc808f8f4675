import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { LungDeskApi, VolumeSlab } from '../../electron/common';
import { createRuntime } from '../../electron/app/runtime';
import { registerContract } from '../../electron/main/ipc';
import { createHttpBridge, type WebSocketCtor } from '../../electron/server/bridge/http-bridge';
import { startBrowserHost, type BrowserHost } from '../../electron/server/browser-host';
import { ipcWire, type IpcHandler } from '../helpers/ipc-wire';
import { makePhantomFixture } from '../phantom/make-phantom-fixture';
import { golden, mustFail, type Grid } from './mask-edit-fixtures';


/**
 * The IPC pair without Electron: main's real registration on a stand-in `ipcMain`, the
 * preload's real bridge on a stand-in `ipcRenderer`. Values cross as Electron sends them,
 * by structured clone (typed arrays stay typed arrays); what main sends the window (a
 * stream's items) reaches the renderer's `on` listeners, in order, before the reply sent
 * after it.
 */
function ipcPair(handlers: Parameters<typeof registerContract>[1]): LungDeskApi {
  const channels = new Map<string, IpcHandler>();
  registerContract({ handle: (ch: string, h: IpcHandler) => void channels.set(ch, h), removeHandler: (ch: string) => void channels.delete(ch) } as never, handlers, () => true);
  return ipcWire(channels).api;
}

// One set of golden and must-fail fixtures, run over both transports against the real
// service (a phantom scan in a temp data folder): the browser host over HTTP with its real
// bridge, and IPC through main's registration and the preload's bridge. Same answers, same
// error codes, or the two transports are not the same contract.
describe('the mask-editing contract over both transports', () => {
  let root: string;
  let runtime: ReturnType<typeof createRuntime>;
  let host: BrowserHost;
  let grid: Grid;
  const transports: Record<string, LungDeskApi> = {};

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-contract-'));
    await makePhantomFixture(path.join(root, 'scans'), { dims: [32, 32, 8], spacing: [2, 2, 4], formats: ['metaimage'], nodules: [] });
    runtime = createRuntime({ dataDir: path.join(root, 'data'), host: 'browser', version: '0.0.0-test' });
    const imp = runtime.service.importDataset(path.join(root, 'scans'));
    await imp.done;
    const scan = runtime.service.listScans(imp.datasetId)[0]!;
    grid = { scanId: scan.id, n: scan.dims[0] * scan.dims[1] * scan.dims[2] };
    fs.mkdirSync(path.join(root, 'static'));
    host = await startBrowserHost({ handlers: runtime.service.handlers, subscribe: (l) => runtime.service.subscribe(l), staticDir: path.join(root, 'static') });
    transports.http = createHttpBridge({ baseUrl: `http://127.0.0.1:${host.port}`, token: host.token, WebSocketImpl: WebSocket as unknown as WebSocketCtor });
    transports.ipc = ipcPair(runtime.service.handlers);
  }, 60_000);

  afterAll(async () => {
    await host?.close();
    runtime?.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  for (const transport of ['http', 'ipc']) {
    for (const f of golden) {
      it(`${transport}: golden ${f.name}`, async () => {
        const api = transports[transport]!;
        const answer = await (api[f.op] as (i: unknown) => Promise<unknown>)(f.input(grid));
        expect(answer).toMatchObject(f.expect(grid) as object);
      });
    }
    for (const f of mustFail) {
      it(`${transport}: must fail ${f.name} (${f.code})`, async () => {
        const api = transports[transport]!;
        const call = (api[f.op] as (i: unknown) => Promise<unknown>)(f.input(grid));
        await expect(call).rejects.toMatchObject({ code: f.code, ...(f.message ? { message: expect.stringMatching(f.message) as unknown } : {}) });
      });
    }

    it(`${transport}: a saved change reads back with the same bytes, and the journal returns its Uint32Array runs`, async () => {
      const api = transports[transport]!;
      const saved = await api.saveMaskVersion({ scanId: grid.scanId, parentId: null, kind: 'lung', note: '', tools: [], labels: [], change: { runs: Uint32Array.from([3, 2]), values: Uint8Array.from([4, 5]) } });
      const { voxels } = await api.getMask({ maskId: saved.id });
      expect([voxels[3], voxels[4], voxels.reduce((a, b) => a + b, 0)]).toEqual([4, 5, 9]);
      const change = { runs: Uint32Array.from([1, 1, 9, 2]), values: Uint8Array.from([1, 2, 2]) };
      await api.writeMaskJournal({ scanId: grid.scanId, parentId: saved.id, kind: 'lung', labels: [], tools: ['brush'], change });
      const { entry } = await api.getMaskJournal({ scanId: grid.scanId });
      expect(entry!.change.runs).toBeInstanceOf(Uint32Array);
      expect(entry!.change).toEqual(change);
      const d = await api.diffMaskVersions({ a: saved.id, b: saved.id });
      expect(d.change.runs).toBeInstanceOf(Uint32Array);
      expect(d.perLabel).toEqual([]);
    });
  }

  for (const transport of ['http', 'ipc']) {
    it(`${transport}: streamVolumeSlices sends the slabs asked for, in order, with the same bytes getVolumeSlices answers`, async () => {
      const api = transports[transport]!;
      const slabs = [{ start: 4, count: 4 }, { start: 0, count: 1 }, { start: 1, count: 3 }, { start: 0, count: 8 }];
      const got: VolumeSlab[] = [];
      // Copied as they come: an item's buffers are the transport's again once the receiver returns.
      await api.streamVolumeSlices({ scanId: grid.scanId, slabs }, (s) => void got.push({ ...s, voxels: s.voxels.slice() }));
      expect(got.map((s) => [s.start, s.count])).toEqual(slabs.map((s) => [s.start, s.count]));
      for (const s of got) {
        const one = await api.getVolumeSlices({ scanId: grid.scanId, start: s.start, count: s.count });
        expect(s.header).toEqual(one.header);
        expect(s.voxels.byteLength).toBe(s.count * 32 * 32 * 2);
        expect(Buffer.from(s.voxels).equals(Buffer.from(one.voxels)), `slab ${s.start}+${s.count}`).toBe(true);
      }
    });

    it(`${transport}: streamVolumeSlices refuses slabs beyond the scan with contract.bad-input, before any slab`, async () => {
      const api = transports[transport]!;
      const got: unknown[] = [];
      await expect(api.streamVolumeSlices({ scanId: grid.scanId, slabs: [{ start: 0, count: 2 }, { start: 6, count: 4 }] }, (s) => void got.push(s))).rejects.toMatchObject({
        code: 'contract.bad-input',
        message: expect.stringContaining('6..9') as unknown,
      });
      expect(got).toEqual([]);
    });
  }

  it('http: a JSON body for a binary-input op is checked like any other and refused (contract.bad-input)', async () => {
    const res = await fetch(`http://127.0.0.1:${host.port}/api/saveMaskVersion`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-lungdesk-token': host.token },
      body: JSON.stringify({ scanId: grid.scanId, parentId: null, kind: 'lung', note: '', tools: [], labels: [], change: { runs: [0, 1], values: [1] } }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ ok: false, error: { code: 'contract.bad-input', message: expect.stringContaining('change.runs') as unknown } });
  });

  it('http: a damaged frame is refused as contract.bad-input, not a crash', async () => {
    const res = await fetch(`http://127.0.0.1:${host.port}/api/saveMaskVersion`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-lungdesk-frame', 'x-lungdesk-token': host.token },
      body: new Uint8Array([0x4c, 0x44, 0x57, 0x31, 99, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0]),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ ok: false, error: { code: 'contract.bad-input', message: expect.stringContaining('not a readable frame') as unknown } });
  });
});
