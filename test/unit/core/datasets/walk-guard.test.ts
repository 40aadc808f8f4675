import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectDatasetLayout, indexDataset } from '../../../../electron/core/datasets';
import { pairNnunetLabelmaps } from '../../../../electron/core/datasets/nnunet-labelmaps';
import { walkTree } from '../../../../electron/core/datasets/walk-tree';
import { listFiles } from '../../../../electron/core/io/dicom/series';
import { writeNifti } from '../../../../electron/core/io/write/nifti-nrrd-writer';

// Issue 15 "Nothing escapes its folder": a dataset walk follows no link out of its root,
// ends on link loops, and stops at its file budget.
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-walk-guard-'));
const ds = path.join(tmp, 'dataset');
const sibling = path.join(tmp, 'sibling');
afterAll(() => (process.env.KEEP ? undefined : fs.rmSync(tmp, { recursive: true, force: true })));

const dims: [number, number, number] = [6, 5, 4];
const image = (file: string) =>
  writeNifti({ dims, spacing: [1, 1, 2], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], voxels: new Int16Array(6 * 5 * 4).fill(-1000) }, file);

beforeAll(async () => {
  fs.mkdirSync(path.join(ds, 'scans', 'deep'), { recursive: true });
  fs.mkdirSync(sibling, { recursive: true });
  await image(path.join(ds, 'scans', 'a.nii.gz'));
  await image(path.join(ds, 'scans', 'deep', 'b.nii.gz'));
  await image(path.join(sibling, 'outside.nii.gz'));
  fs.symlinkSync('/', path.join(ds, 'to-root'));
  fs.symlinkSync(sibling, path.join(ds, 'to-sibling'));
  fs.symlinkSync(path.join(sibling, 'outside.nii.gz'), path.join(ds, 'scans', 'outside-link.nii.gz'));
  fs.symlinkSync('..', path.join(ds, 'scans', 'deep', 'loop-up'));
  fs.symlinkSync(path.join(ds, 'scans'), path.join(ds, 'scans', 'deep', 'loop-abs'));
  fs.symlinkSync(path.join(ds, 'scans', 'deep'), path.join(ds, 'z-inside-link'));
});

describe('dataset walks stay inside the dataset folder', () => {
  it('listFiles does not follow a link to /, to a sibling folder or to a file outside, and ends on link loops', async () => {
    const files = await listFiles(ds);
    const rel = files.map((f) => path.relative(ds, f)).sort();
    expect(rel).toEqual([path.join('scans', 'a.nii.gz'), path.join('scans', 'deep', 'b.nii.gz')]);
  });

  it('walkTree names the links out of the root in `outside` and lists each real folder once', async () => {
    const walk = await walkTree(ds);
    expect(walk.outside.map((p) => path.relative(ds, p)).sort()).toEqual(['scans/outside-link.nii.gz', 'to-root', 'to-sibling']);
    const files = [...walk.dirs.values()].flatMap((d) => d.files.map((f) => path.join(d.path, f)));
    // Breadth first: scans/deep is met first as z-inside-link (depth 1), then not again.
    expect(files.map((f) => path.relative(ds, f)).sort()).toEqual(['scans/a.nii.gz', 'z-inside-link/b.nii.gz']);
    expect(walk.truncated).toBe(false);
  });

  it('follows a link that stays inside the root (its folder is listed once, under the first path met)', async () => {
    const other = path.join(tmp, 'via-link');
    fs.mkdirSync(other);
    fs.mkdirSync(path.join(other, 'real'));
    await image(path.join(other, 'real', 'c.nii.gz'));
    fs.symlinkSync(path.join(other, 'real'), path.join(other, 'alias'));
    const files = await listFiles(other);
    expect(files.map((f) => path.relative(other, f))).toEqual(['alias/c.nii.gz']);
  });

  it('indexDataset indexes the two scans inside and warns about the links it did not follow', async () => {
    const index = await indexDataset(ds, []);
    expect(index.series.map((s) => path.basename(s.files[0]!)).sort()).toEqual(['a.nii.gz', 'b.nii.gz']);
    expect(index.warnings.join('\n')).toMatch(/3 symbolic link\(s\) lead outside the dataset folder and were not followed/);
    const layout = await detectDatasetLayout(ds);
    expect(layout.evidence.join('\n')).toContain('to-root is a symbolic link out of the dataset folder: not followed');
  });

  it('a dataset that is itself reached through a link is walked inside its real folder', async () => {
    const alias = path.join(tmp, 'dataset-alias');
    fs.symlinkSync(ds, alias);
    const files = await listFiles(alias);
    expect(files.map((f) => path.relative(alias, f)).sort()).toEqual(['scans/a.nii.gz', 'scans/deep/b.nii.gz']);
  });
});

describe('a dataset walk has a file budget', () => {
  let many: string;
  beforeAll(() => {
    many = path.join(tmp, 'many');
    fs.mkdirSync(path.join(many, 'sub'), { recursive: true });
    for (let i = 0; i < 30; i++) fs.writeFileSync(path.join(many, i < 15 ? '' : 'sub', `f${i}.txt`), 'x');
  });

  it('listFiles stops past the budget with dataset.too-many-files, saying how many it counted and the budget', async () => {
    await expect(listFiles(many, undefined, { fileBudget: 10 })).rejects.toMatchObject({
      code: 'dataset.too-many-files',
      file: many,
      detail: { count: 11, budget: 10 },
    });
  });

  it('walkTree stops at the same budget', async () => {
    await expect(walkTree(many, { fileBudget: 10 })).rejects.toMatchObject({ code: 'dataset.too-many-files', detail: { count: 11, budget: 10 } });
  });

  it('indexDataset stops at the budget, and goes on with a larger one', async () => {
    await expect(indexDataset(ds, [], undefined, { fileBudget: 1 })).rejects.toMatchObject({ code: 'dataset.too-many-files', detail: { budget: 1 } });
    const index = await indexDataset(ds, [], undefined, { fileBudget: 100 });
    expect(index.series).toHaveLength(2);
    expect((await listFiles(many, undefined, { fileBudget: 30 })).length).toBe(30);
  });
});

describe('files a dataset names are read inside it', () => {
  it('an nnU-Net dataset.json that links out of its folder is not read (the labels stay unnamed)', () => {
    const nn = path.join(tmp, 'Dataset001');
    fs.mkdirSync(path.join(nn, 'labelsTr'), { recursive: true });
    fs.writeFileSync(path.join(sibling, 'dataset.json'), JSON.stringify({ labels: { background: 0, secret: 1 } }));
    fs.symlinkSync(path.join(sibling, 'dataset.json'), path.join(nn, 'dataset.json'));
    const image = path.join(nn, 'imagesTr', 'c_0000.nii.gz');
    const [lm] = pairNnunetLabelmaps([path.join(nn, 'labelsTr', 'c.nii.gz')], new Set([image]));
    expect(lm?.labels).toEqual([]);
  });
});
