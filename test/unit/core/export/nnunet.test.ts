import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportOptionsInput } from '../../../../electron/common/contract/export';
import type { ExportCase, ExportedFile } from '../../../../electron/core/export/case-model';
import { nnunetExporter, nnunetLabels, nnunetSplits } from '../../../../electron/core/export/nnunet';
import { demoScanPlans, generateChestPhantom } from '../../../../electron/core/phantom';
import { voxelToWorld, worldToVoxel } from '../../../../electron/core/volume/volume';
import { exportContext, GRIDS, makeExportCase, rasCorners, rasPoints } from '../../../helpers/export-case';
import { judgeImages, nibabelMissing } from '../../../helpers/nibabel-judge';
import { judgeNnunetDataset } from '../../../helpers/nnunet-judge';

const missing = nibabelMissing();
const sha = (a: Int16Array | Uint8Array): string => createHash('sha256').update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength)).digest('hex');
const fileSha = (f: string): string => createHash('sha256').update(fs.readFileSync(f)).digest('hex');
const readJson = (f: string): unknown => JSON.parse(fs.readFileSync(f, 'utf8'));

let root: string;
beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-exp-nnunet-'));
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** Writes every case and the dataset files; returns all files, per case then finish. */
async function exportNnunet(outDir: string, cases: ExportCase[], options: Omit<ExportOptionsInput, 'outDir'>): Promise<ExportedFile[]> {
  const ctx = exportContext(outDir, options);
  const done: { plan: ExportCase['plan']; files: ExportedFile[] }[] = [];
  for (const c of cases) done.push({ plan: c.plan, files: await nnunetExporter.writeCase(c, ctx) });
  return [...done.flatMap((d) => d.files), ...(await nnunetExporter.finish!(done, ctx))];
}

