import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync, deflateSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { LungDeskError } from '../../../../electron/common/errors';
import { readMetaImage } from '../../../../electron/core/io/metaimage';
import { loadDicomVolume } from '../../../../electron/core/io/dicom/pixels';
import { listFiles } from '../../../../electron/core/io/dicom/series';
import { voxelToWorld } from '../../../../electron/core/volume/volume';
import { LIDC_SERIES_DIR, LUNA_MHD, SEG_DIR, hasData } from './dicom/data-paths';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-mhd-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function write(name: string, content: string | Buffer): string {
  const p = path.join(tmp, name);
  fs.writeFileSync(p, content);
  return p;
}
const header = (lines: Record<string, string>): string => Object.entries(lines).map(([k, v]) => `${k} = ${v}`).join('\n') + '\n';
const base = { ObjectType: 'Image', NDims: '3', DimSize: '2 2 2', ElementSpacing: '0.5 0.6 2', Offset: '1 2 3' };

async function errorOf(p: Promise<unknown>): Promise<LungDeskError> {
  const e = await p.then(() => undefined, (x: unknown) => x);
  expect(e).toBeInstanceOf(LungDeskError);
  return e as LungDeskError;
}

describe('MetaImage on real LUNA16-style files', () => {
  it.skipIf(!hasData(LUNA_MHD) || !hasData(LIDC_SERIES_DIR))(
    'the .mhd of LIDC-IDRI-0001 and its DICOM series give identical HU voxels and world coordinates',
    async () => {
      const mhd = (await readMetaImage(LUNA_MHD)).volume;
      const dcm = (await loadDicomVolume(await listFiles(LIDC_SERIES_DIR))).volume;
      expect(mhd.dims).toEqual(dcm.dims);
      expect(mhd.spacing).toEqual(dcm.spacing);
      expect(mhd.origin).toEqual(dcm.origin);
      expect(mhd.direction).toEqual(dcm.direction);
      for (const ijk of [[0, 0, 0], [511, 511, 132], [100, 200, 60]] as const) {
        expect(voxelToWorld(mhd, [...ijk])).toEqual(voxelToWorld(dcm, [...ijk]));
      }
      // The .mhd was made with HU = pixel*slope + intercept and no -2000 rule (SOURCES.md); the
      // two agree on every voxel because no stored value in this series equals -2000 (its
      // padding value): stored values span -1024…4095, so neither rule ever fires.
      let diff = 0;
      for (let i = 0; i < mhd.voxels.length; i++) if (mhd.voxels[i] !== dcm.voxels[i]) diff++;
      expect(diff).toBe(0);
    },
  );

  it.skipIf(!hasData(SEG_DIR))('reads the LUNA16 lung masks (.zraw): dims, spacing, origin, values {0,3,4,5}', async () => {
    const file = path.join(SEG_DIR, '1.3.6.1.4.1.14519.5.2.1.6279.6001.105756658031515062000744821260.mhd');
    const { volume } = await readMetaImage(file);
    expect(volume.dims).toEqual([512, 512, 121]);
    expect(volume.spacing).toEqual([0.7617189884185791, 0.7617189884185791, 2.5]);
    expect(volume.origin).toEqual([-198.100006, -195, -335.209991]);
    expect([...new Set(volume.voxels)].sort((a, b) => a - b)).toEqual([0, 3, 4, 5]);
  });
});

