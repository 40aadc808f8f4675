import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExportOptions, type ExportOptionsInput } from '../../../../electron/common/contract/export';
import type { LungDeskService } from '../../../../electron/app/service';
import { openTestService, reviewTestIndex, seriesUidOf, writeTestDataset, type ReviewedIndex } from '../../../helpers/export/reviewed-index';

// Planning on a real index: phantom scans indexed by the service's worker jobs, decisions and
// "scan done" made through the review handlers, a lung mask from the job and an edit of it
// saved through the mask store.
describe('export planning (a reviewed phantom index)', () => {
  let root: string;
  let service: LungDeskService;
  let idx: ReviewedIndex;
  const preview = (o: Partial<ExportOptionsInput> = {}) => service.previewExport(ExportOptions.parse({ outDir: path.join(root, 'out'), formats: ['nifti'], ...o }));
  const scanId = (seed: number) => idx.scans.get(seed)!.id;

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-plan-'));
    await writeTestDataset(path.join(root, 'ds'));
    service = openTestService(path.join(root, 'data'));
    idx = await reviewTestIndex(service, path.join(root, 'ds'));
  }, 180_000);

  afterAll(() => {
    service?.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('plans every done scan as a case with a safe id from patient and series order, and lists the others with their reason', () => {
    const p = preview();
    expect(p.cases.map((c) => c.caseId)).toEqual(['EXPT-001_s01', 'EXPT-002_s01', 'EXPT-002_s02', 'EXPT-003_s01', 'EXPT-006_s01', 'EXPT-007_s01']);
    const two = p.cases.filter((c) => c.patientId === 'EXPT-002').map((c) => c.seriesInstanceUid);
    expect(two.sort()).toEqual([seriesUidOf(21), seriesUidOf(22)].sort());
    expect(p.skipped).toEqual([
      { scanId: scanId(41), reason: 'review not done (in-progress)' },
      { scanId: scanId(51), reason: '1 lesion awaits a second read' },
    ].sort((a, b) => a.scanId - b.scanId));
    expect(p.patients).toBe(5);
    expect(p.warnings.join('\n')).toMatch(/1 case has no positive lesion: exported as negative cases/);
    expect(p.estimatedBytes).toBe(p.cases.reduce((n, c) => n + c.estimatedBytes, 0));
    expect(p.estimatedBytes).toBeGreaterThan(0);
  });

  it('takes accepted lesions as positives; rejected ones and class-0 candidates away from every lesion as negatives only when asked', () => {
    const c1 = preview().cases.find((c) => c.caseId === 'EXPT-001_s01')!;
    expect(c1).toMatchObject({ lesions: 2, negatives: 0 });
    const withNeg = preview({ negatives: true });
    // Rejected nodule 2, and the class-0 row away from the nodules (the one on nodule 1 is nodule 1).
    expect(withNeg.cases.find((c) => c.caseId === 'EXPT-001_s01')).toMatchObject({ lesions: 2, negatives: 2 });
    expect(withNeg.cases.find((c) => c.caseId === 'EXPT-003_s01')).toMatchObject({ lesions: 0, negatives: 3 });
    expect(withNeg.negatives).toBe(5);
  });

  it("uses the newest saved version of each mask group (the edit over the lung job's mask), or only the named versions", async () => {
    const p = preview();
    expect(p.cases.find((c) => c.caseId === 'EXPT-001_s01')!.maskVersionIds).toEqual([idx.editedMaskId]);
    expect(p.cases.filter((c) => c.caseId !== 'EXPT-001_s01').every((c) => c.maskVersionIds.length === 0)).toBe(true);
    const named = preview({ maskRule: { kind: 'ids', ids: [idx.lungMaskId] } });
    expect(named.cases.map((c) => [c.caseId, c.maskVersionIds])).toEqual([['EXPT-001_s01', [idx.lungMaskId]]]);
    expect(named.skipped.filter((s) => s.reason === 'none of the named mask versions belongs to this scan')).toHaveLength(5);
    expect(() => preview({ maskRule: { kind: 'ids', ids: [999999] } })).toThrow(expect.objectContaining({ code: 'not-found' }));
  });

  it('with select all takes every lesion not rejected (never one awaiting a second read), and keeps the scan sent to a second read', () => {
    const p = preview({ select: 'all' });
    const mhd = p.cases.find((c) => c.seriesInstanceUid === seriesUidOf(51))!;
    expect(mhd.caseId).toMatch(/^2_25_[0-9]+_s01$/);
    expect(mhd.lesions).toBe(2);
    expect(p.skipped.map((s) => s.scanId)).toEqual([scanId(41)]);
  });

  it('with scans all takes unfinished scans too and warns that their undecided nodules export as background', () => {
    const p = preview({ scans: 'all' });
    expect(p.cases.some((c) => c.caseId === 'EXPT-004_s01')).toBe(true);
    expect(p.warnings.join('\n')).toMatch(/undecided nodule lesions, exported as background/);
  });

  it('keeps patients by the include and exclude lists (a scan without a patient id by its series UID)', () => {
    expect(preview({ includePatients: ['EXPT-002'] }).cases.map((c) => c.caseId)).toEqual(['EXPT-002_s01', 'EXPT-002_s02']);
    const ex = preview({ excludePatients: ['EXPT-001', 'EXPT-003'] });
    expect(ex.cases.map((c) => c.caseId)).toEqual(['EXPT-002_s01', 'EXPT-002_s02', 'EXPT-006_s01', 'EXPT-007_s01']);
    expect(ex.skipped.find((s) => s.scanId === scanId(11))!.reason).toBe('patient EXPT-001 is excluded');
    const all = preview({ select: 'all', includePatients: [seriesUidOf(51)] });
    expect(all.cases).toHaveLength(1);
  });

  it('splits by patient (both series of EXPT-002 in one fold), the same for the same seed', () => {
    for (const split of [{ kind: 'folds' as const, k: 3 }, { kind: 'ratio' as const, train: 60, validation: 20, test: 20 }]) {
      const a = preview({ split, seed: 7, scans: 'all', select: 'all' });
      const b = preview({ split, seed: 7, scans: 'all', select: 'all' });
      expect(a.cases.map((c) => c.split)).toEqual(b.cases.map((c) => c.split));
      const byPatient = new Map<string, Set<string>>();
      for (const c of a.cases) byPatient.set(c.patientId || c.seriesInstanceUid, new Set([...(byPatient.get(c.patientId || c.seriesInstanceUid) ?? []), c.split]));
      expect([...byPatient.values()].every((s) => s.size === 1)).toBe(true);
      const allowed = split.kind === 'folds' ? ['fold-0', 'fold-1', 'fold-2'] : ['train', 'validation', 'test'];
      expect(a.cases.every((c) => allowed.includes(c.split))).toBe(true);
    }
    const seeds = [1, 2, 3, 4, 5].map((seed) => preview({ seed, split: { kind: 'folds', k: 3 } }).cases.map((c) => c.split).join());
    expect(new Set(seeds).size).toBeGreaterThan(1);
  });

  it('refuses export folders that are relative, a root, the data folder or inside a dataset (export.bad-folder)', () => {
    for (const outDir of ['relative/out', '/', path.join(root, 'data'), path.join(root, 'data', 'exports'), path.join(root, 'ds', 'exports'), '/etc/lungdesk']) {
      expect(() => preview({ outDir }), outDir).toThrow(expect.objectContaining({ code: 'export.bad-folder' }));
    }
  });
});