describe('nnU-Net v2 exporter, ratio split', () => {
  // Given out of order: the dataset files list cases sorted by id whatever order they finish in.
  const cases = [
    makeExportCase({ caseId: 'LD_0003', split: 'validation', geometry: GRIDS.axial }),
    makeExportCase({ caseId: 'LD_0001', split: 'train', geometry: GRIDS.oblique }),
    makeExportCase({ caseId: 'LD_0004', split: 'test', geometry: GRIDS.oblique }),
    makeExportCase({ caseId: 'LD_0002', split: 'train', geometry: GRIDS.tilted }),
  ];
  const options: Omit<ExportOptionsInput, 'outDir'> = { formats: ['nnunet'], split: { kind: 'ratio', train: 60, validation: 20, test: 20 }, nnunetId: 7, datasetName: 'Lung' };
  let out: string;
  let files: ExportedFile[];
  beforeAll(async () => {
    out = path.join(root, 'ratio');
    files = await exportNnunet(out, cases, options);
  });

  it('lays out Dataset007_Lung with imagesTr/{case}_0000, labelsTr/{case}, test cases in imagesTs/labelsTs, dataset.json and splits_final.json', () => {
    expect(files.map((f) => `${f.role} ${f.path}`)).toEqual([
      'image Dataset007_Lung/imagesTr/LD_0003_0000.nii.gz',
      'label Dataset007_Lung/labelsTr/LD_0003.nii.gz',
      'image Dataset007_Lung/imagesTr/LD_0001_0000.nii.gz',
      'label Dataset007_Lung/labelsTr/LD_0001.nii.gz',
      'image Dataset007_Lung/imagesTs/LD_0004_0000.nii.gz',
      'label Dataset007_Lung/labelsTs/LD_0004.nii.gz',
      'image Dataset007_Lung/imagesTr/LD_0002_0000.nii.gz',
      'label Dataset007_Lung/labelsTr/LD_0002.nii.gz',
      'meta Dataset007_Lung/dataset.json',
      'meta Dataset007_Lung/splits_final.json',
    ]);
    for (const f of files) expect(fileSha(path.join(out, f.path))).toBe(f.sha256);
  });

  it('writes dataset.json in nnU-Net v2 form: channel_names {"0": "CT"}, labels name → value from background 0, numTraining = cases in imagesTr, file_ending .nii.gz', () => {
    const ds = readJson(path.join(out, 'Dataset007_Lung/dataset.json')) as Record<string, unknown>;
    expect(Object.keys(ds).slice(0, 4)).toEqual(['channel_names', 'labels', 'numTraining', 'file_ending']);
    expect(ds.channel_names).toEqual({ '0': 'CT' });
    expect(ds.labels).toEqual({ background: 0, lung: 1, nodule: 2 });
    expect(ds.numTraining).toBe(3);
    expect(ds.file_ending).toBe('.nii.gz');
    expect(ds.name).toBe('Lung');
  });

  it('writes splits_final.json as one fold: train = the train cases, val = the validation cases (test cases in neither)', () => {
    expect(readJson(path.join(out, 'Dataset007_Lung/splits_final.json'))).toEqual([{ train: ['LD_0001', 'LD_0002'], val: ['LD_0003'] }]);
  });

  it.skipIf(missing)("passes nnU-Net's dataset checks (verify_dataset_integrity, redone with nibabel)", () => {
    const v = judgeNnunetDataset(path.join(out, 'Dataset007_Lung'));
    expect(v.errors).toEqual([]);
    expect(v.training).toEqual(['LD_0001', 'LD_0002', 'LD_0003']);
    expect(v.imagesTs).toEqual(['LD_0004']);
    expect(v.labelsTs).toEqual(['LD_0004']);
  });

  it.skipIf(missing)('(the checks bite: a missing label file and a gap in the labels are reported)', () => {
    const broken = path.join(root, 'ratio-broken');
    fs.cpSync(path.join(out, 'Dataset007_Lung'), broken, { recursive: true });
    fs.rmSync(path.join(broken, 'labelsTr/LD_0002.nii.gz'));
    const ds = readJson(path.join(broken, 'dataset.json')) as { labels: Record<string, number> };
    fs.writeFileSync(path.join(broken, 'dataset.json'), JSON.stringify({ ...ds, labels: { background: 0, lung: 1, nodule: 3 } }));
    const errors = judgeNnunetDataset(broken).errors;
    expect(errors).toContain('labels not consecutive from 0: [0, 1, 3]');
    expect(errors).toContain('no label for LD_0002');
    expect(errors).toContain('LD_0001: unexpected label values [2]');
  });

  it.skipIf(missing)('images load in nibabel as int16 HU and labels as uint8, equal to the case, with affines on the scan grid within 0.01 mm', () => {
    const images = files.filter((f) => f.role === 'image' || f.role === 'label');
    const caseOf = (p: string): ExportCase => cases.find((c) => path.basename(p).startsWith(c.plan.caseId))!;
    const results = judgeImages(images.map((f) => ({ file: path.join(out, f.path), points: rasPoints(caseOf(f.path).volume) })));
    for (const [n, r] of results.entries()) {
      const c = caseOf(images[n]!.path);
      const isLabel = images[n]!.role === 'label';
      expect(r.dtype).toBe(isLabel ? 'uint8' : 'int16');
      expect(r.sha256).toBe(isLabel ? sha(c.labelmap) : sha(c.volume.voxels));
      expect(r.maxErrorMm, r.file).toBeLessThan(0.01);
    }
  });

  it('writes byte-identical files when the export runs again, whatever order the cases finish in', async () => {
    const again = await exportNnunet(path.join(root, 'ratio-again'), [...cases].reverse(), options);
    const byPath = new Map(again.map((f) => [f.path, f.sha256]));
    expect(byPath.size).toBe(files.length);
    for (const f of files) expect(byPath.get(f.path), f.path).toBe(f.sha256);
  });
});

describe('nnU-Net v2 exporter, k folds', () => {
  it.skipIf(missing)('writes one splits_final.json entry per fold, validating on that fold\'s cases and training on the rest', async () => {
    const folds = [0, 1, 2, 0, 1];
    const cases = folds.map((f, i) => makeExportCase({ caseId: `F_${i}`, split: `fold-${f}`, fold: f, geometry: GRIDS.axial }));
    const out = path.join(root, 'folds');
    await exportNnunet(out, cases, { formats: ['nnunet'], split: { kind: 'folds', k: 3 } });
    const dir = path.join(out, 'Dataset501_LungDesk');
    expect(readJson(path.join(dir, 'splits_final.json'))).toEqual([
      { train: ['F_1', 'F_2', 'F_4'], val: ['F_0', 'F_3'] },
      { train: ['F_0', 'F_2', 'F_3'], val: ['F_1', 'F_4'] },
      { train: ['F_0', 'F_1', 'F_3', 'F_4'], val: ['F_2'] },
    ]);
    expect((readJson(path.join(dir, 'dataset.json')) as { numTraining: number }).numTraining).toBe(5);
    expect(judgeNnunetDataset(dir).errors).toEqual([]);
  });

  it('keeps every requested fold even when one has no case yet', () => {
    const s = nnunetSplits([{ caseId: 'a', split: 'fold-0', fold: 0 }], { kind: 'folds', k: 2 });
    expect(s).toEqual([{ train: [], val: ['a'] }, { train: ['a'], val: [] }]);
  });
});

