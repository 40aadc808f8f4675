import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime } from '../../../electron/app/runtime';
import WebSocket from 'ws';
import { createHttpBridge, type WebSocketCtor } from '../../../electron/server/bridge/http-bridge';
import { startBrowserHost } from '../../../electron/server/browser-host';
import { httpStatusOf } from '../../../electron/server/status-of';
import { startHostChild, type HostChild } from '../../helpers/host-child';
import { makePhantomFixture } from '../../phantom/make-phantom-fixture';

const DIMS: [number, number, number] = [256, 256, 80];
const VOLUME_BYTES = DIMS[0] * DIMS[1] * DIMS[2] * 2; // 10 MiB
const BUDGET_MB = 48;

// Issue 15: parallel requests are admitted within a memory budget; 20 parallel loads of one
// volume share one read and never take the host past its budget or drop a connection.
describe('the browser host under 20 parallel loads of one volume (issue 15)', () => {
  let root: string;
  let host: HostChild;

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-budget-'));
    await makePhantomFixture(path.join(root, 'ds'), { dims: DIMS, spacing: [1.4, 1.4, 4], formats: ['metaimage'] });
    host = await startHostChild(path.join(root, 'data'), [path.join(root, 'ds')], { LUNGDESK_HOST_MEMORY_MB: String(BUDGET_MB) });
  }, 240_000);

  afterAll(async () => {
    await host?.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('answers all 20 getVolume and 20 getVolumeSlices calls from one worker load, the host growing by less than its budget', async () => {
    const scanId = host.scans[0]!.id;
    // Peak RSS from here on (Linux): writing 5 to clear_refs resets VmHWM.
    let resetPeak = true;
    try {
      fs.writeFileSync(`/proc/${host.child.pid}/clear_refs`, '5');
    } catch {
      resetPeak = false;
    }
    const before = host.rss();
    let sampled = 0;
    const timer = setInterval(() => (sampled = Math.max(sampled, host.rss()?.now ?? 0)), 5);
    const calls = [
      ...Array.from({ length: 20 }, () => host.call('getVolume', { scanId })),
      ...Array.from({ length: 20 }, (_, i) => host.call('getVolumeSlices', { scanId, start: i, count: 40 })),
    ];
    const answers = await Promise.all(calls);
    clearInterval(timer);
    const after = host.rss();

    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
    expect(answers.slice(0, 20).every((a) => a.bytes > VOLUME_BYTES)).toBe(true);
    const jobs = (await host.call('listJobs', {})).body as { value: { type: string }[] };
    expect(jobs.value.filter((j) => j.type === 'loadVolume')).toHaveLength(1);
    if (before && after) {
      const peak = Math.max(sampled, resetPeak ? after.peak : 0);
      // Twenty private copies would be 200 MiB; one shared read is ~10 MiB plus the answers in flight.
      expect(peak - before.now, `RSS ${(before.now / 2 ** 20).toFixed(0)} → peak ${(peak / 2 ** 20).toFixed(0)} MiB`).toBeLessThan(BUDGET_MB * 2 ** 20);
    }
  }, 120_000);
});

describe('a request the memory budget cannot hold (issue 15)', () => {
  let root: string;

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-budget-small-'));
    await makePhantomFixture(path.join(root, 'ds'), { dims: [128, 128, 40], spacing: [2.5, 2.5, 5], formats: ['metaimage'] });
  }, 120_000);

  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('is refused with host.busy, HTTP 503 and Retry-After, and the host goes on answering', async () => {
    expect(httpStatusOf('host.busy')).toBe(503);
    // 1.25 MiB volume, 1 MiB budget.
    const rt = createRuntime({ dataDir: path.join(root, 'data'), host: 'browser', version: '0.0.0-test', memoryBudgetBytes: 2 ** 20 });
    const busy: string[] = [];
    const host = await startBrowserHost({ handlers: rt.service.handlers, subscribe: (l) => rt.service.subscribe(l), staticDir: root, log: (l) => / 503 /.test(l) && busy.push(l) });
    try {
      await rt.service.importDataset(path.join(root, 'ds')).done;
      const scanId = rt.service.listScans()[0]!.id;
      const post = (op: string, input: unknown) =>
        fetch(`http://127.0.0.1:${host.port}/api/${op}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-lungdesk-token': host.token }, body: JSON.stringify(input) });
      const res = await post('getVolume', { scanId });
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('1');
      const body = (await res.json()) as { ok: boolean; error: { code: string; message: string } };
      expect(body.error.code).toBe('host.busy');
      expect(body.error.message).toMatch(/LUNGDESK_HOST_MEMORY_MB/);
      expect((await post('getAppInfo', {})).status).toBe(200);
      // A MetaImage's slab is cut from its whole volume, which the budget cannot hold either.
      expect((await post('getVolumeSlices', { scanId, start: 0, count: 4 })).status).toBe(503);
      // The page's bridge sends a busy call again after Retry-After, then gives the typed error.
      const api = createHttpBridge({ baseUrl: `http://127.0.0.1:${host.port}`, token: host.token, WebSocketImpl: WebSocket as unknown as WebSocketCtor, busyRetries: 1 });
      const t0 = performance.now();
      await expect(api.getVolume({ scanId })).rejects.toMatchObject({ code: 'host.busy' });
      expect(performance.now() - t0).toBeGreaterThanOrEqual(900); // one retry, one second apart
      expect(busy.length).toBe(4); // getVolume, getVolumeSlices, the bridge's call and its retry
    } finally {
      await host.close();
      rt.close();
    }
  }, 120_000);
});
