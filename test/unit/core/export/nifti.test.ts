import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VolumeGeometry } from '../../../../electron/common/geometry';
import type { ExportCase, ExportedFile } from '../../../../electron/core/export/case-model';
import { niftiExporter, nrrdExporter } from '../../../../electron/core/export/nifti';
import { readNiftiNrrd, readNiftiNrrdInfo } from '../../../../electron/core/io/nifti-nrrd';
import { exportContext, GRIDS, makeExportCase, rasPoints } from '../../../helpers/export-case';
import { judgeImages, nibabelMissing } from '../../../helpers/nibabel-judge';

const missing = nibabelMissing();
const sha = (a: Int16Array | Uint8Array): string => createHash('sha256').update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength)).digest('hex');
const fileSha = (f: string): string => createHash('sha256').update(fs.readFileSync(f)).digest('hex');

let root: string;
beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-exp-nifti-'));
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const cases = (Object.keys(GRIDS) as (keyof typeof GRIDS)[]).map((name) => makeExportCase({ caseId: `case_${name}`, geometry: GRIDS[name] }));

async function exportAll(outDir: string): Promise<ExportedFile[]> {
  const ctx = exportContext(outDir, { formats: ['nifti', 'nrrd'] });
  const files: ExportedFile[] = [];
  for (const c of cases) files.push(...(await niftiExporter.writeCase(c, ctx)), ...(await nrrdExporter.writeCase(c, ctx)));
  return files;
}

function expectSameGeometry(got: VolumeGeometry, want: VolumeGeometry): void {
  expect(got.dims).toEqual(want.dims);
  got.spacing.forEach((v, i) => expect(v).toBeCloseTo(want.spacing[i]!, 4));
  got.origin.forEach((v, i) => expect(v).toBeCloseTo(want.origin[i]!, 3));
  got.direction.forEach((v, i) => expect(v).toBeCloseTo(want.direction[i]!, 5));
}

describe('NIfTI and NRRD exporters', () => {
  let files: ExportedFile[];
  beforeAll(async () => {
    files = await exportAll(path.join(root, 'a'));
  });

  it('writes nifti/{case}/image.nii.gz + label.nii.gz and nrrd/{case}/image.nrrd + label.nrrd, with sizes and sha256 of the bytes on disk', () => {
    expect(files.map((f) => `${f.role} ${f.path}`)).toEqual(
      cases.flatMap((c) => [
        `image nifti/${c.plan.caseId}/image.nii.gz`,
        `label nifti/${c.plan.caseId}/label.nii.gz`,
        `image nrrd/${c.plan.caseId}/image.nrrd`,
        `label nrrd/${c.plan.caseId}/label.nrrd`,
      ]),
    );
    for (const f of files) {
      const abs = path.join(root, 'a', f.path);
      expect(fs.statSync(abs).size).toBe(f.bytes);
      expect(fileSha(abs)).toBe(f.sha256);
    }
  });

  it.skipIf(missing)('nibabel reads int16 images and uint8 labels whose affine puts every voxel centre at the scan position (RAS from LPS) within 0.01 mm', () => {
    const requests = files.map((f) => ({ file: path.join(root, 'a', f.path), points: rasPoints(cases.find((c) => f.path.includes(`/${c.plan.caseId}/`))!.volume) }));
    const results = judgeImages(requests);
    for (const [n, r] of results.entries()) {
      const c = cases.find((k) => requests[n]!.file.includes(`/${k.plan.caseId}/`))!;
      const isLabel = r.file.includes('/label.');
      expect(r.shape, r.file).toEqual(c.volume.dims);
      expect(r.dtype, r.file).toBe(isLabel ? 'uint8' : 'int16');
      expect(r.sha256, r.file).toBe(isLabel ? sha(c.labelmap) : sha(c.volume.voxels));
      expect(r.maxErrorMm, r.file).toBeLessThan(0.01);
      if (r.file.endsWith('.nii.gz')) {
        expect(r.sformCode, r.file).toBe(1);
        expect(r.intentCode, r.file).toBe(isLabel ? 1002 : 0);
      }
    }
  });

  it.skipIf(missing)('sets a qform that agrees with the sform within 0.01 mm for rotations (also left-handed), and none (code 0) for a gantry-tilted grid', () => {
    const nii = files.filter((f) => f.path.endsWith('.nii.gz'));
    const results = judgeImages(nii.map((f) => ({ file: path.join(root, 'a', f.path), points: rasPoints(cases.find((c) => f.path.includes(`/${c.plan.caseId}/`))!.volume) })));
    for (const r of results) {
      if (r.file.includes('case_tilted')) {
        expect(r.qformCode, r.file).toBe(0);
      } else {
        expect(r.qformCode, r.file).toBe(1);
        expect(r.maxQformErrorMm, r.file).toBeLessThan(0.01);
      }
    }
  });

  // ITK holds no shear: it refuses a sheared sform without a qform, so the tilted grid is left out.
  it('reads back through ITK (the app\'s own reader) with the scan grid and voxels', async () => {
    for (const c of cases.filter((k) => k.plan.caseId !== 'case_tilted')) {
      for (const rel of [`nifti/${c.plan.caseId}/image.nii.gz`, `nrrd/${c.plan.caseId}/image.nrrd`, `nifti/${c.plan.caseId}/label.nii.gz`]) {
        const file = path.join(root, 'a', rel);
        const info = await readNiftiNrrdInfo(file);
        expectSameGeometry(info.geometry, c.volume);
        const { volume } = await readNiftiNrrd(file);
        const want = rel.includes('label') ? Int16Array.from(c.labelmap) : c.volume.voxels;
        expect(sha(volume.voxels), rel).toBe(sha(want));
      }
    }
  });

  it('writes byte-identical files when the same cases are exported again', async () => {
    const again = await exportAll(path.join(root, 'b'));
    expect(again).toEqual(files);
    for (const f of again) expect(fileSha(path.join(root, 'b', f.path))).toBe(fileSha(path.join(root, 'a', f.path)));
  });

  it('refuses a case whose labelmap does not fill the grid (contract.bad-input naming the case) and writes nothing for it', async () => {
    const c = makeExportCase({ caseId: 'broken' });
    const bad: ExportCase = { ...c, labelmap: c.labelmap.subarray(1) };
    const out = path.join(root, 'c');
    await expect(niftiExporter.writeCase(bad, exportContext(out, { formats: ['nifti'] }))).rejects.toMatchObject({ code: 'contract.bad-input', message: expect.stringContaining('case broken') });
    expect(fs.existsSync(path.join(out, 'nifti', 'broken'))).toBe(false);
  });

  it('stops with job.cancelled before writing when the export is cancelled', async () => {
    const ac = new AbortController();
    ac.abort();
    const out = path.join(root, 'd');
    await expect(niftiExporter.writeCase(makeExportCase({ caseId: 'x' }), { ...exportContext(out, { formats: ['nifti'] }), signal: ac.signal })).rejects.toMatchObject({ code: 'job.cancelled' });
    expect(fs.existsSync(out)).toBe(false);
  });
});
