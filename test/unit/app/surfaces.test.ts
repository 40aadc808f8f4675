import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanListItem } from '../../../electron/common';
import { createRuntime } from '../../../electron/app/runtime';
import { startBrowserHost } from '../../../electron/server/browser-host';
import { createHttpBridge, type WebSocketCtor } from '../../../electron/server/bridge/http-bridge';
import WebSocket from 'ws';
import { makePhantomFixture, type PhantomFixture } from '../../phantom/make-phantom-fixture';
import { judgeStl, numpyMissing } from '../../helpers/stl-judge';

// Surfaces through the service as the 3D pane asks for them: a real SQLite file, the mesh
// made in a worker job, cached per mask version in memory and under <dataDir>/surfaces.
describe.skipIf(numpyMissing() !== null)('LungDesk service: 3D surfaces', () => {
  let root: string;
  let fixture: PhantomFixture;
  let runtime: ReturnType<typeof createRuntime>;
  let scan: ScanListItem;

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-surfaces-'));
    fixture = await makePhantomFixture(path.join(root, 'scans'), { formats: ['metaimage'] });
    runtime = createRuntime({ dataDir: path.join(root, 'data'), host: 'browser', version: '0.0.0-test' });
    const ds = runtime.service.importDataset(path.join(root, 'scans'));
    await ds.done;
    scan = runtime.service.listScans(ds.datasetId)[0]!;
  }, 60_000);

  afterAll(() => {
    runtime?.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('asks for the lung mask first when the scan has none', async () => {
    await expect(runtime.service.handlers.getSurface({ scanId: scan.id, kind: 'lung' })).rejects.toMatchObject({ code: 'not-found', message: expect.stringContaining('run the lung mask first') });
  });

  it('meshes the newest undilated lung mask once, then answers from the cache; the exported STL is closed and holds the mask volume', async () => {
    const h = runtime.service.handlers;
    const dilatedId = await runtime.service.runLungMask(scan.id, { fill: true, dilateMm: 5, outsideAir: 'sides', threshold: -320 }).done;
    const lung = (await h.listMasks({ scanId: scan.id })).find((m) => m.kind === 'lung')!;
    expect(lung.id).not.toBe(dilatedId);
    const first = await h.getSurface({ scanId: scan.id, kind: 'lung' });
    expect(first).toMatchObject({ cached: false, maskId: lung.id, thresholdHu: null, kind: 'lung' });
    expect(first.triangles).toBeGreaterThan(1000);
    expect(first.positions.byteLength).toBe(first.normals.byteLength);
    expect(first.indices.byteLength).toBe(first.triangles * 12);
    expect(first.groups).toEqual([{ start: 0, count: first.triangles, label: 1, lesionKey: null }]);
    const again = await h.getSurface({ scanId: scan.id, kind: 'lung' });
    expect(again.cached).toBe(true);
    expect(Buffer.from(again.positions).equals(Buffer.from(first.positions))).toBe(true);
    expect(fs.readdirSync(path.join(root, 'data', 'surfaces')).some((f) => f.endsWith('.surface'))).toBe(true);

    const out = path.join(root, 'lung.stl');
    const r = await h.exportSurface({ scanId: scan.id, kind: 'lung', format: 'stl', outPath: out });
    expect(r).toMatchObject({ path: out, triangles: first.triangles });
    const j = judgeStl(out);
    expect(j.badEdges).toBe(0);
    const [sx, sy, sz] = scan.spacing;
    const expected = lung.voxels! * sx * sy * sz;
    expect(Math.abs(j.volume - expected) / expected).toBeLessThan(0.05);
  }, 60_000);

  it('nodules before any nodule mask: each lesion as a sphere of its diameter (no mask version), centred on it, one group each', async () => {
    const s = await runtime.service.handlers.getSurface({ scanId: scan.id, kind: 'nodules' });
    const lesions = (await runtime.service.handlers.listLesions({ scanId: scan.id })).lesions.filter((l) => l.category === 'nodule');
    expect(s.maskId).toBeNull();
    expect(s.groups.map((g) => g.lesionKey)).toEqual(lesions.map((l) => l.key));
    const pos = new Float32Array(s.positions.buffer.slice(s.positions.byteOffset, s.positions.byteOffset + s.positions.byteLength));
    const idx = new Uint32Array(s.indices.buffer.slice(s.indices.byteOffset, s.indices.byteOffset + s.indices.byteLength));
    s.groups.forEach((g, i) => {
      const c = [0, 0, 0];
      let n = 0;
      for (let t = g.start * 3; t < (g.start + g.count) * 3; t++) {
        for (let a = 0; a < 3; a++) c[a]! += pos[3 * idx[t]! + a]!;
        n++;
      }
      const centre = c.map((v) => v / n);
      const l = lesions[i]!;
      // The sphere's surface centroid sits on the lesion's centre within a voxel.
      expect(Math.hypot(...centre.map((v, a) => v - l.center[a]!))).toBeLessThan(Math.max(...scan.spacing));
    });
  }, 60_000);

  it('nodules: one group per lesion, linked by lesion key, each with triangles', async () => {
    await runtime.service.runNoduleMask(scan.id).done;
    const s = await runtime.service.handlers.getSurface({ scanId: scan.id, kind: 'nodules' });
    const lesions = (await runtime.service.handlers.listLesions({ scanId: scan.id })).lesions;
    expect(s.groups.map((g) => g.lesionKey)).toEqual(lesions.map((l) => l.key));
    expect(s.groups.length).toBe(fixture.nodules.length);
    for (const g of s.groups) expect(g.count).toBeGreaterThan(20);
  }, 60_000);

  it('bone at the seed\'s 400 HU by default, a new threshold is a new surface, skin at −300 HU', async () => {
    const h = runtime.service.handlers;
    const bone = await h.getSurface({ scanId: scan.id, kind: 'bone' });
    expect(bone).toMatchObject({ thresholdHu: 400, maskId: null, cached: false });
    expect(bone.triangles).toBeGreaterThan(1000);
    const higher = await h.getSurface({ scanId: scan.id, kind: 'bone', thresholdHu: 600 });
    expect(higher.cached).toBe(false);
    const skin = await h.getSurface({ scanId: scan.id, kind: 'skin' });
    expect(skin).toMatchObject({ thresholdHu: -300, maskId: null, cached: false });
    expect(skin.triangles).toBeGreaterThan(1000);
  }, 60_000);

  it('crosses the browser host as raw bytes: the same surface the service answers', async () => {
    const host = await startBrowserHost({ handlers: runtime.service.handlers, subscribe: (l) => runtime.service.subscribe(l), staticDir: root });
    try {
      const api = createHttpBridge({ baseUrl: `http://127.0.0.1:${host.port}`, token: host.token, WebSocketImpl: WebSocket as unknown as WebSocketCtor });
      const remote = await api.getSurface({ scanId: scan.id, kind: 'lung' });
      const local = await runtime.service.handlers.getSurface({ scanId: scan.id, kind: 'lung' });
      expect(remote.positions).toBeInstanceOf(Uint8Array);
      expect(Buffer.from(remote.positions).equals(Buffer.from(local.positions))).toBe(true);
      expect(Buffer.from(remote.indices).equals(Buffer.from(local.indices))).toBe(true);
      expect(remote.groups).toEqual(local.groups);
      expect(remote.cached).toBe(true);
    } finally {
      await host.close();
    }
  });

  it('export refuses relative paths and system folders', async () => {
    const h = runtime.service.handlers;
    await expect(h.exportSurface({ scanId: scan.id, kind: 'lung', format: 'stl', outPath: 'lung.stl' })).rejects.toMatchObject({ code: 'export.bad-folder' });
    await expect(h.exportSurface({ scanId: scan.id, kind: 'lung', format: 'obj', outPath: '/etc/lung.obj' })).rejects.toMatchObject({ code: 'export.bad-folder' });
  });
});

