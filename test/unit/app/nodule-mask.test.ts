import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Annotation } from '../../../electron/common/contract/annotations';
import { jobSeeds, newestLungMask, noduleSeeds, recordNoduleMask, storeNoduleMask, type NoduleSeed } from '../../../electron/app/nodule-mask';
import { generateNodulePhantom, DEFAULT_NODULE_PHANTOM_SPEC } from '../../../electron/core/phantom';
import type { NoduleReport } from '../../../electron/core/pipelines/nodule-mask';
import { insertDataset, listAudit, listMaskVersions, upsertScan, type MaskVersion } from '../../../electron/db';
import { open, sampleScan, tempDir } from '../db/test-db';

function annotation(id: number, source: Annotation['source'], kind: Annotation['kind'], diameterMm: number | null, volumeMm3: number | null = null): Annotation {
  return {
    id, scanId: 1, source, kind, center: [id, 0, 0], diameterMm, reader: null, noduleRef: null, agreement: null,
    volumeMm3, characteristics: null, sourceFile: null, sourceLine: null, createdAt: 1,
  };
}

function version(id: number, kind: string, createdAt: number): MaskVersion {
  return { id, scanId: 1, kind, path: `/m/${id}.npy`, author: 'lungdesk', reason: '', parentId: null, sha256: null, createdAt };
}

describe('noduleSeeds', () => {
  it('keeps LUNA16 rows, LIDC consensus and user nodules; drops reader marks, small nodules and non-nodules', () => {
    const seeds = noduleSeeds([
      annotation(1, 'luna-csv', 'nodule', 6),
      annotation(2, 'lidc-xml', 'consensus', 7),
      annotation(3, 'lidc-xml', 'reader', 7),
      annotation(4, 'lidc-xml', 'small-nodule', null),
      annotation(5, 'lidc-xml', 'non-nodule', null),
      annotation(6, 'user', 'nodule', 9),
    ]);
    expect(seeds.map((s) => [s.annotationId, s.diameterMm])).toEqual([[1, 6], [2, 7], [6, 9]]);
  });

  it('takes the diameter of the volume when a mark has none, and seeds a mark with neither from its point alone', () => {
    const seeds = noduleSeeds([annotation(1, 'lidc-xml', 'consensus', null, (Math.PI / 6) * 8 ** 3), annotation(2, 'user', 'nodule', null, null)]);
    expect(seeds).toHaveLength(2);
    expect(seeds[0]!.diameterMm).toBeCloseTo(8, 6);
    expect(seeds[1]).not.toHaveProperty('diameterMm');
    expect(jobSeeds(seeds)).toEqual([{ id: 1, center: [1, 0, 0], diameterMm: seeds[0]!.diameterMm }, { id: 2, center: [2, 0, 0] }]);
  });
});

describe('newestLungMask', () => {
  it('picks the newest lung or lung-dilated version and ignores nodule masks', () => {
    expect(newestLungMask([version(3, 'nodules', 30), version(2, 'lung-dilated', 20), version(1, 'lung', 10)])?.id).toBe(2);
    expect(newestLungMask([version(1, 'lung', 10), version(2, 'lung-dilated', 5)])?.id).toBe(1);
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

  it('storeNoduleMask segments in-process, writes the union as uint8 (z, y, x) .npy and records it', async () => {
    const { volume, cases } = generateNodulePhantom({ ...DEFAULT_NODULE_PHANTOM_SPEC, dims: [320, 320, 26], spacing: [0.75, 0.75, 2.5] });
    const seeds = cases.map((c, i) => seed(100 + i, c.center, c.diameterMm));
    const r = await storeNoduleMask(db, { scanId, hu: volume.voxels, geometry: volume, seeds, lung: null, dir: path.join(dir, 'masks', String(scanId)) });
    expect(r.nodules).toBe(5);
    const bytes = fs.readFileSync(r.path);
    const headerLen = 10 + bytes.readUInt16LE(8);
    expect(bytes.toString('latin1', 10, headerLen)).toContain("'descr': '|u1', 'fortran_order': False, 'shape': (26, 320, 320)");
    let set = 0;
    for (let i = headerLen; i < bytes.length; i++) set += bytes[i]!;
    expect(set).toBe(r.voxels);
    expect(listMaskVersions(db, scanId)[0]).toMatchObject({ id: r.maskId, path: r.path });
  });
});
