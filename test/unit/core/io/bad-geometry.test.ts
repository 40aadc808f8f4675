import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverSeries } from '../../../../electron/core/io';
import { readSliceHeaders } from '../../../../electron/core/io/dicom/series';
import type { FileIssue } from '../../../../electron/core/io/types';
import { readMetaImage } from '../../../../electron/core/io/metaimage';
import { readNiftiNrrd } from '../../../../electron/core/io/nifti-nrrd';
import { ctSlice } from './dicom/build-dicom';
import { buildNifti1 } from './nifti-fixtures';
import { errorOf, scratchFolder } from './scratch-files';

// Bad geometry is an error naming the file and the field: never a default (spacing 1) and never `internal`.

const { dir, write } = scratchFolder('lungdesk-badgeom-');


const data8 = Buffer.alloc(2 * 2 * 2 * 2);
const nii = (name: string, spec: Partial<Parameters<typeof buildNifti1>[0]>) =>
  write(name, buildNifti1({ dims: [2, 2, 2], datatype: 4, bitpix: 16, data: data8, ...spec }));

describe('NIfTI geometry and scaling', () => {
  it.each([
    ['pixdim 0', { pixdim: [0, 1, 1] as [number, number, number] }, /pixdim/],
    ['pixdim NaN', { pixdim: [1, NaN, 1] as [number, number, number] }, /pixdim/],
    ['negative pixdim', { pixdim: [1, 1, -2] as [number, number, number] }, /pixdim/],
    ['absurd spacing (5000 mm)', { pixdim: [5000, 1, 1] as [number, number, number] }, /pixdim/],
    ['scl_slope NaN', { sclSlope: NaN }, /scl_slope/],
    ['scl_slope +Inf', { sclSlope: Infinity }, /scl_slope/],
    ['scl_inter NaN with a slope', { sclSlope: 2, sclInter: NaN }, /scl_inter/],
    ['scl_slope 1e38', { sclSlope: 1e38 }, /scl_slope/],
    ['scl_inter -1e30 with a slope', { sclSlope: 1, sclInter: -1e30 }, /scl_inter/],
  ])('%s → io.bad-header naming the field', async (name, spec, field) => {
    const f = nii(`${name.replace(/\W+/g, '-')}.nii`, spec);
    const e = await errorOf(readNiftiNrrd(f));
    expect(e.code).toBe('io.bad-header');
    expect(e.message).toMatch(field);
    expect(e.message).toContain(f);
    // Discovery reports the same error for the file (not a descriptor with spacing 1).
    const d = await errorOf(discoverSeries(f));
    expect(d.code).toBe('io.bad-header');
  });

  it('a non-finite sform origin → io.bad-header, not internal', async () => {
    const f = nii('nan-origin.nii', { srow: [[1, 0, 0, NaN], [0, 1, 0, 0], [0, 0, 1, 0]] });
    const e = await errorOf(readNiftiNrrd(f));
    expect(e.code).toBe('io.bad-header');
    expect(e.message).toMatch(/origin/);
  });

  it('a singular sform → io.bad-header', async () => {
    const f = nii('singular.nii', { srow: [[1, 0, 0, 0], [1, 0, 0, 0], [0, 0, 1, 0]] });
    const e = await errorOf(readNiftiNrrd(f));
    expect(e.code).toBe('io.bad-header');
  });
});

const nrrd = (name: string, fields: string): string =>
  write(name, Buffer.concat([Buffer.from(`NRRD0004\ntype: short\ndimension: 3\nsizes: 2 2 2\nencoding: raw\nendian: little\n${fields}\n`), data8]));

describe('NRRD geometry', () => {
  it.each([
    ['zero spacing', 'space: left-posterior-superior\nspace directions: (0,0,0) (0,1,0) (0,0,1)\nspace origin: (0,0,0)\n'],
    ['NaN spacing', 'spacings: nan 1 1\n'],
    ['absurd spacing', 'space: left-posterior-superior\nspace directions: (5000,0,0) (0,1,0) (0,0,1)\nspace origin: (0,0,0)\n'],
    ['non-finite origin', 'space: left-posterior-superior\nspace directions: (1,0,0) (0,1,0) (0,0,1)\nspace origin: (nan,0,0)\n'],
  ])('%s → io.bad-header', async (name, fields) => {
    const f = nrrd(`${name.replace(/\W+/g, '-')}.nrrd`, fields);
    const e = await errorOf(readNiftiNrrd(f));
    expect(e.code).toBe('io.bad-header');
    expect(e.message).toContain(f);
  });
});

