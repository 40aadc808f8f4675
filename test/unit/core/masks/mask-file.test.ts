import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeMaskFile, encodeMaskFile, readMaskFile, writeDurably } from '../../../../electron/core/masks/mask-file';

const dims: [number, number, number] = [7, 5, 3];
const voxels = Uint8Array.from({ length: 105 }, (_, i) => (i % 11 === 0 ? 2 : i > 60 ? 1 : 0));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-mask-file-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function fileOf(v = voxels): Promise<Buffer> {
  return Buffer.concat((await encodeMaskFile(v, dims)).parts);
}

describe('.ldmask files', () => {
  it('round-trips bit-identically and records the sha256 of the voxels', async () => {
    const enc = await encodeMaskFile(voxels, dims);
    expect(enc.sha256).toBe(createHash('sha256').update(voxels).digest('hex'));
    const file = path.join(dir, 'a.ldmask');
    await writeDurably(file, enc.parts);
    expect(fs.statSync(file).size).toBe(enc.bytes);
    expect(fs.readdirSync(dir)).toEqual(['a.ldmask']); // no temp file left behind
    const back = await readMaskFile(file, dims, enc.sha256);
    expect(Buffer.from(back).equals(Buffer.from(voxels))).toBe(true);
  });

  it('reads in Python as documented: zlib stream after 64 header bytes, (nz, ny, nx) uint8', async () => {
    const file = path.join(dir, 'py.ldmask');
    fs.writeFileSync(file, await fileOf());
    const out = execFileSync('/usr/bin/python3', ['-c', `
import zlib, hashlib, numpy as np, struct, sys
b = open(sys.argv[1], 'rb').read()
nx, ny, nz = struct.unpack('<3I', b[8:20])
a = np.frombuffer(zlib.decompress(b[64:]), np.uint8).reshape(nz, ny, nx)
print(a.shape, int(a[0, 0, 0]), int(a[2, 4, 6]), hashlib.sha256(a.tobytes()).hexdigest() == b[32:64].hex())
`, file]).toString().trim();
    expect(out).toBe(`(3, 5, 7) 2 ${voxels[104]} True`);
  });

  it.each([
    ['cut short', (b: Buffer) => b.subarray(0, b.length - 5), 'io.truncated'],
    ['cut inside the header', (b: Buffer) => b.subarray(0, 30), 'io.truncated'],
    ['not a mask file', () => Buffer.from('\x93NUMPY plus lots of other bytes that make it long enough to hold a header'), 'io.bad-header'],
    ['with a flipped compressed byte', (b: Buffer) => { const c = Buffer.from(b); c[c.length - 6] = c[c.length - 6]! ^ 0xff; return c; }, 'io.truncated'],
    ['with a changed checksum', (b: Buffer) => { const c = Buffer.from(b); c[40] = c[40]! ^ 1; return c; }, 'io.checksum-mismatch'],
    ['with trailing bytes', (b: Buffer) => Buffer.concat([b, Buffer.from([0])]), 'io.bad-header'],
  ])('refuses a file %s with a typed error naming it', async (_what, damage, code) => {
    const file = path.join(dir, 'bad.ldmask');
    await expect(decodeMaskFile(damage(await fileOf()), dims, file)).rejects.toMatchObject({ code, file });
  });

  it('refuses a file on another grid (io.size-mismatch) and one whose voxels are not what the database recorded (io.checksum-mismatch)', async () => {
    const b = await fileOf();
    await expect(decodeMaskFile(b, [5, 7, 3], 'f')).rejects.toMatchObject({ code: 'io.size-mismatch' });
    await expect(decodeMaskFile(b, dims, 'f', '0'.repeat(64))).rejects.toMatchObject({ code: 'io.checksum-mismatch', message: expect.stringContaining('database') });
  });

  it('a missing file is io.not-found naming it', async () => {
    const file = path.join(dir, 'none.ldmask');
    await expect(readMaskFile(file, dims)).rejects.toMatchObject({ code: 'io.not-found', file });
  });
});