describe('MetaImage layouts and types (drawn files)', () => {
  it('reads .mhd + .raw with big-endian MET_USHORT (values clamped to int16)', async () => {
    const raw = Buffer.alloc(16);
    [1, 2, 3, 40000, 5, 6, 7, 8].forEach((v, i) => raw.writeUInt16BE(v, 2 * i));
    write('be.raw', raw);
    const p = write('be.mhd', header({ ...base, ElementType: 'MET_USHORT', BinaryDataByteOrderMSB: 'True', ElementDataFile: 'be.raw' }));
    const { volume } = await readMetaImage(p);
    expect(Array.from(volume.voxels)).toEqual([1, 2, 3, 32767, 5, 6, 7, 8]);
    expect(volume.spacing).toEqual([0.5, 0.6, 2]);
    expect(volume.origin).toEqual([1, 2, 3]);
  });

  it('reads .mha with LOCAL data after the header, HeaderSize skipping bytes', async () => {
    const data = Buffer.from(new Int16Array([-1000, 0, 1, 2, 3, 4, 5, 6]).buffer);
    const p = write('local.mha', Buffer.concat([Buffer.from(header({ ...base, ElementType: 'MET_SHORT', HeaderSize: '4', ElementDataFile: 'LOCAL' })), Buffer.alloc(4, 9), data]));
    expect(Array.from((await readMetaImage(p)).volume.voxels)).toEqual([-1000, 0, 1, 2, 3, 4, 5, 6]);
  });

  it('reads HeaderSize -1 as "data at the end of the file"', async () => {
    write('tail.raw', Buffer.concat([Buffer.alloc(10, 1), Buffer.from([1, 2, 3, 4, 5, 6, 7, 8])]));
    const p = write('tail.mhd', header({ ...base, ElementType: 'MET_UCHAR', HeaderSize: '-1', ElementDataFile: 'tail.raw' }));
    expect(Array.from((await readMetaImage(p)).volume.voxels)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('reads ElementDataFile = LIST (one file per slice) and gzip-compressed data', async () => {
    write('s0.raw', gzipSync(Buffer.from([1, 2, 3, 4])));
    write('s1.raw', deflateSync(Buffer.from([5, 6, 7, 8])));
    const p = write('list.mhd', header({ ...base, ElementType: 'MET_CHAR', CompressedData: 'True', ElementDataFile: 'LIST 2D' }) + 's0.raw\ns1.raw\n');
    expect(Array.from((await readMetaImage(p)).volume.voxels)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('rounds MET_FLOAT half to even (numpy rint) and clamps; NaN becomes 0', async () => {
    write('f.raw', Buffer.from(new Float32Array([0.5, 1.5, 2.5, -0.5, -1.7, 1e9, NaN, 3.2]).buffer));
    const p = write('f.mhd', header({ ...base, ElementType: 'MET_FLOAT', ElementDataFile: 'f.raw' }));
    expect(Array.from((await readMetaImage(p)).volume.voxels)).toEqual([0, 2, 2, -0, -2, 32767, 0, 3].map((v) => v + 0));
  });

  it('reads MET_DOUBLE, MET_INT and MET_LONG_LONG', async () => {
    write('d.raw', Buffer.from(new Float64Array([1, 2, 3, 4, 5, 6, 7, -8.4]).buffer));
    expect(Array.from((await readMetaImage(write('d.mhd', header({ ...base, ElementType: 'MET_DOUBLE', ElementDataFile: 'd.raw' })))).volume.voxels)).toEqual([1, 2, 3, 4, 5, 6, 7, -8]);
    write('i.raw', Buffer.from(new Int32Array([1, -2, 3, 4, 5, 6, 7, -100000]).buffer));
    expect(Array.from((await readMetaImage(write('i.mhd', header({ ...base, ElementType: 'MET_INT', ElementDataFile: 'i.raw' })))).volume.voxels)).toEqual([1, -2, 3, 4, 5, 6, 7, -32768]);
    write('l.raw', Buffer.from(new BigInt64Array([1n, -2n, 3n, 4n, 5n, 6n, 7n, 8n]).buffer));
    expect(Array.from((await readMetaImage(write('l.mhd', header({ ...base, ElementType: 'MET_LONG_LONG', ElementDataFile: 'l.raw' })))).volume.voxels)).toEqual([1, -2, 3, 4, 5, 6, 7, 8]);
  });

  it('maps TransformMatrix rows to axis directions as ITK does (direction = transpose of the text)', async () => {
    write('t.raw', Buffer.alloc(8));
    // Axis x along +y, axis y along -x, axis z along +z (each written row is one axis).
    const p = write('t.mhd', header({ ...base, TransformMatrix: '0 1 0 -1 0 0 0 0 1', ElementType: 'MET_UCHAR', ElementDataFile: 't.raw' }));
    const { volume } = await readMetaImage(p);
    expect(volume.direction).toEqual([0, -1, 0, 1, 0, 0, 0, 0, 1]);
    expect(voxelToWorld(volume, [1, 0, 0])).toEqual([1, 2.5, 3]);
  });

  it('reads a 2D image as one slice', async () => {
    write('2d.raw', Buffer.from([1, 2, 3, 4, 5, 6]));
    const p = write('2d.mhd', header({ NDims: '2', DimSize: '3 2', ElementSpacing: '0.5 0.5', ElementType: 'MET_UCHAR', ElementDataFile: '2d.raw' }));
    const { volume } = await readMetaImage(p);
    expect(volume.dims).toEqual([3, 2, 1]);
    expect(volume.spacing).toEqual([0.5, 0.5, 1]);
  });
});

describe('MetaImage errors', () => {
  it('a missing data file is io.not-found naming the data file', async () => {
    const p = write('nodata.mhd', header({ ...base, ElementType: 'MET_SHORT', ElementDataFile: 'absent.raw' }));
    const e = await errorOf(readMetaImage(p));
    expect(e.code).toBe('io.not-found');
    expect(e.message).toContain('absent.raw');
    expect(e.file).toBe(path.join(tmp, 'absent.raw'));
  });

  it('a .raw of the wrong size is io.size-mismatch with expected and actual bytes', async () => {
    write('short.raw', Buffer.alloc(10));
    const e = await errorOf(readMetaImage(write('short.mhd', header({ ...base, ElementType: 'MET_SHORT', ElementDataFile: 'short.raw' }))));
    expect(e.code).toBe('io.size-mismatch');
    expect(e.message).toMatch(/expected 16 bytes, found 10/);
    expect(e.detail).toEqual({ expected: 16, actual: 10 });
  });

  it('compressed data that inflates to the wrong size is io.size-mismatch', async () => {
    write('z.zraw', deflateSync(Buffer.alloc(6)));
    const e = await errorOf(readMetaImage(write('z.mhd', header({ ...base, ElementType: 'MET_UCHAR', CompressedData: 'True', ElementDataFile: 'z.zraw' }))));
    expect(e.code).toBe('io.size-mismatch');
  });

  it('an unknown ElementType is io.unsupported', async () => {
    write('u.raw', Buffer.alloc(16));
    const e = await errorOf(readMetaImage(write('u.mhd', header({ ...base, ElementType: 'MET_HALF', ElementDataFile: 'u.raw' }))));
    expect(e.code).toBe('io.unsupported');
    expect(e.message).toContain('MET_HALF');
  });

  it('NaN spacing, a zero DimSize or a singular TransformMatrix is io.bad-header', async () => {
    write('n.raw', Buffer.alloc(8));
    for (const [k, v] of [['ElementSpacing', 'NaN 1 1'], ['DimSize', '2 0 2'], ['TransformMatrix', '1 0 0 1 0 0 0 0 1'], ['NDims', 'x']] as Array<[string, string]>) {
      const e = await errorOf(readMetaImage(write('n.mhd', header({ ...base, ElementType: 'MET_UCHAR', [k]: v, ElementDataFile: 'n.raw' }))));
      expect(e.code, `${k} = ${v}`).toBe('io.bad-header');
    }
  });

  it('a missing header is io.not-found', async () => {
    expect((await errorOf(readMetaImage(path.join(tmp, 'none.mhd')))).code).toBe('io.not-found');
  });
});