const mhd = (name: string, extra: Record<string, string>): string => {
  const fields: Record<string, string> = { ObjectType: 'Image', NDims: '3', DimSize: '2 2 2', ElementSpacing: '0.5 0.6 2', Offset: '1 2 3', ElementType: 'MET_SHORT', ...extra, ElementDataFile: 'LOCAL' };
  return write(name, Buffer.concat([Buffer.from(Object.entries(fields).map(([k, v]) => `${k} = ${v}`).join('\n') + '\n'), data8]));
};

describe('MetaImage geometry', () => {
  it.each([
    ['absurd spacing', { ElementSpacing: '5000 1 1' } as Record<string, string>, /ElementSpacing/],
    ['tiny spacing', { ElementSpacing: '1e-9 1 1' }, /ElementSpacing/],
    ['absurd origin', { Offset: '1e300 0 0' }, /Offset/],
    ['missing spacing', { ElementSpacing: '' }, /ElementSpacing/],
  ])('%s → io.bad-header naming the field', async (name, extra, field) => {
    const f = mhd(`${name.replace(/\W+/g, '-')}.mha`, extra);
    if (extra['ElementSpacing'] === '') {
      // Rewrite without the ElementSpacing line at all.
      fs.writeFileSync(f, fs.readFileSync(f).toString('latin1').replace(/ElementSpacing = \n/, ''), 'latin1');
    }
    const e = await errorOf(readMetaImage(f));
    expect(e.code).toBe('io.bad-header');
    expect(e.message).toMatch(field);
  });
});

describe('DICOM NumberOfFrames', () => {
  async function issuesOf(file: Buffer, name: string): Promise<FileIssue[]> {
    const p = write(name, file);
    const issues: FileIssue[] = [];
    const h = await readSliceHeaders([p], undefined, issues);
    expect(h).toEqual([]);
    return issues;
  }

  it('NumberOfFrames larger than the pixel data holds → io.bad-header naming NumberOfFrames', async () => {
    const issues = await issuesOf(ctSlice({ frames: '7' }), 'frames7.dcm');
    expect(issues[0]).toMatchObject({ code: 'io.bad-header' });
    expect(issues[0]!.message).toMatch(/NumberOfFrames/);
  });

  it('NumberOfFrames 1 while the pixel data holds several frames → io.bad-header', async () => {
    const issues = await issuesOf(ctSlice({ frames: '1', rows: 2, cols: 2, pixels: Array.from({ length: 12 }, (_, i) => i) }), 'frames1of3.dcm');
    expect(issues[0]).toMatchObject({ code: 'io.bad-header' });
    expect(issues[0]!.message).toMatch(/NumberOfFrames/);
  });

  it('a true multi-frame image (frames × frame size = pixel data) stays io.unsupported', async () => {
    const issues = await issuesOf(ctSlice({ frames: '3', rows: 2, cols: 2, pixels: Array.from({ length: 12 }, (_, i) => i) }), 'frames3.dcm');
    expect(issues[0]).toMatchObject({ code: 'io.unsupported' });
  });

  it.each([
    ['PixelSpacing 5000', { spacing: '5000\\1' }, /PixelSpacing/],
    ['ImagePositionPatient 1e300', { ipp: [1e300, 0, 0] as [number, number, number] }, /ImagePositionPatient/],
    ['RescaleSlope 1e308', { slope: '1e308' }, /RescaleSlope/],
    ['RescaleSlope -1e308', { slope: '-1e308' }, /RescaleSlope/],
    ['RescaleSlope 1e-300', { slope: '1e-300' }, /RescaleSlope/],
    ['RescaleIntercept 1e308', { intercept: '1e308' }, /RescaleIntercept/],
  ])('%s → io.bad-header naming the field', async (name, spec, field) => {
    const issues = await issuesOf(ctSlice(spec), `${name.replace(/\W+/g, '-')}.dcm`);
    expect(issues[0]).toMatchObject({ code: 'io.bad-header' });
    expect(issues[0]!.message).toMatch(field);
  });

  it('slice positions 5 m apart → no series, io.bad-header naming ImagePositionPatient (not a 5000 mm voxel)', async () => {
    const d = path.join(dir, 'far');
    fs.mkdirSync(d);
    fs.writeFileSync(path.join(d, 'a.dcm'), ctSlice({ ipp: [0, 0, 0] }));
    fs.writeFileSync(path.join(d, 'b.dcm'), ctSlice({ ipp: [0, 0, 5000] }));
    const e = await errorOf(discoverSeries(d));
    expect(e.code).toBe('io.no-series');
    const issues = (e.detail as { issues: FileIssue[] }).issues;
    expect(issues.map((i) => i.code)).toEqual(['io.bad-header', 'io.bad-header']);
    expect(issues[0]!.message).toMatch(/ImagePositionPatient/);
  });
});
