import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportOptionsInput } from '../../../../electron/common/contract/export';
import type { CaseExporter, ExportCase, ExportedFile } from '../../../../electron/core/export/case-model';
import { MONAI_DATALIST, monaiExporter, type MonaiDatalist } from '../../../../electron/core/export/monai';
import { niftiExporter } from '../../../../electron/core/export/nifti';
import { nnunetExporter } from '../../../../electron/core/export/nnunet';
import { exportContext, GRIDS, makeExportCase } from '../../../helpers/export-case';
import { nibabelMissing } from '../../../helpers/nibabel-judge';
import { PYTHON } from '../../../phantom/python-oracle';

const missing = nibabelMissing();

let root: string;
beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-exp-monai-'));
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const EXPORTERS: Record<string, CaseExporter> = { nnunet: nnunetExporter, nifti: niftiExporter, monai: monaiExporter };

/** Runs the asked-for exporters over the cases as the runner would; returns each format's files. */
async function runExport(outDir: string, cases: ExportCase[], options: Omit<ExportOptionsInput, 'outDir'>): Promise<Record<string, ExportedFile[]>> {
  const ctx = exportContext(outDir, options);
  const out: Record<string, ExportedFile[]> = {};
  for (const format of ctx.options.formats) {
    const exporter = EXPORTERS[format]!;
    const done: { plan: ExportCase['plan']; files: ExportedFile[] }[] = [];
    for (const c of cases) done.push({ plan: c.plan, files: await exporter.writeCase(c, ctx) });
    out[format] = [...done.flatMap((d) => d.files), ...((await exporter.finish?.(done, ctx)) ?? [])];
  }
  return out;
}

const readDatalist = (outDir: string): MonaiDatalist => JSON.parse(fs.readFileSync(path.join(outDir, MONAI_DATALIST), 'utf8')) as MonaiDatalist;

/**
 * Resolves the datalist as monai.data.load_decathlon_datalist does (image and label joined to
 * the datalist's folder, normpath) and loads each pair with nibabel.
 */
