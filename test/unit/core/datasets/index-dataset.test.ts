import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { indexDataset } from '../../../../electron/core/datasets';
import { writeMaskExport } from '../../../../electron/core/io/write/nifti-mask-writer';
import { writeNifti } from '../../../../electron/core/io/write/nifti-nrrd-writer';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-index-nnunet-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('indexing an exported nnU-Net dataset', () => {
  it('lists the images of imagesTr as scans and leaves the labelmaps of labelsTr out, saying so', async () => {
    const ds = path.join(root, 'Dataset501_LungDesk');
    const dims: [number, number, number] = [8, 6, 4];
    const geometry = { dims, spacing: [0.7, 0.7, 2.5] as [number, number, number], origin: [-10, 20, -30] as [number, number, number], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] };
    const n = dims[0] * dims[1] * dims[2];
    fs.mkdirSync(path.join(ds, 'imagesTr'), { recursive: true });
    fs.writeFileSync(path.join(ds, 'dataset.json'), JSON.stringify({ channel_names: { 0: 'CT' }, labels: { background: 0, lung: 1, nodule: 2 }, numTraining: 2, file_ending: '.nii.gz' }));
    for (const c of ['case_a', 'case_b']) {
      await writeNifti({ ...geometry, voxels: Int16Array.from({ length: n }, (_, i) => (i % 50) - 1000) }, path.join(ds, 'imagesTr', `${c}_0000.nii.gz`));
      await writeMaskExport(Uint8Array.from({ length: n }, (_, i) => i % 3), geometry, path.join(ds, 'labelsTr', `${c}.nii.gz`));
    }
    const index = await indexDataset(ds, []);
    expect(index.series.map((s) => path.basename(s.files[0]!)).sort()).toEqual(['case_a_0000.nii.gz', 'case_b_0000.nii.gz']);
    expect(index.warnings.join('\n')).toMatch(/2 nnU-Net label file\(s\)/);
    expect(index.layout.displayName).toBe('nnU-Net dataset (2 image files)');
  });
});