describe('nnU-Net v2 labels', () => {
  it('leaves lung out of dataset.json when its value is 0 (lung voxels are background)', () => {
    expect(nnunetLabels({ lung: 0, nodule: 1 })).toEqual({ background: 0, nodule: 1 });
  });

  it('orders labels by value when nodule comes first', () => {
    expect(Object.entries(nnunetLabels({ lung: 2, nodule: 1 }))).toEqual([['background', 0], ['nodule', 1], ['lung', 2]]);
  });

  it('refuses values with a gap, which nnU-Net rejects (contract.bad-input), before writing any file', async () => {
    expect(() => nnunetLabels({ lung: 0, nodule: 2 })).toThrow(/without gaps/);
    const out = path.join(root, 'gap');
    const ctx = exportContext(out, { formats: ['nnunet'], labels: { lung: 1, nodule: 3 } });
    await expect(nnunetExporter.writeCase(makeExportCase({ caseId: 'g', lung: 1, nodule: 3 }), ctx)).rejects.toMatchObject({ code: 'contract.bad-input' });
    expect(fs.existsSync(out)).toBe(false);
  });

  it.skipIf(missing)('exports a nodule-only labelmap (lung 0, nodule 1) that passes nnU-Net\'s checks', async () => {
    const out = path.join(root, 'nodule-only');
    await exportNnunet(out, [makeExportCase({ caseId: 'N_1', lung: 0, nodule: 1 })], { formats: ['nnunet'], labels: { lung: 0, nodule: 1 }, split: { kind: 'ratio', train: 100, validation: 0, test: 0 } });
    const dir = path.join(out, 'Dataset501_LungDesk');
    expect((readJson(path.join(dir, 'dataset.json')) as { labels: unknown }).labels).toEqual({ background: 0, nodule: 1 });
    expect(judgeNnunetDataset(dir).errors).toEqual([]);
  });
});

describe('nnU-Net v2 exporter on a full-size scan', () => {
  it.skipIf(missing)('exports the third demo scan (512×512×124, 0.66 mm) with its lungs and nodules, read back by nibabel voxel for voxel on the scan grid', async () => {
    const spec = demoScanPlans()[2]!.spec;
    const { volume, nodules } = generateChestPhantom({ ...spec, noiseHu: 12 });
    const [nx, ny, nz] = volume.dims;
    // Lung by its HU (the phantom's parenchyma is −850), nodules as their spheres, nodules winning.
    const labelmap = new Uint8Array(nx * ny * nz);
    volume.voxels.forEach((v, i) => {
      if (v > -950 && v < -600) labelmap[i] = 1;
    });
    for (const n of nodules) {
      const [ci, cj, ck] = worldToVoxel(volume, n.center);
      const r = n.diameterMm / 2;
      const lo = (c: number, a: number): number => Math.max(0, Math.floor(c - r / volume.spacing[a]!));
      const hi = (c: number, a: number): number => Math.min(volume.dims[a]! - 1, Math.ceil(c + r / volume.spacing[a]!));
      for (let z = lo(ck, 2); z <= hi(ck, 2); z++) {
        for (let y = lo(cj, 1); y <= hi(cj, 1); y++) {
          for (let x = lo(ci, 0); x <= hi(ci, 0); x++) {
            const p = voxelToWorld(volume, [x, y, z]);
            if (Math.hypot(p[0] - n.center[0], p[1] - n.center[1], p[2] - n.center[2]) <= r) labelmap[x + nx * (y + ny * z)] = 2;
          }
        }
      }
    }
    const base = makeExportCase({ caseId: 'LDEMO_003' });
    const c: ExportCase = { ...base, plan: { ...base.plan, geometry: { dims: volume.dims, spacing: volume.spacing, origin: volume.origin, direction: volume.direction } }, volume, labelmap };
    const out = path.join(root, 'phantom');
    const files = await exportNnunet(out, [c], { formats: ['nnunet'], split: { kind: 'ratio', train: 100, validation: 0, test: 0 } });
    const results = judgeImages(files.filter((f) => f.role !== 'meta').map((f) => ({ file: path.join(out, f.path), points: rasCorners(volume) })));
    expect(results.map((r) => [r.dtype, r.shape])).toEqual([['int16', [nx, ny, nz]], ['uint8', [nx, ny, nz]]]);
    expect(results[0]!.sha256).toBe(sha(volume.voxels));
    expect(results[1]!.sha256).toBe(sha(labelmap));
    for (const r of results) expect(r.maxErrorMm).toBeLessThan(0.01);
    expect(labelmap.includes(1) && labelmap.includes(2)).toBe(true);
  });
});
