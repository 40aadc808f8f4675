import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MaskStore, type MaskGrid } from '../../../../electron/app/mask-store/mask-store';
import { journalPath } from '../../../../electron/app/mask-store/mask-journal';
import type { MaskRuns } from '../../../../electron/common';
import { insertDataset, openDatabase, upsertScan, type LungDeskDb } from '../../../../electron/db';

const DIMS: [number, number, number] = [32, 32, 8];
const grid: MaskGrid = { dims: DIMS, spacing: [1, 1, 1] };
const labels = [{ value: 1, name: 'lung', kind: 'lung' as const }];

/** A change painting label 1 over `count` voxels from `start`. */
function paint(start: number, count: number): MaskRuns {
  return { runs: Uint32Array.from([start, count]), values: new Uint8Array(count).fill(1) };
}

function age(file: string, ms: number): void {
  const t = new Date(Date.now() - ms);
  fs.utimesSync(file, t, t);
}

describe('reconciling mask files with their rows at start', () => {
  let dataDir: string;
  let db: LungDeskDb;
  let scanId: number;
  const storeOf = () => new MaskStore({ db, dataDir, gridOf: () => grid });

  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-reconcile-'));
    db = openDatabase(path.join(dataDir, 'lungdesk.sqlite'));
    const datasetId = insertDataset(db, { name: 't', rootPath: dataDir, kind: 'folder' });
    scanId = upsertScan(db, datasetId, {
      seriesInstanceUid: '1.2.3', studyInstanceUid: '1.2', patientId: 't', modality: 'CT', description: '', format: 'metaimage', path: path.join(dataDir, 'x.mhd'),
      dims: DIMS, spacing: [1, 1, 1], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], sliceCount: DIMS[2], warnings: [], files: [],
    });
  });
  afterEach(() => {
    db.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function threeVersions(store: MaskStore) {
    const a = await store.save({ scanId, parentId: null, kind: 'lung', note: 'a', tools: [], labels, change: paint(0, 100) }, 't');
    const b = await store.save({ scanId, parentId: a.id, kind: 'lung', note: 'b', tools: [], labels, change: paint(200, 50) }, 't');
    const c = await store.save({ scanId, parentId: b.id, kind: 'lung', note: 'c', tools: [], labels, change: paint(400, 10) }, 't');
    const file = (id: number) => store.version(id).path;
    return { a, b, c, file };
  }

  it('lists a version whose file is missing, replaced or cut short as damaged, and still lists the healthy ones', async () => {
    const { a, b, c, file } = await threeVersions(storeOf());
    fs.rmSync(file(a.id));
    fs.copyFileSync(file(c.id), file(b.id)); // a whole, valid mask file, but not b's voxels
    const cBytes = fs.readFileSync(file(c.id));
    fs.writeFileSync(file(c.id), cBytes.subarray(0, cBytes.length - 5));

    const store = storeOf(); // a fresh start
    const report = await store.reconcile();
    expect(report.damaged.map((d) => [d.id, d.code]).sort()).toEqual([[a.id, 'io.not-found'], [b.id, 'io.checksum-mismatch'], [c.id, 'io.truncated']].sort());
    const listed = await store.list(scanId);
    expect(listed.map((v) => [v.id, v.damaged?.code])).toEqual([[c.id, 'io.truncated'], [b.id, 'io.checksum-mismatch'], [a.id, 'io.not-found']]);
    expect(listed.every((v) => v.damaged!.message.includes(store.version(v.id).path))).toBe(true);
    await expect(store.voxelsCopy(store.version(a.id))).rejects.toMatchObject({ code: 'io.not-found' });
  });

  it('marks a version damaged when its voxels fail the check on load (same size, altered bytes)', async () => {
    const { a, b, file } = await threeVersions(storeOf());
    const buf = fs.readFileSync(file(b.id));
    buf[buf.length - 8] = buf[buf.length - 8]! ^ 0xff; // inside the compressed stream: header and size still agree
    fs.writeFileSync(file(b.id), buf);
    const store = storeOf();
    expect((await store.reconcile()).damaged).toEqual([]);
    await expect(store.voxelsCopy(store.version(b.id))).rejects.toMatchObject({ code: expect.stringMatching(/^io\.(truncated|checksum-mismatch)$/) });
    const listed = await store.list(scanId);
    expect(listed.find((v) => v.id === b.id)!.damaged).toBeDefined();
    expect(listed.find((v) => v.id === a.id)!.damaged).toBeUndefined();
  });

  it('moves a mask file that has no row (a save killed between the rename and the insert) to lost+found, never lists it', async () => {
    const store0 = storeOf();
    const { file, c } = await threeVersions(store0);
    const dir = path.dirname(file(c.id));
    const orphan = path.join(dir, 'lung-1700000000000-abcdef.ldmask');
    fs.copyFileSync(file(c.id), orphan);
    const orphanNpy = path.join(dir, 'lung-1700000000000.npy');
    fs.writeFileSync(orphanNpy, 'npy of a job whose row never came');
    age(orphan, 60_000);
    age(orphanNpy, 60_000);
    const inFlight = path.join(dir, 'lung-9999999999999-abcdef.ldmask'); // written after this start: a save under way
    fs.copyFileSync(file(c.id), inFlight);
    fs.mkdirSync(path.dirname(journalPath(dataDir, scanId)), { recursive: true });
    fs.writeFileSync(journalPath(dataDir, scanId), 'journal');
    age(journalPath(dataDir, scanId), 60_000);

    const store = storeOf();
    const report = await store.reconcile({ startedAt: Date.now() - 1000 });
    const lost = path.join(dataDir, 'lost+found', 'masks', String(scanId));
    expect(report.quarantined.map((q) => q.from).sort()).toEqual([orphan, orphanNpy].sort());
    expect(fs.readdirSync(lost).sort()).toEqual([path.basename(orphan), path.basename(orphanNpy)].sort());
    expect(fs.existsSync(orphan)).toBe(false);
    expect(fs.existsSync(inFlight)).toBe(true);
    expect(fs.existsSync(journalPath(dataDir, scanId))).toBe(true);
    expect((await store.list(scanId)).map((v) => v.id)).toHaveLength(3);
    expect(report.damaged).toEqual([]);
  });

  it('finds nothing to do in a consistent data folder', async () => {
    await threeVersions(storeOf());
    const report = await storeOf().reconcile({ startedAt: Date.now() + 60_000 });
    expect(report).toMatchObject({ checked: 3, damaged: [], quarantined: [] });
  });
});
