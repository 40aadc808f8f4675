import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { detectDatasetLayout } from '../../../../electron/core/datasets';
import { SHARED_DATA } from '../../../helpers/shared-data';

const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-layout-'));
afterAll(() => fs.rmSync(tmpRoot, { recursive: true, force: true }));

const UID = (n: number): string => `1.3.6.1.4.1.14519.5.2.1.6279.6001.${100225287222365663678666836860n + BigInt(n)}`;
const HEX = (n: number): string => n.toString(16).padStart(32, '0');
const LIDC_XML = '<?xml version="1.0" encoding="UTF-8"?>\n<LidcReadMessage uid="1.3.6.1.4.1.14519.5.2.1.6279.6001.1" xmlns="http://www.nih.gov">\n';
const DICM = Buffer.concat([Buffer.alloc(128), Buffer.from('DICM'), Buffer.alloc(16)]);

let n = 0;
/** Builds a tree from { 'rel/path': contents }; a path ending in '/' is an empty folder. */
function tree(files: Record<string, string | Buffer>): string {
  const root = path.join(tmpRoot, `t${n++}`);
  for (const [rel, body] of Object.entries(files)) {
    const p = path.join(root, rel);
    if (rel.endsWith('/')) {
      fs.mkdirSync(p, { recursive: true });
      continue;
    }
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, body);
  }
  return root;
}

function dsbFiles(stage: string, patients: number): Record<string, string> {
  const out: Record<string, string> = {};
  for (let p = 0; p < patients; p++) for (let s = 0; s < 3; s++) out[`${stage}/${HEX(p + 1)}/${HEX(100 + s)}.dcm`] = '';
  return out;
}

