import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { npyHeader, writeNpy } from '../../../../../electron/core/io/write/npy-writer';
import { pythonMissing, runPythonJson } from '../../../../phantom/python-oracle';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-npy-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const noPython = pythonMissing();

function volume() {
  const dims: [number, number, number] = [5, 4, 3];
  const voxels = new Int16Array(60).map((_, i) => i * 97 - 3000);
  voxels[7] = -32768;
  voxels[8] = 32767;
  return { dims, voxels };
}

describe('npy writer', () => {
  it('header is format 1.0, <i2, C order, shape (nz, ny, nx), data aligned to 64 bytes', () => {
    const h = npyHeader([3, 4, 5]);
    expect(h.length % 64).toBe(0);
    expect(h.subarray(0, 8)).toEqual(Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]));
    expect(h.readUInt16LE(8)).toBe(h.length - 10);
    expect(h.toString('latin1', 10)).toMatch(/^\{'descr': '<i2', 'fortran_order': False, 'shape': \(3, 4, 5\), \} *\n$/);
  });

  it('bytes are the x-fastest voxels right after the header', async () => {
    const v = volume();
    const file = path.join(dir, 'a.npy');
    await writeNpy(v, file);
    const b = fs.readFileSync(file);
    const hl = 10 + b.readUInt16LE(8);
    expect(b.length).toBe(hl + 120);
    expect(new Int16Array(b.buffer.slice(b.byteOffset + hl, b.byteOffset + b.length))).toEqual(v.voxels);
    expect(fs.readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it.skipIf(noPython !== null)('numpy.load gives int16 shape (nz, ny, nx) with a[z, y, x] = voxels[x + nx·(y + ny·z)], and the same header bytes numpy.save writes', async () => {
    const v = volume();
    const file = path.join(dir, 'b.npy');
    const theirs = path.join(dir, 'np.npy');
    await writeNpy(v, file);
    const r = runPythonJson<{ dtype: string; shape: number[]; flat: number[]; a123: number; same: boolean }>(
      `import sys, json, numpy as np
a = np.load(sys.argv[1])
np.save(sys.argv[2], a)
same = open(sys.argv[1], 'rb').read() == open(sys.argv[2], 'rb').read()
print(json.dumps({'dtype': a.dtype.str, 'shape': list(a.shape), 'flat': a.ravel().tolist(), 'a123': int(a[1, 2, 3]), 'same': same}))`,
      [file, theirs],
    );
    expect(r.dtype).toBe('<i2');
    expect(r.shape).toEqual([3, 4, 5]);
    expect(r.flat).toEqual(Array.from(v.voxels));
    expect(r.a123).toBe(v.voxels[3 + 5 * (2 + 4 * 1)]);
    expect(r.same).toBe(true);
  });

  it('refuses voxels that do not match dims (contract.bad-input)', async () => {
    await expect(writeNpy({ dims: [2, 2, 2], voxels: new Int16Array(7) }, path.join(dir, 'c.npy'))).rejects.toMatchObject({ code: 'contract.bad-input' });
  });
});
