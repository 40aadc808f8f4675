import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LungDeskError } from '../../../../electron/common/errors';
import { discoverSeries, loadVolume } from '../../../../electron/core/io';
import { readNiftiNrrd } from '../../../../electron/core/io/nifti-nrrd';
import { writeNifti, writeNrrd } from '../../../../electron/core/io/write/nifti-nrrd-writer';
import type { Volume } from '../../../../electron/core/volume/volume';
import { SHARED_DATA } from '../../../helpers/shared-data';
import { pythonMissing, runPythonJson } from '../../../phantom/python-oracle';
import { buildNifti1, lpsFromSform, parseNifti1 } from './nifti-fixtures';

const TS_NII = path.join(SHARED_DATA, 'nifti', 'totalsegmentator-example_ct.nii.gz');
const hasTs = fs.existsSync(TS_NII);
const noPython = pythonMissing();

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-nifti-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const tmp = (name: string) => path.join(dir, name);

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(LungDeskError);
    return (e as LungDeskError).code;
  }
  return 'no error';
}

/** A small volume with a rotated, non-symmetric direction (column j = axis j). */
function rotatedVolume(): Volume {
  const a = 0.3;
  const b = -0.5;
  // Rz(a) · Rx(b), row-major.
  const rz = [Math.cos(a), -Math.sin(a), 0, Math.sin(a), Math.cos(a), 0, 0, 0, 1];
  const rx = [1, 0, 0, 0, Math.cos(b), -Math.sin(b), 0, Math.sin(b), Math.cos(b)];
  const d = new Array<number>(9).fill(0);
  for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) for (let k = 0; k < 3; k++) d[r * 3 + c]! += rz[r * 3 + k]! * rx[k * 3 + c]!;
  const dims: [number, number, number] = [7, 5, 4];
  const voxels = new Int16Array(7 * 5 * 4).map((_, i) => ((i * 7919) % 4000) - 1024);
  voxels[0] = -32768;
  voxels[1] = 32767;
  return { dims, spacing: [0.7, 0.8, 2.5], origin: [-100.5, 20.25, 300.125], direction: d, voxels };
}

function expectSameGeometry(a: Volume, b: Volume, tol = 1e-4): void {
  expect(a.dims).toEqual(b.dims);
  for (let k = 0; k < 3; k++) {
    expect(a.spacing[k]).toBeCloseTo(b.spacing[k]!, 4);
    expect(Math.abs(a.origin[k]! - b.origin[k]!)).toBeLessThan(tol);
  }
  for (let k = 0; k < 9; k++) expect(Math.abs(a.direction[k]! - b.direction[k]!)).toBeLessThan(tol);
}