describe('detectDatasetLayout on synthetic trees', () => {
  it('recognises Kaggle DSB2017: stage1/<patient>/*.dcm and stage1_labels.csv', async () => {
    const root = tree({ ...dsbFiles('stage1', 3), 'stage1_labels.csv': 'id,cancer\r\n', 'stage1_sample_submission.csv': 'id,cancer\n' });
    const l = await detectDatasetLayout(root);
    expect(l.kind).toBe('kaggle-dsb2017');
    expect(l.imageRoots).toEqual([path.join(root, 'stage1')]);
    expect(l.annotationFiles).toEqual([{ kind: 'dsb-labels', path: path.join(root, 'stage1_labels.csv') }]);
    expect(l.displayName).toBe('Kaggle DSB2017 (stage1: 3 patients, stage1_labels.csv)');
    expect(l.evidence.join('\n')).toContain('predictions (a submission)');
  });

  it('recognises DSB2017 sample_images alone, and a folder of 32-hex patient folders given as the root', async () => {
    const a = await detectDatasetLayout(tree(dsbFiles('sample_images', 2)));
    expect(a.kind).toBe('kaggle-dsb2017');
    const stageRoot = tree(dsbFiles('.', 4));
    const b = await detectDatasetLayout(stageRoot);
    expect(b.kind).toBe('kaggle-dsb2017');
    expect(b.imageRoots).toEqual([stageRoot]);
  });

  it('recognises LUNA16: subset0..2 of .mhd/.raw, CSVs in CSVFILES and evaluationScript/annotations, lung masks apart', async () => {
    const files: Record<string, string> = {
      'CSVFILES/annotations.csv': 'seriesuid,coordX,coordY,coordZ,diameter_mm\n',
      'CSVFILES/candidates_V2.csv': 'seriesuid,coordX,coordY,coordZ,class\n',
      'evaluationScript/annotations/annotations_excluded.csv': 'seriesuid,coordX,coordY,coordZ,diameter_mm\n',
      'evaluationScript/annotations/seriesuids.csv': `${UID(1)}\n${UID(2)}\n`,
      [`seg-lungs-LUNA16/${UID(1)}.mhd`]: '',
      [`seg-lungs-LUNA16/${UID(1)}.zraw`]: '',
    };
    for (let s = 0; s < 3; s++) for (let k = 0; k < 2; k++) {
      files[`subset${s}/${UID(s * 10 + k)}.mhd`] = '';
      files[`subset${s}/${UID(s * 10 + k)}.raw`] = '';
    }
    const root = tree(files);
    const l = await detectDatasetLayout(root);
    expect(l.kind).toBe('luna16');
    expect(l.imageRoots).toEqual([0, 1, 2].map((s) => path.join(root, `subset${s}`)));
    expect(l.annotationFiles).toEqual([
      { kind: 'luna-annotations', path: path.join(root, 'CSVFILES/annotations.csv') },
      { kind: 'luna-candidates', path: path.join(root, 'CSVFILES/candidates_V2.csv') },
      { kind: 'luna-excluded', path: path.join(root, 'evaluationScript/annotations/annotations_excluded.csv') },
      { kind: 'luna-seriesuids', path: path.join(root, 'evaluationScript/annotations/seriesuids.csv') },
    ]);
    expect(l.displayName).toBe('LUNA16 (subset0–subset2, annotations.csv, candidates_V2.csv, annotations_excluded.csv, seriesuids.csv)');
    expect(l.evidence.join('\n')).toContain('subset0/ is a LUNA16 subset: 2 .mhd (2 with .raw/.zraw)');
  });

  it('recognises LIDC-IDRI in the old TCIA layout, reader XML beside the DICOM', async () => {
    const files: Record<string, string> = {};
    for (const p of ['0001', '0002']) {
      files[`LIDC-IDRI-${p}/${UID(7)}/${UID(8)}/000001.dcm`] = '';
      files[`LIDC-IDRI-${p}/${UID(7)}/${UID(8)}/000002.dcm`] = '';
      files[`LIDC-IDRI-${p}/${UID(7)}/${UID(8)}/069.xml`] = LIDC_XML;
    }
    const root = tree(files);
    const l = await detectDatasetLayout(root);
    expect(l.kind).toBe('lidc-idri');
    expect(l.imageRoots).toEqual([root]);
    expect(l.annotationFiles.map((a) => a.kind)).toEqual(['lidc-xml', 'lidc-xml']);
    expect(l.displayName).toBe('LIDC-IDRI (2 patients, 2 reader XML)');
  });

  it('recognises LIDC-IDRI in the NBIA layout LIDC-IDRI/LIDC-IDRI-NNNN/<date-study>/<series>/', async () => {
    const root = tree({
      'LIDC-IDRI/LIDC-IDRI-0001/01-01-2000-NA-NA-30178/3000566.000000-NA-03192/1-001.dcm': '',
      'LIDC-IDRI/LIDC-IDRI-0001/01-01-2000-NA-NA-30178/3000566.000000-NA-03192/069.xml': LIDC_XML,
      'metadata.csv': 'Series UID,Collection\n',
    });
    const l = await detectDatasetLayout(root);
    expect(l.kind).toBe('lidc-idri');
    expect(l.imageRoots).toEqual([path.join(root, 'LIDC-IDRI')]);
    expect(l.evidence.join('\n')).toContain('(NBIA layout)');
  });

  it('calls any other tree of DICOM series, MetaImage and NIfTI a folder, sniffing DICOM without an extension', async () => {
    const root = tree({
      'a/series1/1.dcm': '',
      'a/series1/2.dcm': '',
      'b/scan.nii.gz': '',
      'c/phantom.mhd': '',
      'c/phantom.raw': '',
      'd/IM0001': DICM,
      'd/IM0002': DICM,
      'e/notes.txt': 'x',
      'e/other.xml': '<annotation><object/></annotation>',
    });
    const l = await detectDatasetLayout(root);
    expect(l.kind).toBe('folder');
    expect(l.imageRoots).toEqual([root]);
    expect(l.annotationFiles).toEqual([]);
    expect(l.displayName).toBe('Folder (2 DICOM folders, 2 image files)');
  });

  it('calls LUNA16 subsets beside DSB2017 stage folders mixed, with disjoint image roots', async () => {
    const root = tree({ ...dsbFiles('stage1', 1), [`subset0/${UID(1)}.mhd`]: '', [`subset0/${UID(1)}.raw`]: '', 'other/x.nrrd': '' });
    const l = await detectDatasetLayout(root);
    expect(l.kind).toBe('mixed');
    expect(l.imageRoots).toEqual([path.join(root, 'other'), path.join(root, 'stage1'), path.join(root, 'subset0')]);
    expect(l.displayName).toBe('Mixed: LUNA16 (subset0) + Kaggle DSB2017 (stage1: 1 patient) + other images (1 image file)');
  });

  it('refuses a tree with nothing to import (io.no-series), a missing root (io.not-found) and a file root (io.not-a-folder)', async () => {
    const empty = tree({ 'x/readme.txt': 'hi', 'y/': '' });
    await expect(detectDatasetLayout(empty)).rejects.toMatchObject({ code: 'io.no-series', file: empty });
    await expect(detectDatasetLayout(path.join(tmpRoot, 'absent'))).rejects.toMatchObject({ code: 'io.not-found' });
    await expect(detectDatasetLayout(path.join(empty, 'x/readme.txt'))).rejects.toMatchObject({ code: 'io.not-a-folder', file: path.join(empty, 'x/readme.txt') });
  });

  it.skipIf(process.platform === 'win32')('follows symbolic links to folders but ends on a link loop', async () => {
    const root = tree(dsbFiles('stage1', 1));
    fs.symlinkSync(root, path.join(root, 'stage1', 'loop'));
    fs.symlinkSync(path.join(root, 'nowhere'), path.join(root, 'dangling'));
    const l = await detectDatasetLayout(root);
    expect(l.kind).toBe('kaggle-dsb2017');
    expect(l.imageRoots).toEqual([path.join(root, 'stage1')]);
  });

  it('stops after maxEntries names and says so; does not list below maxDepth', async () => {
    const many: Record<string, string> = {};
    for (let i = 0; i < 50; i++) many[`a/s${i}/1.dcm`] = '';
    const root = tree(many);
    // Breadth first: `a`, its 50 series folders, then the first 9 files fit in 60 names.
    const l = await detectDatasetLayout(root, { maxEntries: 60 });
    expect(l.truncated).toBe(true);
    expect(l.kind).toBe('folder');
    expect(l.displayName).toBe('Folder (9 DICOM folders)');
    expect(l.evidence.join('\n')).toContain('walk stopped after 60 entries');
    await expect(detectDatasetLayout(root, { maxEntries: 20 })).rejects.toThrow(/in the first 20 entries \(the walk stopped there\)/);
    const deep = tree({ 'a/b/c/d/e/f/g/h/i/j/1.dcm': '' });
    await expect(detectDatasetLayout(deep)).rejects.toMatchObject({ code: 'io.no-series' });
    expect((await detectDatasetLayout(deep, { maxDepth: 12 })).kind).toBe('folder');
  });

  it('stops with job.cancelled when the signal has fired', async () => {
    const ac = new AbortController();
    ac.abort();
    const ctx = { signal: ac.signal, progress: () => {}, budgetBytes: 1e9 };
    await expect(detectDatasetLayout(tree(dsbFiles('stage1', 1)), { ctx })).rejects.toMatchObject({ code: 'job.cancelled' });
  });
});

