import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createRuntime } from '../../../electron/app/runtime';
import { writeMaskExport } from '../../../electron/core/io/write/nifti-mask-writer';
import { writeNifti } from '../../../electron/core/io/write/nifti-nrrd-writer';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-import-labelmaps-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('opening an exported nnU-Net dataset', () => {
  it("opens each image as a scan with its labelsTr file as an 'imported' mask named from dataset.json, once however often it is re-indexed", async () => {
    const ds = path.join(root, 'Dataset501_LungDesk');
    const dims: [number, number, number] = [12, 10, 6];
    const g = { dims, spacing: [0.8, 0.8, 2] as [number, number, number], origin: [-5, 7, -40] as [number, number, number], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] };
    const n = dims[0] * dims[1] * dims[2];
    fs.mkdirSync(path.join(ds, 'imagesTr'), { recursive: true });
    fs.writeFileSync(path.join(ds, 'dataset.json'), JSON.stringify({ channel_names: { 0: 'CT' }, labels: { background: 0, lung: 1, nodule: 2 }, numTraining: 1, file_ending: '.nii.gz' }));
    const label = Uint8Array.from({ length: n }, (_, i) => (i % 7 === 0 ? 1 : i % 11 === 0 ? 2 : 0));
    await writeNifti({ ...g, voxels: Int16Array.from({ length: n }, (_, i) => (i % 40) - 900) }, path.join(ds, 'imagesTr', 'P1_s01_0000.nii.gz'));
    await writeMaskExport(label, g, path.join(ds, 'labelsTr', 'P1_s01.nii.gz'));

    const rt = createRuntime({ dataDir: path.join(root, 'data'), host: 'browser', version: '0.0.0-test' });
    try {
      const imp = rt.service.importDataset(ds);
      await imp.done;
      const [scan, ...others] = rt.service.listScans(imp.datasetId);
      expect(others).toEqual([]);
      const versions = await rt.service.handlers.listMaskVersions({ scanId: scan!.id });
      expect(versions).toHaveLength(1);
      const v = versions[0]!;
      expect(v).toMatchObject({ kind: 'imported', parentId: null, note: 'imported from labelsTr/P1_s01.nii.gz', tools: ['import'] });
      expect(v.labels).toEqual([
        { value: 1, name: 'lung', kind: 'lung' },
        { value: 2, name: 'nodule', kind: 'nodule' },
      ]);
      expect(Array.from((await rt.service.handlers.getMask({ maskId: v.id })).voxels)).toEqual(Array.from(label));

      fs.writeFileSync(path.join(ds, 'notes.txt'), 'changed'); // a re-index that reads the folder again
      await rt.service.importDataset(ds).done;
      expect(await rt.service.handlers.listMaskVersions({ scanId: scan!.id })).toHaveLength(1);
    } finally {
      rt.close();
    }
  }, 60_000);
});
