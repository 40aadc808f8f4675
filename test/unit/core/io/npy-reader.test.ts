import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readNpyMask } from '../../../../electron/core/io/npy-reader';
import { npyHeader } from '../../../../electron/core/io/write/npy-writer';
import { writeNpy } from '../../../helpers/npy';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-npy-reader-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const dims: [number, number, number] = [4, 3, 2];
const mask = Uint8Array.from({ length: 24 }, (_, i) => (i % 5 === 0 ? 1 : 0));

describe('readNpyMask', () => {
  it('reads a uint8 (z, y, x) .npy as the x-fastest mask on the grid [nx, ny, nz]', async () => {
    const file = path.join(dir, 'm.npy');
    writeNpy(file, { shape: [2, 3, 4], data: mask });
    expect([...(await readNpyMask(file, dims))]).toEqual([...mask]);
  });

  it("reads numpy's bool masks (|b1) and format 2.0 headers the same way", async () => {
    const file = path.join(dir, 'b.npy');
    const h = npyHeader([2, 3, 4], '|b1');
    // Format 2.0: a 4-byte header length.
    const v2 = Buffer.concat([Buffer.from('\x93NUMPY', 'latin1'), Buffer.from([2, 0]), Buffer.alloc(4), h.subarray(10)]);
    v2.writeUInt32LE(h.length - 10, 8);
    fs.writeFileSync(file, Buffer.concat([v2, mask]));
    expect([...(await readNpyMask(file, dims))]).toEqual([...mask]);
  });

  it('refuses another dtype or Fortran order (io.bad-header), another shape or short data (io.size-mismatch), a missing file (io.not-found), each naming the file', async () => {
    const i16 = path.join(dir, 'i16.npy');
    writeNpy(i16, { shape: [2, 3, 4], data: new Int16Array(24) });
    await expect(readNpyMask(i16, dims)).rejects.toMatchObject({ code: 'io.bad-header', file: i16, message: expect.stringMatching(/<i2 is not uint8/) });
    const fortran = path.join(dir, 'f.npy');
    fs.writeFileSync(fortran, Buffer.concat([Buffer.from(npyHeader([2, 3, 4], '|u1').toString('latin1').replace("'fortran_order': False", "'fortran_order': True "), 'latin1'), mask]));
    await expect(readNpyMask(fortran, dims)).rejects.toMatchObject({ code: 'io.bad-header', message: expect.stringMatching(/Fortran/) });
    const shape = path.join(dir, 's.npy');
    writeNpy(shape, { shape: [3, 2, 4], data: mask });
    await expect(readNpyMask(shape, dims)).rejects.toMatchObject({ code: 'io.size-mismatch', file: shape });
    const short = path.join(dir, 'short.npy');
    fs.writeFileSync(short, Buffer.concat([npyHeader([2, 3, 4], '|u1'), mask.subarray(0, 20)]));
    await expect(readNpyMask(short, dims)).rejects.toMatchObject({ code: 'io.size-mismatch', message: expect.stringMatching(/20 data bytes/) });
    const text = path.join(dir, 'text.npy');
    fs.writeFileSync(text, 'not numpy at all');
    await expect(readNpyMask(text, dims)).rejects.toMatchObject({ code: 'io.bad-header' });
    await expect(readNpyMask(path.join(dir, 'none.npy'), dims)).rejects.toMatchObject({ code: 'io.not-found' });
  });
});
