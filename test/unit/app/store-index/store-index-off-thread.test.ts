import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IndexDatasetResult } from '../../../../electron/common/job-catalogue';
import { createRuntime } from '../../../../electron/app/runtime';
import { storeIndexOffThread } from '../../../../electron/app/store-index/store-index-off-thread';
import { insertDataset, listAudit, listDatasets, openDatabase, type LungDeskDb } from '../../../../electron/db';
import { CROWDED_SERIES_UID, makeCrowdedLunaDataset } from '../../../helpers/crowded-luna-dataset';

const ROWS = 25_000;
const CANDIDATES = 20_000;

/** Row counts of everything an indexing pass stores, and its audit entry's detail. */
function stored(db: LungDeskDb, datasetId: number): Record<string, unknown> {
  const count = (sql: string): number => (db.sqlite.prepare(sql).get(datasetId) as { n: number }).n;
  return {
    scans: count('SELECT COUNT(*) AS n FROM scans WHERE dataset_id = ?'),
    annotations: count('SELECT COUNT(*) AS n FROM annotations a JOIN scans s ON s.id = a.scan_id WHERE s.dataset_id = ?'),
    candidates: count('SELECT COUNT(*) AS n FROM candidates c JOIN scans s ON s.id = c.scan_id WHERE s.dataset_id = ?'),
    files: count('SELECT COUNT(*) AS n FROM indexed_files WHERE dataset_id = ?'),
    indexed: listDatasets(db).find((d) => d.id === datasetId)?.indexedAt !== null,
    audit: listAudit(db)
      .filter((a) => a.action === 'dataset.indexed' && a.entityId === String(datasetId))
      .map((a) => a.detail),
  };
}

// Issue 15, "the host never stalls": storing an indexing pass of a 25k-row annotations.csv
// took ~0.3 s of the host's event loop in one synchronous transaction.
describe('storing an indexing pass off the event loop (issue 15: the host never stalls)', () => {
  let root: string;
  let result: IndexDatasetResult;

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-store-thread-'));
    const ds = path.join(root, 'ds');
    await makeCrowdedLunaDataset(ds, ROWS);
    const lines = ['seriesuid,coordX,coordY,coordZ,class'];
    for (let i = 0; i < CANDIDATES; i++) lines.push(`${CROWDED_SERIES_UID},${(i % 300) + 0.5},${(i % 97) * 3},${(i % 61) * 5},${i % 50 === 0 ? 1 : 0}`);
    fs.writeFileSync(path.join(ds, 'candidates.csv'), lines.join('\n') + '\n');
    const rt = createRuntime({ dataDir: path.join(root, 'indexer'), host: 'browser', version: '0.0.0-test' });
    try {
      result = await rt.runner.start('indexDataset', { path: ds, previous: [] }).done;
    } finally {
      rt.close();
    }
  }, 240_000);

  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('keeps the event loop turning and the connection reading while a 25k-row pass is stored', async () => {
    const db = openDatabase(path.join(root, 'thread.sqlite'));
    try {
      const datasetId = insertDataset(db, { name: 'crowded', rootPath: path.join(root, 'ds'), kind: 'folder' });
      let ticks = 0;
      let maxGap = 0;
      let last = performance.now();
      const timer = setInterval(() => {
        const now = performance.now();
        maxGap = Math.max(maxGap, now - last);
        last = now;
        ticks++;
        // The host's own connection reads while the thread holds the write (WAL).
        expect(listDatasets(db).length).toBe(1);
      }, 5);
      const r = await storeIndexOffThread(db, datasetId, result).finally(() => clearInterval(timer));
      expect(r.count).toBe(1);
      expect(r.scanIds).toHaveLength(1);
      // Structural, generous: the inline store held the loop for the whole transaction.
      expect(ticks).toBeGreaterThan(10);
      expect(maxGap).toBeLessThan(200);
      expect(stored(db, datasetId)).toMatchObject({ scans: 1, annotations: ROWS, candidates: CANDIDATES, indexed: true });
    } finally {
      db.close();
    }
  }, 60_000);

  it('stores exactly what the inline store of an in-memory index stores', async () => {
    const file = openDatabase(path.join(root, 'same.sqlite'));
    const memory = openDatabase(':memory:');
    try {
      const a = insertDataset(file, { name: 'crowded', rootPath: path.join(root, 'ds'), kind: 'folder' });
      const b = insertDataset(memory, { name: 'crowded', rootPath: path.join(root, 'ds'), kind: 'folder' });
      const [viaThread, inline] = [await storeIndexOffThread(file, a, result), await storeIndexOffThread(memory, b, result)];
      expect(viaThread.count).toBe(inline.count);
      expect(viaThread.removedScans).toBe(inline.removedScans);
      expect(stored(file, a)).toEqual(stored(memory, b));
      expect(stored(file, a)).toMatchObject({ audit: [expect.objectContaining({ scans: 1, removedScans: 0 })] });
    } finally {
      file.close();
      memory.close();
    }
  }, 60_000);

  it('leaves nothing half stored when the pass cannot be stored', async () => {
    const db = openDatabase(path.join(root, 'fail.sqlite'));
    try {
      // No dataset 999: the file cache's foreign key fails inside the transaction.
      await expect(storeIndexOffThread(db, 999, result)).rejects.toMatchObject({ code: 'db.failed' });
      expect((db.sqlite.prepare('SELECT COUNT(*) AS n FROM scans').get() as { n: number }).n).toBe(0);
      expect((db.sqlite.prepare('SELECT COUNT(*) AS n FROM annotations').get() as { n: number }).n).toBe(0);
    } finally {
      db.close();
    }
  }, 60_000);

  it('indexes through the service with every lesion listed after the store', async () => {
    const rt = createRuntime({ dataDir: path.join(root, 'service'), host: 'browser', version: '0.0.0-test' });
    try {
      const r = rt.service.importDataset(path.join(root, 'ds'));
      expect(await r.done).toBe(1);
      const [scan] = await rt.service.handlers.listScans({ datasetId: r.datasetId });
      // Every row of the fixture is a nodule of its own: the lesion rows the store dropped are back.
      expect(scan!.noduleCount).toBe(ROWS);
      expect((await rt.service.handlers.listLesions({ scanId: scan!.id })).lesions).toHaveLength(ROWS);
    } finally {
      rt.close();
    }
  }, 120_000);
});
