import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fillMaskVersionFacts, getMaskVersion, insertDataset, insertMaskVersion, listAllMaskVersions, listMaskVersions, upsertScan } from '../../../electron/db';
import { open, sampleScan, tempDir } from './test-db';

describe('mask_versions queries', () => {
  const dir = tempDir();
  const db = open(path.join(dir, 'index.db'));
  const datasetId = insertDataset(db, { name: 'd', rootPath: '/data/d', kind: 'folder' });
  const scanId = upsertScan(db, datasetId, sampleScan(1));
  afterAll(() => {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const job = () => insertMaskVersion(db, { scanId, kind: 'lung', path: '/m/lung.npy', author: 'lungdesk', reason: 'lung mask: 10 voxels', parentId: null, sha256: null });

  it("records a job's version with the editing fields at their defaults: npy, no note, no tools, labels and stats unknown", () => {
    const id = job();
    expect(getMaskVersion(db, id)).toMatchObject({ id, format: 'npy', note: '', tools: [], labels: null, stats: null, bytesOnDisk: null, sha256: null });
  });

  it('records an edited version with its note, tools, labels, stats, size and checksum, listed newest first', () => {
    const parent = job();
    const stats = [{ label: 1, voxels: 9, volumeMm3: 4.5, added: 0, removed: 1 }];
    const labels = [{ value: 1, name: 'lung', kind: 'lung' as const }];
    const id = insertMaskVersion(db, {
      scanId, kind: 'lung', path: '/m/e.ldmask', author: 'dr a', reason: 'edit', parentId: parent, sha256: 'ab'.repeat(32),
      format: 'ldmask', note: 'fix', tools: ['eraser'], labels, stats, bytesOnDisk: 321,
    });
    expect(getMaskVersion(db, id)).toMatchObject({ format: 'ldmask', note: 'fix', tools: ['eraser'], labels, stats, bytesOnDisk: 321, parentId: parent });
    expect(listMaskVersions(db, scanId)[0]!.id).toBe(id);
    expect(listAllMaskVersions(db).map((v) => v.id)).toEqual(listMaskVersions(db, scanId).map((v) => v.id));
  });

  it('fills facts computed later only where they are still unknown: recorded ones are never overwritten', () => {
    const id = job();
    const first = [{ label: 1, voxels: 10, volumeMm3: 5, added: 10, removed: 0 }];
    fillMaskVersionFacts(db, id, { stats: first, bytesOnDisk: 100, sha256: 'cd'.repeat(32) });
    fillMaskVersionFacts(db, id, { stats: [{ label: 1, voxels: 0, volumeMm3: 0, added: 0, removed: 0 }], bytesOnDisk: 1, sha256: 'ef'.repeat(32) });
    expect(getMaskVersion(db, id)).toMatchObject({ stats: first, bytesOnDisk: 100, sha256: 'cd'.repeat(32) });
  });

  it('reports a row whose JSON column is damaged as db.failed naming the table, not a crash', () => {
    const id = job();
    db.sqlite.prepare('UPDATE mask_versions SET tools_json = ? WHERE id = ?').run('{not json', id);
    expect(() => getMaskVersion(db, id)).toThrow(expect.objectContaining({ code: 'db.failed', message: expect.stringContaining('mask_versions') }));
  });
});