describe.skipIf(numpyMissing() !== null)('LungDesk service: surfaces follow saved edits', () => {
  let root: string;
  let runtime: ReturnType<typeof createRuntime>;
  let scan: ScanListItem;

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-surfaces-edit-'));
    await makePhantomFixture(path.join(root, 'scans'), { formats: ['metaimage'] });
    runtime = createRuntime({ dataDir: path.join(root, 'data'), host: 'browser', version: '0.0.0-test' });
    const ds = runtime.service.importDataset(path.join(root, 'scans'));
    await ds.done;
    scan = runtime.service.listScans(ds.datasetId)[0]!;
  }, 60_000);

  afterAll(() => {
    runtime?.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('a saved edit is a new surface: the lung loses what was erased, a painted nodule label becomes its lesion\'s group', async () => {
    const h = runtime.service.handlers;
    await runtime.service.runLungMask(scan.id, { fill: true, dilateMm: 0, outsideAir: 'sides', threshold: -320 }).done;
    const lungId = (await h.listMasks({ scanId: scan.id })).find((m) => m.kind === 'lung')!.id;
    const before = await h.getSurface({ scanId: scan.id, kind: 'lung' });
    const parent = (await h.getMask({ maskId: lungId })).voxels;
    // Erase the lowest 3 slices that hold lung; paint a 3×3×3 block of label 2 at the first lesion's centre.
    const [nx, ny] = scan.dims;
    const slice = nx * ny;
    const firstZ = Math.floor(parent.indexOf(1) / slice);
    const runs: number[] = [];
    const values: number[] = [];
    const lesion = (await h.listLesions({ scanId: scan.id })).lesions[0]!;
    const c = [0, 1, 2].map((a) => Math.round((lesion.center[a]! - scan.origin[a]!) / scan.spacing[a]!));
    const edits = new Map<number, number>();
    for (let i = firstZ * slice; i < (firstZ + 3) * slice; i++) if (parent[i] === 1) edits.set(i, 0);
    for (let dz = -1; dz <= 1; dz++) for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) edits.set(c[0]! + dx + nx * (c[1]! + dy + ny * (c[2]! + dz)), 2);
    for (const i of [...edits.keys()].sort((a, b) => a - b)) {
      const last = runs.length - 2;
      if (last >= 0 && runs[last]! + runs[last + 1]! === i) runs[last + 1]!++;
      else runs.push(i, 1);
      values.push(edits.get(i)!);
    }
    const saved = await h.saveMaskVersion({
      scanId: scan.id, parentId: lungId, kind: 'lung', note: 'test edit', tools: ['eraser', 'brush'],
      labels: [{ value: 1, name: 'lung', kind: 'lung' }, { value: 2, name: 'nodule', kind: 'nodule', lesionKey: lesion.key }],
      change: { runs: Uint32Array.from(runs), values: Uint8Array.from(values) },
    });
    const after = await h.getSurface({ scanId: scan.id, kind: 'lung' });
    expect(after).toMatchObject({ maskId: saved.id, cached: false });
    expect(after.bounds.min[2]).toBeGreaterThan(before.bounds.min[2] + 2 * scan.spacing[2]);
    const nodules = await h.getSurface({ scanId: scan.id, kind: 'nodules' });
    expect(nodules.maskId).toBe(saved.id);
    expect(nodules.groups).toEqual([{ start: 0, count: nodules.triangles, label: 2, lesionKey: lesion.key }]);
    expect(nodules.triangles).toBeGreaterThan(10);
  }, 60_000);
});
