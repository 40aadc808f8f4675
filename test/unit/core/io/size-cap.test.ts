import { constants, createDeflate, createGzip } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { LungDeskError } from '../../../../electron/common/errors';
import { discoverSeries, loadVolume } from '../../../../electron/core/io';
import { readMetaImage } from '../../../../electron/core/io/metaimage';
import { readNiftiNrrd } from '../../../../electron/core/io/nifti-nrrd';
import { buildNifti1 } from './nifti-fixtures';
import { errorOf, scratchFolder } from './scratch-files';

// A declared volume above the cap is refused before anything of its size is allocated, and a
// compressed stream is inflated with an output cap, so a bomb is refused quickly and lightly.

const GiB = 1024 ** 3;
const { write } = scratchFolder('lungdesk-cap-');


/** `bytes` of zeros through a zlib or gzip stream, fed 1 MiB at a time: ~1 MB out per GiB in. */
async function zeroBomb(bytes: number, kind: 'zlib' | 'gzip'): Promise<Buffer> {
  const z = kind === 'zlib' ? createDeflate({ level: constants.Z_BEST_SPEED }) : createGzip({ level: constants.Z_BEST_SPEED });
  const parts: Buffer[] = [];
  z.on('data', (b: Buffer) => parts.push(b));
  const done = new Promise<void>((resolve, reject) => {
    z.on('end', resolve);
    z.on('error', reject);
  });
  const chunk = Buffer.alloc(1 << 20);
  for (let sent = 0; sent < bytes; sent += chunk.length) {
    if (!z.write(chunk)) await new Promise((r) => z.once('drain', r));
  }
  z.end();
  await done;
  return Buffer.concat(parts);
}

let zlib1GiB: Buffer;
let gzip1GiB: Buffer;
beforeAll(async () => {
  [zlib1GiB, gzip1GiB] = await Promise.all([zeroBomb(GiB, 'zlib'), zeroBomb(GiB, 'gzip')]);
}, 120_000);

/** Heap + array buffers + RSS growth while `run` runs, sampled after. */
async function growth(run: () => Promise<unknown>): Promise<number> {
  const before = process.memoryUsage();
  await run();
  const after = process.memoryUsage();
  return Math.max(after.arrayBuffers - before.arrayBuffers, after.heapUsed - before.heapUsed);
}

describe('declared size above the cap → io.too-large before allocating', () => {
  it('a 1 MB NIfTI declaring 30000³ int16 voxels answers io.too-large at once (read and discovery)', async () => {
    const f = write('huge.nii', Buffer.concat([buildNifti1({ dims: [30000, 30000, 30000], datatype: 4, bitpix: 16, data: Buffer.alloc(0) }), Buffer.alloc(1 << 20)]));
    const e = await errorOf(readNiftiNrrd(f));
    expect(e.code).toBe('io.too-large');
    expect(e.message).toContain(f);
    expect(e.message).toMatch(/30000×30000×30000/);
    expect((await errorOf(discoverSeries(f))).code).toBe('io.too-large');
  });

  it('a MetaImage declaring 100000³ voxels and an NRRD declaring 100000³ → io.too-large', async () => {
    const m = write('huge.mha', 'NDims = 3\nDimSize = 100000 100000 100000\nElementSpacing = 1 1 1\nElementType = MET_SHORT\nElementDataFile = LOCAL\n' + '\0'.repeat(1 << 20));
    expect((await errorOf(readMetaImage(m))).code).toBe('io.too-large');
    expect((await errorOf(discoverSeries(m))).code).toBe('io.too-large');
    const n = write('huge.nrrd', 'NRRD0004\ntype: short\ndimension: 3\nsizes: 100000 100000 100000\nencoding: gzip\nendian: little\n\n');
    expect((await errorOf(readNiftiNrrd(n))).code).toBe('io.too-large');
  });

  it('the cap is an option (maxVolumeBytes) and LUNGDESK_MAX_VOLUME_MB', async () => {
    const data = Buffer.alloc(64 * 64 * 64 * 2);
    const f = write('small.nii', buildNifti1({ dims: [64, 64, 64], datatype: 4, bitpix: 16, data }));
    const e = await errorOf(readNiftiNrrd(f, undefined, { maxVolumeBytes: 100_000 }));
    expect(e.code).toBe('io.too-large');
    expect(e.detail).toMatchObject({ cap: 100_000, bytes: 64 * 64 * 64 * 2 });
    process.env['LUNGDESK_MAX_VOLUME_MB'] = '0.1';
    try {
      expect((await errorOf(loadVolume({ format: 'nifti', files: [f] }))).code).toBe('io.too-large');
    } finally {
      delete process.env['LUNGDESK_MAX_VOLUME_MB'];
    }
    expect((await readNiftiNrrd(f)).volume.dims).toEqual([64, 64, 64]);
  });
});

