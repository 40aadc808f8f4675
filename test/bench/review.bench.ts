import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import type { VolumeGeometry } from '../../electron/common/geometry';
import { createRuntime } from '../../electron/app/runtime';
import { LesionStore } from '../../electron/app/review/lesion-store';
import { lesionMarksOf } from '../../electron/app/review/lesion-marks-of';
import { groupLesions, summarizeLesion } from '../../electron/core/review';
import { getScan, listAnnotationContours, listAnnotations, openDatabase } from '../../electron/db';
import { createHttpBridge, type WebSocketCtor } from '../../electron/server/bridge/http-bridge';
import { startBrowserHost } from '../../electron/server/browser-host';
import { SHARED_DATA } from '../helpers/shared-data';
import { placeFile } from '../helpers/place-files';

/**
 * Review figures on LIDC-IDRI-0001 (4 LIDC readers, 27 marks, the LUNA16 row) through the
 * real service, SQLite and browser host:
 * - lesion grouping and list, cold (no cache): rows and contours read, contours rasterised,
 *   grouped, consensus and outlines, decisions attached (goal < 50 ms); the SQL read of the
 *   scan's annotation rows alone is printed beside it as the baseline;
 * - a decision from the request to stored (HTTP to the browser host, validation, the
 *   transaction with its history and audit rows, the scan's lesions sent back), p50 and p95
 *   of 100 (goal < 30 ms p95), beside the same host's round trip of a no-op operation.
 */
const SERIES = 'LIDC-IDRI-0001/1.3.6.1.4.1.14519.5.2.1.6279.6001.298806137288633453246975630178/1.3.6.1.4.1.14519.5.2.1.6279.6001.179049373636438705059720603192';
const pct = (a: number[], p: number) => [...a].sort((x, y) => x - y)[Math.min(a.length - 1, Math.floor(p * a.length))]!;

async function main(): Promise<void> {
  const src = path.join(SHARED_DATA, SERIES);
  if (!fs.existsSync(path.join(src, '069.xml'))) {
    console.log(`skipped: ${src} is not there`);
    return;
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-review-bench-'));
  const ds = path.join(tmp, 'ds', 'LIDC-IDRI-0001');
  fs.mkdirSync(ds, { recursive: true });
  for (const f of fs.readdirSync(src)) placeFile(path.join(src, f), path.join(ds, f));
  placeFile(path.join(SHARED_DATA, 'annotations.csv'), path.join(tmp, 'ds', 'annotations.csv'));
  const rt = createRuntime({ dataDir: path.join(tmp, 'data'), host: 'browser', version: 'bench' });
  const host = await startBrowserHost({ handlers: rt.service.handlers, subscribe: (l) => rt.service.subscribe(l), staticDir: tmp });
  try {
    await rt.service.importDataset(path.join(tmp, 'ds')).done;
    const scan = rt.service.listScans().find((s) => s.format === 'dicom')!;
    const db = openDatabase(path.join(tmp, 'data', 'lungdesk.sqlite'));
    const rec = getScan(db, scan.id)!;
    const g: VolumeGeometry = { dims: rec.dims, spacing: rec.spacing, origin: rec.origin, direction: rec.direction };

    const times = { sql: [] as number[], group: [] as number[], list: [] as number[] };
    let lesions = 0;
    let marks = 0;
    for (let i = 0; i < 31; i++) {
      let t0 = performance.now();
      const rows = listAnnotations(db, scan.id);
      const contours = listAnnotationContours(db, scan.id);
      times.sql.push(performance.now() - t0);
      t0 = performance.now();
      const m = lesionMarksOf(rows, contours, g);
      const groups = groupLesions(m, g);
      for (const grp of groups) summarizeLesion(grp, m, g, 4);
      times.group.push(performance.now() - t0);
      t0 = performance.now();
      const list = new LesionStore(db, (id) => getScan(db, id)!).list(scan.id);
      times.list.push(performance.now() - t0);
      lesions = list.lesions.length;
      marks = rows.length;
    }
    const med = (a: number[]) => pct(a.slice(1), 0.5);
    console.log(`LIDC-IDRI-0001: ${marks} annotation rows → ${lesions} lesions (load ${os.loadavg().map((v) => v.toFixed(2)).join(' ')})`);
    console.log(`  baseline: reading the rows and contours from SQLite   median ${med(times.sql).toFixed(2)} ms`);
    console.log(`  grouping + consensus + outlines (marks rasterised)     median ${med(times.group).toFixed(2)} ms`);
    console.log(`  lesion list, cold (read, group, decisions, wire form)  median ${med(times.list).toFixed(2)} ms, p95 ${pct(times.list.slice(1), 0.95).toFixed(2)} ms (goal < 50 ms) ${med(times.list) < 50 ? 'MET' : 'MISSED'}; ${(med(times.list) / med(times.sql)).toFixed(1)}× the SQL read`);

    const api = createHttpBridge({ baseUrl: `http://127.0.0.1:${host.port}`, token: host.token, WebSocketImpl: WebSocket as unknown as WebSocketCtor });
    const key = (await api.listLesions({ scanId: scan.id })).lesions.find((l) => l.category === 'nodule')!.key;
    const noop: number[] = [];
    const decide: number[] = [];
    for (let i = 0; i < 110; i++) {
      let t0 = performance.now();
      await api.getAppInfo({});
      noop.push(performance.now() - t0);
      t0 = performance.now();
      const r = await api.decideLesion({ scanId: scan.id, lesionKey: key, decision: i % 2 ? 'accepted' : 'second-read' });
      decide.push(performance.now() - t0);
      if (r.lesions.find((l) => l.key === key)?.state !== (i % 2 ? 'accepted' : 'second-read')) throw new Error('the decision was not stored');
    }
    const n = noop.slice(10);
    const d = decide.slice(10);
    console.log(`  baseline: a no-op operation over the browser host    p50 ${pct(n, 0.5).toFixed(2)} ms, p95 ${pct(n, 0.95).toFixed(2)} ms`);
    console.log(`  decision, request → stored (+ lesions sent back)       p50 ${pct(d, 0.5).toFixed(2)} ms, p95 ${pct(d, 0.95).toFixed(2)} ms (goal < 30 ms p95) ${pct(d, 0.95) < 30 ? 'MET' : 'MISSED'}`);
    db.close();
  } finally {
    await host.close();
    rt.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
