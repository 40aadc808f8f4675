import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExportOptions, type ExportOptionsInput, type ExportSummary } from '../../../../electron/common/contract/export';
import { directContext } from '../../../../electron/common/jobs';
import { mergeShards } from '../../../../electron/app/export/merge-shards';
import type { LungDeskService } from '../../../../electron/app/service';
import { voxelToWorld, worldToVoxel } from '../../../../electron/core/volume/volume';
import { readNpy } from '../../../helpers/npy';
import { openTestService, reviewTestIndex, writeTestDataset, type ReviewedIndex } from '../../../helpers/export/reviewed-index';
import { treeHashes } from '../../../helpers/export/tree-hashes';

interface ManifestCase {
  caseId: string;
  reviewer: string | null;
  reviewState: string;
  scanVoxelToWorld: number[];
  masks: { versionId: number; sha256: string }[];
  lesions: { key: string; role: string; labelSource: number | string | null }[];
  files: { path: string; role: string; bytes: number; sha256: string; voxelToWorld: number[] | null }[];
}

// Whole exports through the service: a host job driving one worker process per case, the
// placeholder exporters of test/helpers/export preloaded into the workers.
describe('export runner (a reviewed phantom index)', () => {
  let root: string;
  let service: LungDeskService;
  let idx: ReviewedIndex;
  let first: ExportSummary;
  const out = (name: string) => path.join(root, 'out', name);
  const options = (o: Partial<ExportOptionsInput>) => ExportOptions.parse({ outDir: out('a'), formats: ['nifti', 'monai'], split: { kind: 'folds', k: 3 }, workers: 2, ...o });
  const run = (o: Partial<ExportOptionsInput>) => service.startExport(options(o)).done;
  const manifestOf = (dir: string) => JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { cases: ManifestCase[]; failed: unknown[]; files: { path: string }[] };

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-export-run-'));
    await writeTestDataset(path.join(root, 'ds'));
    service = openTestService(path.join(root, 'data'));
    idx = await reviewTestIndex(service, path.join(root, 'ds'));
    first = await run({});
  }, 300_000);

  afterAll(() => {
    service?.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('writes every planned case, its record, the formats\' finish and a manifest whose checksums match the files', () => {
    expect(first).toMatchObject({ outDir: out('a'), manifest: path.join(out('a'), 'manifest.json'), casesWritten: 6, casesSkipped: 0, failed: [] });
    const m = manifestOf(out('a'));
    expect(m.cases.map((c) => c.caseId)).toEqual(['EXPT-001_s01', 'EXPT-002_s01', 'EXPT-002_s02', 'EXPT-003_s01', 'EXPT-006_s01', 'EXPT-007_s01']);
    const hashes = treeHashes(out('a'));
    for (const c of m.cases) {
      expect(c.files.map((f) => f.path)).toEqual([`cases/${c.caseId}/image.npy`, `cases/${c.caseId}/label.npy`, `cases/${c.caseId}/lesions.json`]);
      for (const f of c.files) expect(hashes[f.path], f.path).toBe(f.sha256);
      expect(fs.existsSync(path.join(out('a'), '.lungdesk-export', 'cases', `${c.caseId}.json`))).toBe(true);
      expect(c.reviewState).toBe('done');
    }
    expect(m.files.map((f) => f.path)).toEqual(['cases.json', 'datalist.json']);
    expect(fs.readFileSync(path.join(out('a'), 'manifest.csv'), 'utf8').split('\n')[0]).toBe(
      'case_id,patient_id,series_instance_uid,split,fold,reviewer,review_state,mask_version_ids,positives,negatives,path,role,bytes,sha256,voxel_to_world',
    );
    expect(first.bytes).toBe(Object.entries(hashes).filter(([p]) => !p.startsWith('.') && !p.startsWith('manifest')).reduce((n, [p]) => n + fs.statSync(path.join(out('a'), p)).size, 0) + fs.statSync(path.join(out('a'), 'manifest.json')).size + fs.statSync(path.join(out('a'), 'manifest.csv')).size);
  });

  it("runs as one job whose ended state carries the summary (the dialog sees only job events), its progress counting cases", async () => {
    const jobs = (await service.handlers.listJobs({})).filter((j) => j.type === 'exportDataset');
    const job = jobs[jobs.length - 1]!;
    expect(job).toMatchObject({ status: 'succeeded', result: first, label: `Export to ${out('a')}` });
    expect((await service.handlers.listJobs({})).some((j) => j.type === 'exportCase')).toBe(false);
    const stages: string[] = [];
    const stop = service.subscribe((name, payload) => {
      if (name === 'onDidUpdateJob' && (payload as { type: string }).type === 'exportDataset') stages.push((payload as { progress: { stage: string } }).progress.stage);
    });
    try {
      await run({ outDir: out('progress'), workers: 1 });
    } finally {
      stop();
    }
    // Progress events are throttled (50 ms), so not every count shows; the last ones do.
    expect(stages.some((s) => /^[1-5]\/6 cases · about \d+ (s|min) left$/.test(s)), stages.join(' | ')).toBe(true);
    expect(stages.at(-1)).toBe('done');
  });

  it('merges the lung mask and the nodule label linked to an accepted lesion into one labelmap; other accepted lesions get a sphere, the rejected none', async () => {
    const c = manifestOf(out('a')).cases.find((x) => x.caseId === 'EXPT-001_s01')!;
    const label = readNpy(path.join(out('a'), 'cases/EXPT-001_s01/label.npy')).data as Uint8Array;
    for (const i of idx.linkedVoxels) expect(label[i]).toBe(2);
    const lung = await service.handlers.getMask({ maskId: idx.lungMaskId });
    let lungVoxels = 0;
    for (let i = 0; i < label.length; i++) if (lung.voxels[i] === 1 && !idx.linkedVoxels.includes(i)) {
      lungVoxels++;
      expect([1, 2]).toContain(label[i]);
    }
    expect(lungVoxels).toBeGreaterThan(1000);
    expect(c.masks).toEqual([{ versionId: idx.editedMaskId, kind: 'lung', sha256: expect.stringMatching(/^[0-9a-f]{64}$/), labels: expect.any(Array) }]);
    const [own, other] = c.lesions;
    expect(c.lesions).toHaveLength(2);
    expect(own).toMatchObject({ key: idx.linkedLesion.key, role: 'positive', labelSource: idx.editedMaskId });
    expect(other).toMatchObject({ role: 'positive', labelSource: 'sphere' });
    const rejected = (await service.handlers.listLesions({ scanId: idx.scans.get(11)!.id })).lesions.find((l) => l.state === 'rejected')!;
    const r = worldToVoxel(idx.scans.get(11)!, rejected.center).map(Math.round);
    expect(label[r[0]! + 64 * (r[1]! + 64 * r[2]!)]).not.toBe(2);
    const own3 = JSON.parse(fs.readFileSync(path.join(out('a'), 'cases/EXPT-001_s01/lesions.json'), 'utf8')) as { lesions: { voxels: number }[] };
    expect(own3.lesions[0]!.voxels).toBe(27);
    expect(own3.lesions[1]!.voxels).toBeGreaterThan(10);
    expect(c.reviewer).toBe(os.userInfo().username);
  });

  it('writes the scan voxels as they load, and gives each image its voxel-to-world affine (the scan grid)', async () => {
    const scan = idx.scans.get(11)!;
    const image = readNpy(path.join(out('a'), 'cases/EXPT-001_s01/image.npy'));
    const vol = await service.getVolume(scan.id);
    expect(Buffer.from((image.data as Int16Array).buffer, (image.data as Int16Array).byteOffset, image.data.byteLength).equals(Buffer.from(vol.voxels))).toBe(true);
    const f = manifestOf(out('a')).cases[0]!.files.find((x) => x.role === 'image')!;
    const a = f.voxelToWorld!;
    const ijk: [number, number, number] = [7, 11, 5];
    const world = [0, 1, 2].map((r) => a[4 * r]! * ijk[0] + a[4 * r + 1]! * ijk[1] + a[4 * r + 2]! * ijk[2] + a[4 * r + 3]!);
    voxelToWorld(scan, ijk).forEach((w, r) => expect(world[r]).toBeCloseTo(w, 6));
  });

  it('refuses a folder that is not empty unless resuming, a resume with other settings (export.not-empty), and an export of nothing', async () => {
    await expect(run({})).rejects.toMatchObject({ code: 'export.not-empty' });
    await expect(run({ resume: true, seed: 1 })).rejects.toMatchObject({ code: 'export.not-empty', message: expect.stringContaining('seed: 12345 there, 1 here') });
    fs.mkdirSync(out('foreign'), { recursive: true });
    fs.writeFileSync(path.join(out('foreign'), 'notes.txt'), 'mine');
    await expect(run({ outDir: out('foreign'), resume: true })).rejects.toMatchObject({ code: 'export.not-empty' });
    await expect(run({ outDir: out('nobody'), includePatients: ['NOBODY'] })).rejects.toMatchObject({ code: 'not-found', message: expect.stringContaining('nothing to export') });
    expect(fs.existsSync(out('nobody'))).toBe(false);
  });

  it('resumes a cancelled export: the cases finished are verified and kept, the rest written, the result equal to one run', async () => {
    const job = service.startExport(options({ outDir: out('b'), workers: 1 }));
    const cases = path.join(out('b'), '.lungdesk-export', 'cases');
    while (!(fs.existsSync(cases) && fs.readdirSync(cases).some((f) => f.endsWith('.json')))) await new Promise((r) => setTimeout(r, 10));
    await service.handlers.cancelJob({ jobId: job.jobId });
    await expect(job.done).rejects.toMatchObject({ code: 'job.cancelled' });
    expect(fs.existsSync(path.join(out('b'), 'manifest.json'))).toBe(false);
    const resumed = await run({ outDir: out('b'), resume: true });
    expect(resumed.casesSkipped).toBeGreaterThanOrEqual(1);
    expect(resumed.casesWritten + resumed.casesSkipped).toBe(6);
    expect(treeHashes(out('b'))).toEqual(treeHashes(out('a')));
  }, 120_000);

  it('shards written into one folder and merged give the files and manifest of one run', async () => {
    const s1 = await run({ outDir: out('c'), shard: { index: 1, count: 2 } });
    const s2 = await run({ outDir: out('c'), shard: { index: 2, count: 2 } });
    expect(s1.casesWritten + s2.casesWritten).toBe(6);
    expect(s1.manifest).toBe(path.join(out('c'), 'manifest.shard-1-of-2.json'));
    expect(fs.existsSync(path.join(out('c'), 'manifest.json'))).toBe(false);
    const merged = await mergeShards(out('c'), directContext());
    expect(merged).toMatchObject({ casesWritten: 6, failed: [], manifest: path.join(out('c'), 'manifest.json') });
    const isShardManifest = (p: string) => /^manifest\.shard-\d-of-2\.json$/.test(p);
    expect(treeHashes(out('c'), isShardManifest)).toEqual(treeHashes(out('a')));
  }, 120_000);

  it('refuses to merge while a shard is missing', async () => {
    await run({ outDir: out('d'), shard: { index: 2, count: 3 } });
    await expect(mergeShards(out('d'), directContext())).rejects.toMatchObject({ code: 'io.not-found', message: expect.stringContaining('shards 1, 3 of 3 have not finished') });
  });

  it('reports a case that fails with its reason and writes the others', async () => {
    // The edit is the scan's one .ldmask file in the data folder (the lung job's is a .npy).
    const dir = path.join(root, 'data', 'masks', String(idx.scans.get(11)!.id));
    const file = path.join(dir, fs.readdirSync(dir).find((f) => f.endsWith('.ldmask'))!);
    const bytes = fs.readFileSync(file);
    bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 0xff;
    fs.writeFileSync(file, bytes);
    const s = await run({ outDir: out('e') });
    expect(s.casesWritten).toBe(5);
    expect(s.failed).toEqual([{ caseId: 'EXPT-001_s01', reason: expect.stringMatching(/^io\.[a-z-]+: .*\.ldmask/) }]);
    const m = manifestOf(out('e'));
    expect(m.cases.map((c) => c.caseId)).not.toContain('EXPT-001_s01');
    expect(m.failed).toEqual(s.failed);
  });
});