describe('NIfTI reader on a real CT (TotalSegmentator example)', () => {
  it.skipIf(!hasTs)('geometry equals the LPS form of the header sform (srow rows x, y negated), computed independently', async () => {
    const t0 = performance.now();
    const { volume } = await readNiftiNrrd(TS_NII);
    console.log(`read ${path.basename(TS_NII)} in ${(performance.now() - t0).toFixed(0)} ms (first call, loads itk-wasm)`);
    const h = parseNifti1(fs.readFileSync(TS_NII));
    expect(h.sformCode).toBe(2);
    const want = lpsFromSform(h);
    expect(volume.dims).toEqual([122, 101, 112]);
    expect(volume.dims).toEqual(h.dim.slice(1, 4));
    for (let k = 0; k < 3; k++) {
      expect(volume.spacing[k]).toBeCloseTo(want.spacing[k]!, 5);
      expect(volume.origin[k]).toBeCloseTo(want.origin[k]!, 4);
    }
    for (let k = 0; k < 9; k++) expect(volume.direction[k]).toBeCloseTo(want.direction[k]!, 6);
    // RAS srow diag(3, 3, 3) → LPS direction diag(-1, -1, 1).
    expect(volume.direction).toEqual([-1, 0, 0, 0, -1, 0, 0, 0, 1]);
  });

  it.skipIf(!hasTs || noPython !== null)('voxels equal numpy reading the gzip stream by hand (int32 → int16, HU −1207…3382)', async () => {
    const t0 = performance.now();
    const { volume, warnings } = await readNiftiNrrd(TS_NII);
    console.log(`read ${path.basename(TS_NII)} in ${(performance.now() - t0).toFixed(0)} ms`);
    const ref = tmp('ts-ref.i2');
    const r = runPythonJson<{ min: number; max: number; n: number; datatype: number }>(
      `import gzip, struct, sys, json, numpy as np
b = gzip.open(sys.argv[1]).read()
dims = struct.unpack('<8h', b[40:56]); dt = struct.unpack('<h', b[70:72])[0]; off = int(struct.unpack('<f', b[108:112])[0])
a = np.frombuffer(b, dtype='<i4', offset=off, count=dims[1]*dims[2]*dims[3])
np.clip(a, -32768, 32767).astype('<i2').tofile(sys.argv[2])
print(json.dumps({'min': int(a.min()), 'max': int(a.max()), 'n': int(a.size), 'datatype': int(dt)}))`,
      [TS_NII, ref],
    );
    expect(r).toMatchObject({ min: -1207, max: 3382, n: 122 * 101 * 112, datatype: 8 });
    const want = new Int16Array(new Uint8Array(fs.readFileSync(ref)).buffer);
    expect(volume.voxels.length).toBe(want.length);
    expect(Buffer.from(volume.voxels.buffer, volume.voxels.byteOffset, volume.voxels.byteLength).equals(Buffer.from(want.buffer))).toBe(true);
    expect(warnings).toEqual([]); // int32 data all within int16: nothing clamped
  });

  it.skipIf(!hasTs)('discoverSeries finds the .nii.gz in its folder as format nifti, and loadVolume reads it', async () => {
    const found = await discoverSeries(path.dirname(TS_NII));
    const s = found.series.find((x) => x.files[0] === TS_NII);
    expect(s).toMatchObject({ format: 'nifti', seriesInstanceUid: 'totalsegmentator-example_ct', sliceCount: 112 });
    const { volume } = await loadVolume(s!);
    expect(volume.dims).toEqual([122, 101, 112]);
  });
});

