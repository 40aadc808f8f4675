import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { jobSeeds, lesionSeeds, newestLungMask, recordNoduleMask, type NoduleSeed } from '../../../electron/app/nodule-mask';
import type { Lesion } from '../../../electron/common/contract/review';
import type { NoduleReport } from '../../../electron/core/pipelines/nodule-mask';
import { insertDataset, listAudit, listMaskVersions, upsertScan, type MaskVersion } from '../../../electron/db';
import { open, sampleScan, tempDir } from '../db/test-db';

function lesion(key: string, category: Lesion['category'], diameterMm: number | null, over: Partial<Lesion> = {}): Lesion {
  return {
    key, scanId: 1, ordinal: 1, category, center: [1, 2, 3], diameterMm, volumeMm3: null, readersMarked: 0, readerTotal: null, consensus: false, sources: ['luna-csv'],
    members: [{ annotationId: Number(key.slice(1)), source: 'luna-csv', kind: 'nodule', readerLabel: 'LUNA16', center: [1, 2, 3], diameterMm, volumeMm3: null, characteristics: null, sourceFile: null, sourceLine: null, outline: null }],
    outline: null, outlineLevel: null, state: 'undecided', decision: null, ...over,
  };
}

function version(id: number, kind: string, createdAt: number): MaskVersion {
  return { id, scanId: 1, kind, path: `/m/${id}.npy`, author: 'lungdesk', reason: '', parentId: null, sha256: null, createdAt, format: 'npy', note: '', tools: [], labels: null, stats: null, bytesOnDisk: null };
}

describe('lesionSeeds', () => {
  const rejected = { decision: 'rejected' as const, reason: 'vessel' as const, reasonText: null, diameterMm: null, reviewer: 'r', decidedAt: 1 };
  it('seeds every nodule lesion not rejected, at its centre, with the accepted diameter first; < 3 mm and non-nodules are left out', () => {
    const seeds = lesionSeeds(1, [
      lesion('L1', 'nodule', 6),
      lesion('L2', 'nodule', 7, { state: 'accepted', decision: { ...rejected, decision: 'accepted', reason: null, diameterMm: 9 } }),
      lesion('L3', 'nodule', 5, { state: 'rejected', decision: rejected }),
      lesion('L4', 'small', null),
      lesion('L5', 'non-nodule', null),
      lesion('L6', 'nodule', null),
    ]);
    expect(seeds.map((s) => [s.annotationId, s.diameterMm])).toEqual([[1, 6], [2, 9], [6, undefined]]);
    expect(jobSeeds(seeds)).toEqual([{ id: 1, center: [1, 2, 3], diameterMm: 6 }, { id: 2, center: [1, 2, 3], diameterMm: 9 }, { id: 6, center: [1, 2, 3] }]);
  });

  it('refuses a scan with nothing to segment (not-found) before any volume is loaded', () => {
    expect(() => lesionSeeds(4, [lesion('L1', 'small', null)])).toThrow(expect.objectContaining({ code: 'not-found', message: expect.stringMatching(/scan 4 has no nodule lesion/) }));
  });
});

describe('newestLungMask', () => {
  it('picks the newest dilated lung mask (its margin keeps pleural nodules in), else the newest lung mask, never a nodule mask', () => {
    expect(newestLungMask([version(3, 'nodules', 30), version(2, 'lung-dilated', 20), version(1, 'lung', 10)])?.id).toBe(2);
    expect(newestLungMask([version(1, 'lung', 10), version(2, 'lung-dilated', 5)])?.id).toBe(2);
    expect(newestLungMask([version(1, 'lung', 10), version(4, 'lung', 12)])?.id).toBe(4);
    expect(newestLungMask([version(3, 'nodules', 30)])).toBeUndefined();
  });
});

describe('recording a nodule mask', () => {
  const dir = tempDir();
  const db = open(path.join(dir, 'index.db'));
  const datasetId = insertDataset(db, { name: 'phantoms', rootPath: '/data/phantoms', kind: 'folder' });
  const scanId = upsertScan(db, datasetId, sampleScan(1));
  afterAll(() => {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const seed = (annotationId: number, center: [number, number, number], diameterMm?: number): NoduleSeed => ({
    annotationId, source: 'luna-csv', kind: 'nodule', center, ...(diameterMm ? { diameterMm } : {}),
  });
  const stats = (voxels: number, d: number) => ({ voxels, volumeMm3: voxels, equivalentDiameterMm: d, longAxisMm: d, shortAxisMm: d, centroid: [0, 0, 0] as [number, number, number], kind: 'solid' as const, thresholdHu: -500 });

  it("records the job's file as a 'nodules' mask version with the marks, the skipped ones and the physical nodule count in its audit entry", () => {
    const seeds = [seed(11, [0, 0, 0], 10), seed(12, [2, 0, 0], 10), seed(13, [80, 0, 0]), seed(14, [999, 0, 0], 5)];
    const reports: NoduleReport[] = [
      { id: 11, status: 'segmented', stats: stats(500, 10), reason: null },
      { id: 12, status: 'segmented', stats: stats(480, 10), reason: null },
      { id: 13, status: 'empty', stats: null, reason: 'nothing to segment at the seed' },
      { id: 14, status: 'outside', stats: null, reason: null },
    ];
    const { maskId, nodules } = recordNoduleMask(db, { scanId, path: '/masks/1/nodules-1.npy', voxels: 510, seeds, reports, lung: null });
    // 11 and 12 are one nodule (centres 2 mm apart).
    expect(nodules).toBe(1);
    const [v] = listMaskVersions(db, scanId);
    expect(v).toMatchObject({ id: maskId, kind: 'nodules', path: '/masks/1/nodules-1.npy', author: 'lungdesk' });
    expect(v!.reason).toBe('nodule mask of 1 nodule(s) from 2 mark(s) (no lung mask, 1 outside the scan, 1 with nothing to segment skipped): 510 voxels');
    const audit = listAudit(db, { limit: 1 })[0]!;
    expect(audit).toMatchObject({ action: 'mask.created', entity: 'scan', entityId: String(scanId) });
    expect(audit.detail).toEqual({
      maskId, kind: 'nodules', voxels: 510, nodules: 1, lungMaskId: null,
      marks: [{ annotationId: 11, voxels: 500 }, { annotationId: 12, voxels: 480 }], outside: [14], empty: [13],
    });
  });

  it('refuses to record a mask in which no seed was segmented (not-found), and records nothing', () => {
    const before = listMaskVersions(db, scanId).length;
    expect(() =>
      recordNoduleMask(db, { scanId, path: '/x.npy', voxels: 0, seeds: [seed(1, [0, 0, 0], 5)], reports: [{ id: 1, status: 'outside', stats: null, reason: null }], lung: null }),
    ).toThrow(expect.objectContaining({ code: 'not-found', message: expect.stringMatching(/outside the scan/) }));
    expect(listMaskVersions(db, scanId)).toHaveLength(before);
  });
});
