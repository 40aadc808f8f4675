import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExportOptions, type ExportOptionsInput, type ExportSummary } from '../../../../electron/common/contract/export';
import { directContext } from '../../../../electron/common/jobs';
import { mergeShards } from '../../../../electron/app/export/merge-shards';
import { createRuntime } from '../../../../electron/app/runtime';
import { reviewTestIndex, writeTestDataset } from '../../../helpers/export/reviewed-index';
import { treeHashes } from '../../../helpers/export/tree-hashes';

interface ManifestFile {
  path: string;
  role: string;
  voxelToWorld: number[] | null;
}

// The spine with the build's own exporters (no placeholders): every format of one reviewed
// phantom index through the service's workers, once whole and once in shards merged.
describe('export to every format (the build\'s exporters)', () => {
  let root: string;
  let runtime: ReturnType<typeof createRuntime>;
  let whole: ExportSummary;
  const options = (o: Partial<ExportOptionsInput>) =>
    ExportOptions.parse({ outDir: path.join(root, 'out', 'whole'), formats: ['nnunet', 'monai', 'npy', 'cubes', 'seg', 'nifti', 'nrrd'], scans: 'all', select: 'all', negatives: true, cubeMm: 32, workers: 2, ...o });

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-export-all-'));
    await writeTestDataset(path.join(root, 'ds'));
    runtime = createRuntime({ dataDir: path.join(root, 'data'), host: 'browser', version: '0.0.0-test' });
    await reviewTestIndex(runtime.service, path.join(root, 'ds'));
    whole = await runtime.service.startExport(options({})).done;
  }, 600_000);

  afterAll(() => {
    runtime?.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('writes every case in every format, and the manifest gives each voxel file the affine of its own grid', () => {
    expect(whole.failed).toEqual([]);
    expect(whole.casesWritten).toBe(8);
    const m = JSON.parse(fs.readFileSync(whole.manifest, 'utf8')) as { cases: { caseId: string; sourceFormat: string; scanVoxelToWorld: number[]; files: ManifestFile[]; notes: string[] }[]; files: ManifestFile[] };
    const roles = new Set(m.cases.flatMap((c) => c.files.map((f) => f.role)));
    for (const r of ['image', 'label', 'cube', 'cube-mask', 'seg', 'meta']) expect(roles, r).toContain(r);
    expect(m.files.map((f) => f.path)).toEqual(expect.arrayContaining(['cubes/index.csv']));
    for (const c of m.cases) {
      for (const f of c.files) {
        if (/\.(nii\.gz|nrrd)$/.test(f.path) || f.path.endsWith('/hu.npy')) expect(f.voxelToWorld, f.path).toEqual(c.scanVoxelToWorld);
        if (f.role === 'cube' || f.role === 'cube-mask') expect(f.voxelToWorld![0], f.path).toBeCloseTo(1, 9); // 1 mm cube steps
        if (/\/(resampled|segmented|lungmask_dilated)\.npy$/.test(f.path)) expect(f.voxelToWorld![0], f.path).toBeLessThan(1.01);
        if (f.role === 'seg' || f.role === 'meta') expect(f.voxelToWorld, f.path).toBeNull();
      }
      if (c.sourceFormat !== 'dicom') expect(c.notes.join()).toMatch(/no DICOM SEG, the scan is a MetaImage/);
    }
    expect(m.cases.filter((c) => c.sourceFormat === 'metaimage')).toHaveLength(1);
  });

  it('gives the same bytes in shards merged as in one run', async () => {
    for (const index of [1, 2, 3]) await runtime.service.startExport(options({ outDir: path.join(root, 'out', 'sharded'), shard: { index, count: 3 } })).done;
    await mergeShards(path.join(root, 'out', 'sharded'), directContext());
    expect(treeHashes(path.join(root, 'out', 'sharded'), (p) => p.startsWith('manifest.shard-'))).toEqual(treeHashes(path.join(root, 'out', 'whole')));
  }, 600_000);
});