function loadWithDecathlonRules(outDir: string): { keys: string[]; items: Record<string, { image: string; label: string; fold: number | null; shapes: number[][] }[]> } {
  const script = String.raw`
import json, os, sys
import nibabel as nib
f = sys.argv[1]
d = json.load(open(f))
base = os.path.dirname(f)
items = {}
for key in ('training', 'validation', 'test'):
    items[key] = []
    for it in d[key]:
        paths = [os.path.normpath(os.path.join(base, it[k])) for k in ('image', 'label')]
        shapes = [list(nib.load(p).shape) for p in paths]
        items[key].append(dict(image=it['image'], label=it['label'], fold=it.get('fold'), shapes=shapes))
print(json.dumps(dict(keys=list(d.keys()), items=items)))
`;
  const r = spawnSync(PYTHON, ['-c', script, path.join(outDir, MONAI_DATALIST)], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`python failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as ReturnType<typeof loadWithDecathlonRules>;
}

const ratioCases = [
  makeExportCase({ caseId: 'M_2', split: 'validation', geometry: GRIDS.axial }),
  makeExportCase({ caseId: 'M_1', split: 'train', geometry: GRIDS.oblique }),
  makeExportCase({ caseId: 'M_3', split: 'test', geometry: GRIDS.oblique }),
];
const ratio = { kind: 'ratio', train: 60, validation: 20, test: 20 } as const;

describe('MONAI datalist', () => {
  it.skipIf(missing)('alone: writes nifti/{case}/image.nii.gz + label.nii.gz itself and lists them by split, relative to the export folder', async () => {
    const out = path.join(root, 'alone');
    const files = await runExport(out, ratioCases, { formats: ['monai'], split: ratio });
    expect(files.monai!.map((f) => f.path)).toEqual([
      'nifti/M_2/image.nii.gz', 'nifti/M_2/label.nii.gz', 'nifti/M_1/image.nii.gz', 'nifti/M_1/label.nii.gz', 'nifti/M_3/image.nii.gz', 'nifti/M_3/label.nii.gz', 'datalist.json',
    ]);
    const d = loadWithDecathlonRules(out);
    expect(d.keys).toEqual(['name', 'description', 'labels', 'training', 'validation', 'test']);
    expect(d.items.training).toEqual([{ image: 'nifti/M_1/image.nii.gz', label: 'nifti/M_1/label.nii.gz', fold: null, shapes: [[7, 6, 5], [7, 6, 5]] }]);
    expect(d.items.validation).toEqual([{ image: 'nifti/M_2/image.nii.gz', label: 'nifti/M_2/label.nii.gz', fold: null, shapes: [[6, 5, 4], [6, 5, 4]] }]);
    expect(d.items.test!.map((i) => i.image)).toEqual(['nifti/M_3/image.nii.gz']);
    expect(readDatalist(out).labels).toEqual({ '0': 'background', '1': 'lung', '2': 'nodule' });
  });

  it.skipIf(missing)('with nnU-Net: writes no volume and points at nnU-Net\'s imagesTr/labelsTr (test cases at imagesTs/labelsTs)', async () => {
    const out = path.join(root, 'with-nnunet');
    const files = await runExport(out, ratioCases, { formats: ['nnunet', 'monai'], split: ratio, nnunetId: 12, datasetName: 'Chest' });
    expect(files.monai!.map((f) => f.path)).toEqual(['datalist.json']);
    const d = loadWithDecathlonRules(out);
    expect(d.items.training!.map((i) => [i.image, i.label])).toEqual([['Dataset012_Chest/imagesTr/M_1_0000.nii.gz', 'Dataset012_Chest/labelsTr/M_1.nii.gz']]);
    expect(d.items.validation!.map((i) => i.image)).toEqual(['Dataset012_Chest/imagesTr/M_2_0000.nii.gz']);
    expect(d.items.test!.map((i) => [i.image, i.label])).toEqual([['Dataset012_Chest/imagesTs/M_3_0000.nii.gz', 'Dataset012_Chest/labelsTs/M_3.nii.gz']]);
  });

  it('with the NIfTI format: writes no volume and points at its files', async () => {
    const out = path.join(root, 'with-nifti');
    const files = await runExport(out, ratioCases, { formats: ['nifti', 'monai'], split: ratio });
    expect(files.monai!.map((f) => f.path)).toEqual(['datalist.json']);
    for (const item of [...readDatalist(out).training, ...readDatalist(out).validation, ...readDatalist(out).test]) {
      expect(fs.existsSync(path.join(out, item.image)), item.image).toBe(true);
      expect(fs.existsSync(path.join(out, item.label)), item.label).toBe(true);
    }
  });

  it('with k folds: every case in "training" with the fold it validates in, "validation" and "test" empty', async () => {
    const cases = [2, 0, 1, 0].map((f, i) => makeExportCase({ caseId: `K_${i}`, split: `fold-${f}`, fold: f, geometry: GRIDS.axial }));
    const out = path.join(root, 'folds');
    await runExport(out, cases, { formats: ['monai'], split: { kind: 'folds', k: 3 } });
    const d = readDatalist(out);
    expect(d.training.map((i) => [i.image, i.fold])).toEqual([
      ['nifti/K_0/image.nii.gz', 2],
      ['nifti/K_1/image.nii.gz', 0],
      ['nifti/K_2/image.nii.gz', 1],
      ['nifti/K_3/image.nii.gz', 0],
    ]);
    expect(d.validation).toEqual([]);
    expect(d.test).toEqual([]);
  });

  it('names labels by value and leaves lung out when its value is 0', async () => {
    const out = path.join(root, 'labels');
    await runExport(out, [makeExportCase({ caseId: 'L', lung: 0, nodule: 3 })], { formats: ['monai'], labels: { lung: 0, nodule: 3 } });
    expect(readDatalist(out).labels).toEqual({ '0': 'background', '3': 'nodule' });
  });

  it('writes byte-identical files when the export runs again', async () => {
    const a = await runExport(path.join(root, 'det-a'), ratioCases, { formats: ['monai'], split: ratio });
    const b = await runExport(path.join(root, 'det-b'), [...ratioCases].reverse(), { formats: ['monai'], split: ratio });
    const sorted = (fs_: ExportedFile[]): string[] => fs_.map((f) => `${f.path} ${f.sha256}`).sort();
    expect(sorted(b.monai!)).toEqual(sorted(a.monai!));
  });
});
