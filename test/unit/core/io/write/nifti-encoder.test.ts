import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VolumeGeometry } from '../../../../../electron/common/geometry';
import { encodeNiftiGz, niftiHeader } from '../../../../../electron/core/io/write/nifti-encoder';
import { niftiQform } from '../../../../../electron/core/io/write/nifti-qform';
import { encodeNrrdGz, nrrdHeader } from '../../../../../electron/core/io/write/nrrd-encoder';
import { mulberry32 } from '../../../../../electron/core/phantom';
import { flipColumn, GRIDS, rasCorners, rotation } from '../../../../helpers/export-case';
import { judgeImages, nibabelMissing } from '../../../../helpers/nibabel-judge';

const missing = nibabelMissing();
const floats = (h: Buffer, at: number, n: number): number[] => Array.from({ length: n }, (_, i) => h.readFloatLE(at + 4 * i));

let root: string;
beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-nifti-enc-'));
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('NIfTI-1 header', () => {
  it('describes an int16 image and a uint8 label (datatype, bitpix, intent, mm units, vox_offset 352, n+1 magic)', () => {
    const img = niftiHeader(GRIDS.axial, 'int16');
    const lab = niftiHeader(GRIDS.axial, 'uint8', { intent: 'label', descrip: 'labels' });
    for (const h of [img, lab]) {
      expect(h.length).toBe(352);
      expect(h.readInt32LE(0)).toBe(348);
      expect([0, 1, 2, 3].map((i) => h.readInt16LE(40 + 2 * i))).toEqual([3, 6, 5, 4]);
      expect(h.readFloatLE(108)).toBe(352);
      expect(h[123]).toBe(2);
      expect(h.toString('latin1', 344, 348)).toBe('n+1\0');
      expect(h.readInt16LE(254)).toBe(1);
    }
    expect([img.readInt16LE(70), img.readInt16LE(72), img.readInt16LE(68)]).toEqual([4, 16, 0]);
    expect([lab.readInt16LE(70), lab.readInt16LE(72), lab.readInt16LE(68)]).toEqual([2, 8, 1002]);
    expect(lab.toString('latin1', 148, 154)).toBe('labels');
  });

  it('writes the sform as the LPS grid turned RAS (rows x and y negated), the qform of a plain axial scan as a 180° turn about z', () => {
    const h = niftiHeader(GRIDS.axial, 'int16');
    const f32 = Math.fround;
    expect(floats(h, 280, 12)).toEqual([-0.74, 0, 0, 189.01, 0, -0.74, 0, 200.5, 0, 0, 1.25, -310].map(f32));
    expect(h.readInt16LE(252)).toBe(1);
    expect(floats(h, 256, 6)).toEqual([0, 0, 1, 189.01, 200.5, -310].map(f32));
    expect(h.readFloatLE(76)).toBe(1);
  });

  it('flips qfac to −1 for slices stored head to feet, and leaves qform_code 0 for a sheared (gantry-tilted) grid', () => {
    const feetFirst: VolumeGeometry = { ...GRIDS.axial, direction: [1, 0, 0, 0, 1, 0, 0, 0, -1] };
    expect(niftiQform(feetFirst)).toEqual({ b: 0, c: 0, d: 1, qfac: -1 });
    expect(niftiHeader(feetFirst, 'int16').readFloatLE(76)).toBe(-1);
    const tilted = niftiHeader(GRIDS.tilted, 'int16');
    expect(tilted.readInt16LE(252)).toBe(0);
    expect(floats(tilted, 256, 6)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(tilted.readFloatLE(76)).toBe(1);
  });

  it('refuses a grid with zero spacing or a non-finite origin (contract.bad-input)', () => {
    expect(() => niftiHeader({ ...GRIDS.axial, spacing: [0.7, 0, 1] }, 'int16')).toThrow(expect.objectContaining({ code: 'contract.bad-input' }));
    expect(() => niftiHeader({ ...GRIDS.axial, origin: [0, Number.NaN, 0] }, 'uint8')).toThrow(expect.objectContaining({ code: 'contract.bad-input' }));
  });

  it('refuses voxels that do not fill the grid or have the wrong type (contract.bad-input)', async () => {
    await expect(encodeNiftiGz(new Int16Array(5), GRIDS.axial, 'int16')).rejects.toMatchObject({ code: 'contract.bad-input' });
    await expect(encodeNiftiGz(new Uint8Array(120), GRIDS.axial, 'int16')).rejects.toMatchObject({ code: 'contract.bad-input' });
  });
});

describe('gzip of an encoded file', () => {
  it('has mtime 0 and OS byte 3 on every platform and the same bytes each time; it unzips to header + voxels', async () => {
    const voxels = Int16Array.from({ length: 120 }, (_, i) => i * 37 - 1024);
    const a = Buffer.concat(await encodeNiftiGz(voxels, GRIDS.axial, 'int16'));
    const b = Buffer.concat(await encodeNiftiGz(voxels, GRIDS.axial, 'int16'));
    expect(a.equals(b)).toBe(true);
    expect(a.readUInt32LE(4)).toBe(0);
    expect(a[9]).toBe(3);
    const raw = gunzipSync(a);
    expect(raw.subarray(0, 352).equals(niftiHeader(GRIDS.axial, 'int16'))).toBe(true);
    expect(new Int16Array(raw.buffer.slice(raw.byteOffset + 352, raw.byteOffset + raw.length))).toEqual(voxels);
  });
});

describe('NRRD encoding', () => {
  it('writes the grid as LPS space directions (direction column × spacing) and origin, gzip encoding, endian only for int16', () => {
    expect(nrrdHeader(GRIDS.axial, 'int16').toString('latin1')).toBe(
      [
        'NRRD0004',
        '# Complete NRRD file format specification at:',
        '# http://teem.sourceforge.net/nrrd/format.html',
        'type: short',
        'dimension: 3',
        'space: left-posterior-superior',
        'sizes: 6 5 4',
        'space directions: (0.74,0,0) (0,0.74,0) (0,0,1.25)',
        'kinds: domain domain domain',
        'endian: little',
        'encoding: gzip',
        'space origin: (-189.01,-200.5,-310)',
        '',
        '',
      ].join('\n'),
    );
    expect(nrrdHeader(GRIDS.axial, 'uint8').toString('latin1')).not.toContain('endian');
  });

  it('follows the header with the voxels as one gzip stream', async () => {
    const labels = Uint8Array.from({ length: 120 }, (_, i) => i % 3);
    const [header, ...gz] = await encodeNrrdGz(labels, GRIDS.axial, 'uint8');
    expect(header!.equals(nrrdHeader(GRIDS.axial, 'uint8'))).toBe(true);
    expect(new Uint8Array(gunzipSync(Buffer.concat(gz)))).toEqual(labels);
  });
});

describe('qform against nibabel', () => {
  it.skipIf(missing)('for 60 random rotations (half left-handed) on a 512×512×300 grid: every qform written lands the corners within 0.01 mm of the sform in nibabel, and most rotations get one', () => {
    const rand = mulberry32(13);
    const requests = [];
    let withQform = 0;
    for (let n = 0; n < 60; n++) {
      let d = rotation([rand() - 0.5, rand() - 0.5, rand() - 0.5], rand() * 360);
      if (n % 2) d = flipColumn(d, 2);
      const g: VolumeGeometry = { dims: [512, 512, 300], spacing: [0.68, 0.68, 1.25], origin: [-170 + n, 30.5, -250.25], direction: d };
      if (niftiQform(g)) withQform++;
      const file = path.join(root, `q${n}.nii`);
      fs.writeFileSync(file, niftiHeader(g, 'uint8')); // header only: nibabel reads it lazily, the voxels are never touched
      requests.push({ file, points: rasCorners(g) });
    }
    const results = judgeImages(requests.map((r) => ({ ...r, headerOnly: true })));
    for (const r of results) {
      expect(r.maxErrorMm, r.file).toBeLessThan(0.01);
      if (r.qformCode) expect(r.maxQformErrorMm, r.file).toBeLessThan(0.01);
    }
    expect(results.filter((r) => r.qformCode === 1).length).toBe(withQform);
    expect(withQform).toBeGreaterThan(50);
  });
});