describe('compressed bombs (1 GiB of zeros in about 1 MB)', () => {
  it('the bomb is small on disk', () => {
    expect(zlib1GiB.length).toBeLessThan(8 << 20);
    expect(gzip1GiB.length).toBeLessThan(8 << 20);
  });

  it('MetaImage CompressedData declaring 64³ shorts: inflation stops at the declared size (io.size-mismatch), without 1 GiB', async () => {
    const hdr = 'NDims = 3\nDimSize = 64 64 64\nElementSpacing = 1 1 1\nElementType = MET_SHORT\nCompressedData = True\nElementDataFile = bomb.zraw\n';
    const f = write('bomb.mhd', hdr);
    write('bomb.zraw', zlib1GiB);
    let e: LungDeskError | undefined;
    const grew = await growth(async () => {
      e = await errorOf(readMetaImage(f));
    });
    expect(e!.code).toBe('io.size-mismatch');
    expect(e!.message).toMatch(/inflates to more/);
    expect(grew).toBeLessThan(256 << 20);
  });

  it('MetaImage CompressedData declaring 1 GiB above a 256 MiB cap → io.too-large before inflating', async () => {
    const hdr = 'NDims = 3\nDimSize = 1024 1024 512\nElementSpacing = 1 1 1\nElementType = MET_SHORT\nCompressedData = True\nElementDataFile = bomb2.zraw\n';
    const f = write('bomb2.mhd', hdr);
    write('bomb2.zraw', zlib1GiB);
    const e = await errorOf(readMetaImage(f, undefined, { maxVolumeBytes: 256 << 20 }));
    expect(e.code).toBe('io.too-large');
  });

  it('.nii.gz whose gzip inflates to 1 GiB while the header declares 64³: io.size-mismatch without inflating it all', async () => {
    const hdr = buildNifti1({ dims: [64, 64, 64], datatype: 4, bitpix: 16, data: Buffer.alloc(0) });
    // A gzip member for the header, then the bomb as a second member: one .nii.gz stream.
    const { gzipSync } = await import('node:zlib');
    const f = write('bomb.nii.gz', Buffer.concat([gzipSync(hdr), gzip1GiB]));
    let e: LungDeskError | undefined;
    const grew = await growth(async () => {
      e = await errorOf(readNiftiNrrd(f));
    });
    expect(e!.code).toBe('io.size-mismatch');
    expect(grew).toBeLessThan(256 << 20);
  });

  it('.nii.gz declaring 1024×1024×512 int16 under a 256 MiB cap → io.too-large before inflating', async () => {
    const hdr = buildNifti1({ dims: [1024, 1024, 512], datatype: 4, bitpix: 16, data: Buffer.alloc(0) });
    const { gzipSync } = await import('node:zlib');
    const f = write('bomb2.nii.gz', Buffer.concat([gzipSync(hdr), gzip1GiB]));
    expect((await errorOf(readNiftiNrrd(f, undefined, { maxVolumeBytes: 256 << 20 }))).code).toBe('io.too-large');
  });

  it('gzip NRRD whose data inflates past its sizes → io.size-mismatch', async () => {
    const f = write('bomb.nrrd', Buffer.concat([Buffer.from('NRRD0004\ntype: short\ndimension: 3\nsizes: 64 64 64\nspacings: 1 1 1\nencoding: gzip\nendian: little\n\n'), gzip1GiB]));
    const e = await errorOf(readNiftiNrrd(f));
    expect(e.code).toBe('io.size-mismatch');
  });
});
