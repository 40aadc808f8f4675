import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LungDeskError } from '../../../../electron/common/errors';
import { discoverSeries, loadVolume } from '../../../../electron/core/io';
import { checkVolumeSize, confineDataFile, DEFAULT_MAX_VOLUME_BYTES, maxVolumeBytes } from '../../../../electron/core/io/limits';
import { readMetaImage } from '../../../../electron/core/io/metaimage';
import { readNiftiNrrd } from '../../../../electron/core/io/nifti-nrrd';
import { ctSlice } from './dicom/build-dicom';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-confine-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
const inside = path.join(root, 'dataset');
const outside = path.join(root, 'elsewhere');
fs.mkdirSync(inside);
fs.mkdirSync(outside);
const secret = path.join(outside, 'secret.raw');
fs.writeFileSync(secret, Buffer.alloc(16));

async function errorOf(p: Promise<unknown>): Promise<LungDeskError> {
  const e = await p.then(() => undefined, (x: unknown) => x);
  expect(e).toBeInstanceOf(LungDeskError);
  return e as LungDeskError;
}

const mhd = (name: string, dataFile: string, extra = ''): string => {
  const p = path.join(inside, name);
  fs.writeFileSync(p, `NDims = 3\nDimSize = 2 2 2\nElementSpacing = 1 1 1\nElementType = MET_SHORT\n${extra}ElementDataFile = ${dataFile}\n`);
  return p;
};

describe('MetaImage ElementDataFile stays in the header folder', () => {
  it.each([
    ['../ path', '../elsewhere/secret.raw'],
    ['absolute path elsewhere', secret],
    ['LIST entry with ../', 'LIST\n../elsewhere/secret.raw'],
  ])('%s → io.outside-folder, in a read and in discovery', async (name, df) => {
    const f = mhd(`${name.replace(/\W+/g, '-')}.mhd`, df);
    const e = await errorOf(readMetaImage(f));
    expect(e.code).toBe('io.outside-folder');
    expect(e.message).toContain(f);
    expect(e.message).toMatch(/ElementDataFile/);
    const d = await errorOf(discoverSeries(f));
    expect(d.code).toBe('io.outside-folder');
    fs.rmSync(f);
  });

  it('a symlink in the folder resolving outside → io.outside-folder', async () => {
    fs.symlinkSync(secret, path.join(inside, 'link.raw'));
    const f = mhd('link.mhd', 'link.raw');
    expect((await errorOf(readMetaImage(f))).code).toBe('io.outside-folder');
    const r = await errorOf(discoverSeries(inside));
    expect(r.code).toBe('io.no-series');
    expect(JSON.stringify(r.detail)).toContain('io.outside-folder');
    fs.rmSync(f);
    fs.rmSync(path.join(inside, 'link.raw'));
  });

  it('an absolute path inside the folder and a subfolder are fine', async () => {
    fs.mkdirSync(path.join(inside, 'sub'), { recursive: true });
    fs.writeFileSync(path.join(inside, 'sub', 'ok.raw'), Buffer.alloc(16));
    const a = mhd('abs-ok.mhd', path.join(inside, 'sub', 'ok.raw'));
    expect((await readMetaImage(a)).volume.dims).toEqual([2, 2, 2]);
    const b = mhd('sub-ok.mhd', 'sub/ok.raw');
    expect((await readMetaImage(b)).volume.dims).toEqual([2, 2, 2]);
    fs.rmSync(a);
    fs.rmSync(b);
  });
});

describe('NRRD data file shares the check', () => {
  const nhdr = (name: string, df: string): string => {
    const p = path.join(inside, name);
    fs.writeFileSync(p, `NRRD0004\ntype: short\ndimension: 3\nsizes: 2 2 2\nspacings: 1 1 1\nencoding: raw\nendian: little\ndata file: ${df}\n`);
    return p;
  };
  it('../ and a symlink out → io.outside-folder', async () => {
    const a = nhdr('up.nhdr', '../elsewhere/secret.raw');
    expect((await errorOf(readNiftiNrrd(a))).code).toBe('io.outside-folder');
    fs.symlinkSync(secret, path.join(inside, 'nlink.raw'));
    const b = nhdr('nlink.nhdr', 'nlink.raw');
    expect((await errorOf(readNiftiNrrd(b))).code).toBe('io.outside-folder');
    fs.rmSync(a);
    fs.rmSync(b);
    fs.rmSync(path.join(inside, 'nlink.raw'));
  });
});

describe('the size cap', () => {
  it('defaults to 1 GiB, an option overrides it, then LUNGDESK_MAX_VOLUME_MB', () => {
    expect(maxVolumeBytes()).toBe(DEFAULT_MAX_VOLUME_BYTES);
    expect(DEFAULT_MAX_VOLUME_BYTES).toBe(512 * 512 * 2048 * 2);
    expect(maxVolumeBytes({ maxVolumeBytes: 1000 })).toBe(1000);
    process.env['LUNGDESK_MAX_VOLUME_MB'] = '3';
    try {
      expect(maxVolumeBytes()).toBe(3 * 1024 * 1024);
      expect(maxVolumeBytes({ maxVolumeBytes: 1000 })).toBe(1000);
    } finally {
      delete process.env['LUNGDESK_MAX_VOLUME_MB'];
    }
  });

  it('counts a volume as its int16 size at least (uint8 data still becomes int16 voxels)', () => {
    expect(() => checkVolumeSize('f', [10, 10, 10], 1, { maxVolumeBytes: 1999 })).toThrow(/above the/);
    expect(() => checkVolumeSize('f', [10, 10, 10], 1, { maxVolumeBytes: 2000 })).not.toThrow();
  });

  it('confineDataFile resolves inside names and refuses the rest', () => {
    expect(confineDataFile('/a/b/h.mhd', 'ElementDataFile', 'x.raw')).toBe('/a/b/x.raw');
    expect(() => confineDataFile('/a/b/h.mhd', 'ElementDataFile', '/a/b')).toThrow(LungDeskError);
    expect(() => confineDataFile('/a/b/h.mhd', 'ElementDataFile', '..')).toThrow(/outside/);
  });

  it('a DICOM series above the cap is io.too-large before its volume is allocated', async () => {
    const dir = path.join(root, 'dicom');
    fs.mkdirSync(dir);
    for (const z of [0, 1, 2]) fs.writeFileSync(path.join(dir, `${z}.dcm`), ctSlice({ ipp: [0, 0, z], rows: 8, cols: 8 }));
    const { series } = await discoverSeries(dir);
    const e = await errorOf(loadVolume(series[0]!, undefined, { maxVolumeBytes: 100 }));
    expect(e.code).toBe('io.too-large');
    expect((await loadVolume(series[0]!)).volume.dims).toEqual([8, 8, 3]);
  });
});