describe('detectDatasetLayout on ../shared/data', () => {
  it.skipIf(!fs.existsSync(SHARED_DATA))('calls the shared tree mixed and lists all five annotation files', async () => {
    const t0 = performance.now();
    const l = await detectDatasetLayout(SHARED_DATA);
    console.log(`shared/data layout in ${(performance.now() - t0).toFixed(0)} ms: ${l.displayName}`);
    expect(l.kind).toBe('mixed');
    const rel = l.annotationFiles.map((a) => [a.kind, path.relative(SHARED_DATA, a.path)]);
    expect(rel).toEqual([
      ['lidc-xml', path.join('LIDC-IDRI-0001', '1.3.6.1.4.1.14519.5.2.1.6279.6001.298806137288633453246975630178', '1.3.6.1.4.1.14519.5.2.1.6279.6001.179049373636438705059720603192', '069.xml')],
      ['luna-annotations', 'annotations.csv'],
      ['luna-excluded', 'annotations_excluded.csv'],
      ['dsb-labels', path.join('dsb2017', 'stage1_labels.csv')],
      ['luna-seriesuids', 'seriesuids.csv'],
    ]);
    expect(l.imageRoots.map((r) => path.relative(SHARED_DATA, r))).toEqual(['LIDC-IDRI-0001', 'Lung-PET-CT-Dx', 'compressed-ct', 'luna16-style', 'nifti']);
    expect(l.displayName).toMatch(/^Mixed: LIDC-IDRI \(1 patient, 1 reader XML\) \+ LUNA16 \(1 scan, annotations\.csv/);
    expect(l.truncated).toBe(false);
  });
});