describe('NIfTI and NRRD writers round-trip a rotated direction', () => {
  for (const name of ['rot.nii.gz', 'rot.nii', 'rot.nrrd', 'rot-raw.nrrd']) {
    it(`${name}: same geometry (1e-4) and identical voxels after write + read, input untouched`, async () => {
      const v = rotatedVolume();
      const before = v.voxels.slice();
      const file = tmp(name);
      if (name.endsWith('.nrrd')) await writeNrrd(v, file, { compressed: !name.includes('raw') });
      else await writeNifti(v, file);
      expect(v.voxels).toEqual(before);
      const { volume, warnings } = await readNiftiNrrd(file);
      expectSameGeometry(volume, v);
      expect(volume.voxels).toEqual(v.voxels);
      expect(warnings).toEqual([]);
      expect(fs.readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
    });
  }

  it('our .nii.gz is gzip and its sform is the RAS form of our LPS geometry (first two rows negated), checked by an independent parser', async () => {
    const v = rotatedVolume();
    const file = tmp('check.nii.gz');
    await writeNifti(v, file);
    const bytes = fs.readFileSync(file);
    expect(bytes[0]).toBe(0x1f);
    const h = parseNifti1(bytes);
    expect(h.magic).toBe('n+1\0');
    expect(h.datatype).toBe(4); // int16
    expect(h.dim.slice(0, 4)).toEqual([3, 7, 5, 4]);
    expect(h.sformCode).toBeGreaterThan(0);
    const got = lpsFromSform(h);
    for (let k = 0; k < 3; k++) {
      expect(got.origin[k]).toBeCloseTo(v.origin[k]!, 3);
      expect(got.spacing[k]).toBeCloseTo(v.spacing[k]!, 5);
    }
    for (let k = 0; k < 9; k++) expect(got.direction[k]).toBeCloseTo(v.direction[k]!, 5);
    // Direct RAS check of one entry: srow_x[3] = −origin_x (LPS → RAS).
    expect(h.srow[0]![3]).toBeCloseTo(-v.origin[0], 3);
    expect(h.srow[1]![3]).toBeCloseTo(-v.origin[1], 3);
    expect(h.srow[2]![3]).toBeCloseTo(v.origin[2], 3);
  });

  it.skipIf(noPython !== null)('numpy reads our .nii voxels in x-fastest file order equal to ours', async () => {
    const v = rotatedVolume();
    const file = tmp('np.nii');
    await writeNifti(v, file);
    const r = runPythonJson<number[]>(
      `import struct, sys, json, numpy as np
b = open(sys.argv[1], 'rb').read(); off = int(struct.unpack('<f', b[108:112])[0])
print(json.dumps(np.frombuffer(b, dtype='<i2', offset=off).tolist()))`,
      [file],
    );
    expect(r).toEqual(Array.from(v.voxels));
  });
});

describe('NIfTI value conversion', () => {
  const i16 = (vals: number[]) => Buffer.from(new Int16Array(vals).buffer);

  it('applies scl_slope and scl_inter (HU = slope·v + inter) and says so', async () => {
    const file = tmp('slope.nii');
    fs.writeFileSync(file, buildNifti1({ dims: [2, 2, 1], datatype: 4, bitpix: 16, data: i16([0, 10, 20, 1000]), sclSlope: 2, sclInter: -1024 }));
    const { volume, warnings } = await readNiftiNrrd(file);
    expect(Array.from(volume.voxels)).toEqual([-1024, -1004, -984, 976]);
    expect(warnings.join()).toMatch(/scl_slope 2 and scl_inter -1024/);
  });

  it('scl_slope 0 means no scaling (NIfTI standard)', async () => {
    const file = tmp('slope0.nii');
    fs.writeFileSync(file, buildNifti1({ dims: [2, 1, 1], datatype: 4, bitpix: 16, data: i16([5, -5]), sclSlope: 0, sclInter: 100 }));
    expect(Array.from((await readNiftiNrrd(file)).volume.voxels)).toEqual([5, -5]);
  });

  it('rounds float32 half-to-even, clamps to int16, NaN → 0, with a warning for each', async () => {
    const file = tmp('float.nii.gz');
    const f = new Float32Array([0.5, 1.5, -2.5, 2.4, 40000, -40000, NaN, -1000]);
    fs.writeFileSync(file, gzipSync(buildNifti1({ dims: [8, 1, 1], datatype: 16, bitpix: 32, data: Buffer.from(f.buffer) })));
    const { volume, warnings } = await readNiftiNrrd(file);
    expect(Array.from(volume.voxels)).toEqual([0, 2, -2, 2, 32767, -32768, 0, -1000]);
    expect(warnings.some((w) => /2 voxel\(s\).*clamped/.test(w))).toBe(true);
    expect(warnings.some((w) => /rounded/.test(w))).toBe(true);
    expect(warnings.some((w) => /1 NaN/.test(w))).toBe(true);
  });

  it('reads a big-endian NIfTI', async () => {
    const file = tmp('be.nii');
    const data = Buffer.from(new Int16Array([-1000, 0, 1, 400]).buffer).swap16();
    fs.writeFileSync(file, buildNifti1({ dims: [2, 2, 1], datatype: 4, bitpix: 16, data, bigEndian: true }));
    expect(Array.from((await readNiftiNrrd(file)).volume.voxels)).toEqual([-1000, 0, 1, 400]);
  });

  it('reads a 2D NIfTI as one slice', async () => {
    const file = tmp('2d.nii');
    fs.writeFileSync(file, buildNifti1({ dims: [3, 2, 1], dim0: 2, datatype: 2, bitpix: 8, data: Buffer.from([1, 2, 3, 4, 5, 255]) }));
    const { volume } = await readNiftiNrrd(file);
    expect(volume.dims).toEqual([3, 2, 1]);
    expect(Array.from(volume.voxels)).toEqual([1, 2, 3, 4, 5, 255]);
  });
});

describe('NIfTI and NRRD errors', () => {
  const good = () => buildNifti1({ dims: [4, 4, 4], datatype: 4, bitpix: 16, data: Buffer.alloc(128) });

  it('missing file → io.not-found', async () => {
    expect(await codeOf(readNiftiNrrd(tmp('none.nii.gz')))).toBe('io.not-found');
  });
  it('a .nii shorter than vox_offset + data → io.truncated', async () => {
    fs.writeFileSync(tmp('short.nii'), good().subarray(0, 400));
    expect(await codeOf(readNiftiNrrd(tmp('short.nii')))).toBe('io.truncated');
  });
  it('a .nii.gz whose inflated data is short → io.truncated (itk-wasm alone would return garbage)', async () => {
    fs.writeFileSync(tmp('short.nii.gz'), gzipSync(good().subarray(0, 400)));
    expect(await codeOf(readNiftiNrrd(tmp('short.nii.gz')))).toBe('io.truncated');
  });
  it('a .nii.gz cut in the middle → io.truncated', async () => {
    const gz = gzipSync(good());
    fs.writeFileSync(tmp('cut.nii.gz'), gz.subarray(0, gz.length - 12));
    expect(await codeOf(readNiftiNrrd(tmp('cut.nii.gz')))).toBe('io.truncated');
  });
  it('a .nii.gz with a corrupted byte (CRC fails) → io.bad-header', async () => {
    const gz = Buffer.from(gzipSync(good()));
    gz[gz.length - 6]! ^= 0xff; // CRC32 in the trailer
    fs.writeFileSync(tmp('crc.nii.gz'), gz);
    expect(await codeOf(readNiftiNrrd(tmp('crc.nii.gz')))).toBe('io.bad-header');
  });
  it('not a NIfTI (wrong sizeof_hdr) → io.bad-header', async () => {
    fs.writeFileSync(tmp('text.nii'), Buffer.alloc(1000, 'hello '));
    expect(await codeOf(readNiftiNrrd(tmp('text.nii')))).toBe('io.bad-header');
  });
  it('a 4D NIfTI with several volumes → io.unsupported', async () => {
    fs.writeFileSync(tmp('4d.nii'), buildNifti1({ dims: [2, 2, 2], dim0: 4, dim4: 3, datatype: 4, bitpix: 16, data: Buffer.alloc(48) }));
    expect(await codeOf(readNiftiNrrd(tmp('4d.nii')))).toBe('io.unsupported');
  });
  it('complex NIfTI data → io.unsupported', async () => {
    fs.writeFileSync(tmp('cplx.nii'), buildNifti1({ dims: [2, 1, 1], datatype: 32, bitpix: 64, data: Buffer.alloc(16) }));
    expect(await codeOf(readNiftiNrrd(tmp('cplx.nii')))).toBe('io.unsupported');
  });
  it('an NRRD whose raw data is short → io.truncated', async () => {
    fs.writeFileSync(tmp('short.nrrd'), Buffer.concat([Buffer.from('NRRD0004\ntype: short\ndimension: 3\nsizes: 4 4 4\nendian: little\nencoding: raw\n\n'), Buffer.alloc(10)]));
    expect(await codeOf(readNiftiNrrd(tmp('short.nrrd')))).toBe('io.truncated');
  });
  it('an .nhdr whose data file is missing → io.not-found', async () => {
    fs.writeFileSync(tmp('lost.nhdr'), 'NRRD0004\ntype: short\ndimension: 3\nsizes: 2 2 2\nendian: little\nencoding: raw\ndata file: lost.raw\n');
    expect(await codeOf(readNiftiNrrd(tmp('lost.nhdr')))).toBe('io.not-found');
  });
});

describe('NRRD detached header and discovery', () => {
  it('reads an .nhdr + .raw pair (LPS space) with the geometry of its header', async () => {
    const sub = tmp('nhdr');
    fs.mkdirSync(sub);
    const vals = new Int16Array(24).map((_, i) => i * 100 - 1000);
    fs.writeFileSync(path.join(sub, 'scan.raw'), Buffer.from(vals.buffer));
    fs.writeFileSync(
      path.join(sub, 'scan.nhdr'),
      'NRRD0004\ntype: short\ndimension: 3\nspace: left-posterior-superior\nsizes: 4 3 2\nspace directions: (0,0.5,0) (-0.5,0,0) (0,0,2)\nendian: little\nencoding: raw\nspace origin: (10,20,30)\ndata file: scan.raw\n',
    );
    const { volume } = await readNiftiNrrd(path.join(sub, 'scan.nhdr'));
    expect(volume.dims).toEqual([4, 3, 2]);
    expect(volume.spacing).toEqual([0.5, 0.5, 2]);
    expect(volume.origin).toEqual([10, 20, 30]);
    expect(volume.direction).toEqual([0, -1, 0, 1, 0, 0, 0, 0, 1]);
    expect(volume.voxels).toEqual(vals);
  });

  it('discoverSeries finds .nii.gz, .nrrd and .nhdr at any depth with their format; the .nhdr data file is not reported as non-DICOM', async () => {
    const root = tmp('tree');
    fs.mkdirSync(path.join(root, 'a', 'b'), { recursive: true });
    const v = rotatedVolume();
    await writeNifti(v, path.join(root, 'a', 'b', 'deep.nii.gz'));
    await writeNrrd(v, path.join(root, 'a', 'one.nrrd'));
    fs.cpSync(tmp('nhdr'), path.join(root, 'detached'), { recursive: true });
    const found = await discoverSeries(root);
    const byName = Object.fromEntries(found.series.map((s) => [s.seriesInstanceUid, s.format]));
    expect(byName).toEqual({ deep: 'nifti', one: 'nrrd', scan: 'nrrd' });
    expect(found.issues).toEqual([]);
    for (const s of found.series) {
      const { volume } = await loadVolume(s);
      expect(volume.dims).toEqual(s.geometry.dims);
    }
  });

  it('a damaged .nii.gz in a folder is an issue, not a failure of the whole discovery', async () => {
    const root = tmp('mixed');
    fs.mkdirSync(root);
    await writeNifti(rotatedVolume(), path.join(root, 'ok.nii.gz'));
    fs.writeFileSync(path.join(root, 'bad.nii.gz'), Buffer.from('not gzip at all'));
    const found = await discoverSeries(root);
    expect(found.series.map((s) => s.seriesInstanceUid)).toEqual(['ok']);
    expect(found.issues).toHaveLength(1);
    expect(found.issues[0]).toMatchObject({ code: 'io.bad-header', file: path.join(root, 'bad.nii.gz') });
  });
});

describe('timing', () => {
  it('writes a 512×512×300 int16 volume as .nii.gz and reads it back (times logged)', async () => {
    const dims: [number, number, number] = [512, 512, 300];
    const voxels = new Int16Array(512 * 512 * 300);
    for (let i = 0; i < voxels.length; i++) voxels[i] = ((i % 512) * 3 + ((i >> 9) % 512)) % 2000 - 1000;
    const v: Volume = { dims, spacing: [0.7, 0.7, 1.25], origin: [-180, -180, -400], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], voxels };
    const file = tmp('big.nii.gz');
    let t0 = performance.now();
    await writeNifti(v, file);
    const tw = performance.now() - t0;
    t0 = performance.now();
    const { volume } = await readNiftiNrrd(file);
    const tr = performance.now() - t0;
    console.log(`512×512×300 .nii.gz: write ${tw.toFixed(0)} ms (${(fs.statSync(file).size / 1e6).toFixed(1)} MB), read ${tr.toFixed(0)} ms`);
    expect(volume.voxels[123456]).toBe(voxels[123456]);
    fs.rmSync(file);
  }, 120_000);
});
