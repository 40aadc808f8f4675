import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { convertCommand } from '../../../electron/cli/commands/convert';
import { main } from '../../../electron/cli/main';
import { discoverSeries, loadVolume } from '../../../electron/core/io';
import { readMetaImage } from '../../../electron/core/io/metaimage';
import { readNiftiNrrd } from '../../../electron/core/io/nifti-nrrd';
import { writeNifti } from '../../../electron/core/io/write/nifti-nrrd-writer';
import { SHARED_DATA } from '../../helpers/shared-data';
import { A0001_DIR, hasData } from '../core/io/dicom/data-paths';

const TS_NII = path.join(SHARED_DATA, 'nifti', 'totalsegmentator-example_ct.nii.gz');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-convert-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function run(argv: string[]) {
  let out = '';
  let err = '';
  return convertCommand(argv, { stdout: (s) => (out += s), stderr: (s) => (err += s) }).then((code) => ({ code, out, err }));
}

/** Byte comparison: vitest's toEqual on multi-million-element typed arrays exhausts memory. */
function sameVoxels(a: Int16Array, b: Int16Array): boolean {
  return a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

function readNpyInt16(file: string): { shape: number[]; data: Int16Array } {
  const b = fs.readFileSync(file);
  const hl = 10 + b.readUInt16LE(8);
  const header = b.toString('latin1', 10, hl);
  expect(header).toContain("'descr': '<i2'");
  const shape = /'shape': \(([^)]*)\)/.exec(header)![1]!.split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  return { shape, data: new Int16Array(b.buffer.slice(b.byteOffset + hl, b.byteOffset + b.length)) };
}

describe('lungdesk convert', () => {
  it.skipIf(!hasData(TS_NII))('.nii.gz → .npy: int16 (z, y, x) array of the voxels plus a .geometry.json sidecar with LPS geometry', async () => {
    const out = path.join(dir, 'ts.npy');
    const r = await run([TS_NII, out]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('ts.geometry.json');
    const { volume } = await readNiftiNrrd(TS_NII);
    const npy = readNpyInt16(out);
    expect(npy.shape).toEqual([112, 101, 122]);
    expect(sameVoxels(npy.data, volume.voxels)).toBe(true);
    const g = JSON.parse(fs.readFileSync(path.join(dir, 'ts.geometry.json'), 'utf8'));
    expect(g).toMatchObject({ space: 'LPS', dims: volume.dims, spacing: volume.spacing, origin: volume.origin, direction: volume.direction });
    expect(g.array).toEqual({ dtype: 'int16', units: 'HU', shape: [112, 101, 122], axes: ['z', 'y', 'x'] });
  });

  it.skipIf(!hasData(TS_NII))('.nii.gz → .mhd --compress → .nrrd → .nii: voxels and geometry survive every hop (--json result)', async () => {
    const { volume } = await readNiftiNrrd(TS_NII);
    const mhd = path.join(dir, 'ts.mhd');
    const r1 = await run([TS_NII, mhd, '--compress', '--json']);
    expect(r1.code).toBe(0);
    const doc = JSON.parse(r1.out);
    expect(doc.output).toEqual({ path: mhd, format: 'metaimage', files: [path.join(dir, 'ts.zraw'), mhd] });
    expect(doc.dims).toEqual([122, 101, 112]);
    const m = (await readMetaImage(mhd)).volume;
    expect(sameVoxels(m.voxels, volume.voxels)).toBe(true);
    expect(m.origin).toEqual(volume.origin);
    expect(m.direction).toEqual(volume.direction);
    const nrrd = path.join(dir, 'ts.nrrd');
    expect((await run([mhd, nrrd])).code).toBe(0);
    const nii = path.join(dir, 'back.nii');
    expect((await run([nrrd, nii])).code).toBe(0);
    const back = (await readNiftiNrrd(nii)).volume;
    expect(sameVoxels(back.voxels, volume.voxels)).toBe(true);
    for (let k = 0; k < 3; k++) expect(back.origin[k]).toBeCloseTo(volume.origin[k]!, 3);
    expect(back.direction).toEqual(volume.direction);
  });

  it.skipIf(!hasData(A0001_DIR))('a DICOM folder → .nii.gz holds the same voxels and geometry as the DICOM reader gives', async () => {
    const out = path.join(dir, 'dicom.nii.gz');
    const r = await run([A0001_DIR, out, '--json']);
    expect(r.code).toBe(0);
    const found = await discoverSeries(A0001_DIR);
    const want = (await loadVolume(found.series[0]!)).volume;
    const got = (await readNiftiNrrd(out)).volume;
    expect(got.dims).toEqual(want.dims);
    expect(sameVoxels(got.voxels, want.voxels)).toBe(true);
    for (let k = 0; k < 3; k++) expect(got.origin[k]).toBeCloseTo(want.origin[k]!, 3);
    for (let k = 0; k < 9; k++) expect(got.direction[k]).toBeCloseTo(want.direction[k]!, 5);
  });

  it('--series picks a series by UID among several; an unknown UID is a not-found error listing the UIDs', async () => {
    const root = path.join(dir, 'two');
    const mk = (fill: number) => ({ dims: [3, 2, 2] as [number, number, number], spacing: [1, 1, 1] as [number, number, number], origin: [0, 0, 0] as [number, number, number], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], voxels: new Int16Array(12).fill(fill) });
    await writeNifti(mk(1), path.join(root, 'a.nii.gz'));
    await writeNifti(mk(2), path.join(root, 'b.nii.gz'));
    const out = path.join(dir, 'pick.npy');
    const first = await run([root, out]);
    expect(first.code).toBe(0);
    expect(first.err).toMatch(/2 series found, using the first \(a\)/);
    expect(readNpyInt16(out).data[0]).toBe(1);
    expect((await run([root, out, '--series', 'b'])).code).toBe(0);
    expect(readNpyInt16(out).data[0]).toBe(2);
    const bad = await run([root, out, '--series', 'zzz', '--json']);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.out).error).toMatchObject({ code: 'not-found' });
    expect(JSON.parse(bad.out).error.message).toMatch(/found: a, b/);
  });

  it('a missing input exits 1; with --json stdout holds {"error": {code, message, file}}', async () => {
    const r = await run([path.join(dir, 'nothing.nii.gz'), path.join(dir, 'x.npy'), '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)).toEqual({ error: { code: 'io.not-found', message: expect.any(String), file: path.join(dir, 'nothing.nii.gz') } });
    expect(fs.existsSync(path.join(dir, 'x.npy'))).toBe(false);
  });

  it('an output extension it cannot write, or a missing OUT, is a usage error (exit 2)', async () => {
    expect((await run([dir, path.join(dir, 'x.png')])).code).toBe(2);
    const r = await run([dir, '--json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.out).error.code).toBe('contract.bad-input');
  });

  it('is reachable through the lungdesk dispatcher, and the usage text lists convert and histogram', async () => {
    let out = '';
    const io = { stdout: (s: string) => (out += s), stderr: () => {} };
    expect(await main(['help'], io)).toBe(0);
    expect(out).toContain('convert PATH OUT');
    expect(out).toContain('histogram PATH');
    expect(out).toContain('.geometry.json');
    expect(await main(['convert'], io)).toBe(2);
  });
});
