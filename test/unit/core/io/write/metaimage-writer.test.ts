import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { inflateSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { anatomicalOrientation, itkTransformMatrix, writeMetaImage } from '../../../../../electron/core/io/write/metaimage-writer';
import { generateChestPhantom } from '../../../../../electron/core/phantom';
import type { Volume } from '../../../../../electron/core/volume/volume';
import { pythonMissing, runPythonJson } from '../../../../phantom/python-oracle';

const root = mkdtempSync(path.join(tmpdir(), 'ld-mhd-writer-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const ph = generateChestPhantom({ dims: [40, 32, 10], spacing: [2.5, 3, 7.5], origin: [-50.5, -46.25, -200], seed: 2 });

/** A header check that shares no code with the writer: key = value lines into a map. */
function parseHeader(file: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const line of readFileSync(file, 'latin1').split('\n')) {
    if (!line.trim()) continue;
    const eq = line.indexOf(' = ');
    expect(eq).toBeGreaterThan(0);
    m.set(line.slice(0, eq), line.slice(eq + 3));
  }
  return m;
}

describe('writeMetaImage', () => {
  it('writes a LUNA16-style header (keys in ITK order) and a .raw of little-endian int16, x fastest', async () => {
    const mhd = path.join(root, 'scan.mhd');
    await writeMetaImage(ph.volume, mhd);
    const h = parseHeader(mhd);
    expect([...h.keys()]).toEqual([
      'ObjectType', 'NDims', 'BinaryData', 'BinaryDataByteOrderMSB', 'CompressedData', 'TransformMatrix', 'Offset',
      'CenterOfRotation', 'AnatomicalOrientation', 'ElementSpacing', 'DimSize', 'ElementType', 'ElementDataFile',
    ]);
    expect(Object.fromEntries(h)).toMatchObject({
      ObjectType: 'Image', NDims: '3', BinaryData: 'True', BinaryDataByteOrderMSB: 'False', CompressedData: 'False',
      TransformMatrix: '1 0 0 0 1 0 0 0 1', Offset: '-50.5 -46.25 -200', CenterOfRotation: '0 0 0',
      AnatomicalOrientation: 'RAI', ElementSpacing: '2.5 3 7.5', DimSize: '40 32 10', ElementType: 'MET_SHORT',
      ElementDataFile: 'scan.raw',
    });
    const raw = readFileSync(path.join(root, 'scan.raw'));
    expect(raw.length).toBe(40 * 32 * 10 * 2);
    for (let p = 0; p < ph.volume.voxels.length; p += 97) expect(raw.readInt16LE(2 * p)).toBe(ph.volume.voxels[p]);
  });

  it('compressed: writes .zraw with zlib data and CompressedDataSize equal to its size', async () => {
    const mhd = path.join(root, 'z.mhd');
    await writeMetaImage(ph.volume, mhd, { compressed: true });
    const h = parseHeader(mhd);
    expect(h.get('CompressedData')).toBe('True');
    expect(h.get('ElementDataFile')).toBe('z.zraw');
    const z = readFileSync(path.join(root, 'z.zraw'));
    expect(Number(h.get('CompressedDataSize'))).toBe(z.length);
    const data = inflateSync(z);
    expect(data.equals(Buffer.from(ph.volume.voxels.buffer))).toBe(true);
  });

  it('writes TransformMatrix as ITK does (direction columns first) and the matching orientation code', () => {
    // voxel axis 0 runs posterior (+y), axis 1 runs left (+x), axis 2 inferior (-z)
    const d = [0, 1, 0, 1, 0, 0, 0, 0, -1];
    expect(itkTransformMatrix(d)).toEqual([0, 1, 0, 1, 0, 0, 0, 0, -1]);
    const oblique = [0.8, -0.6, 0, 0.6, 0.8, 0, 0, 0, 1];
    expect(itkTransformMatrix(oblique)).toEqual([0.8, 0.6, 0, -0.6, 0.8, 0, 0, 0, 1]);
    expect(anatomicalOrientation(d)).toBe('ARS');
    expect(anatomicalOrientation([1, 0, 0, 0, 1, 0, 0, 0, 1])).toBe('RAI');
    expect(anatomicalOrientation([-1, 0, 0, 0, -1, 0, 0, 0, 1])).toBe('LPI');
  });

  it('rejects a volume whose voxel count disagrees with its dims (contract.bad-input)', async () => {
    const bad: Volume = { ...ph.volume, dims: [40, 32, 11] };
    await expect(writeMetaImage(bad, path.join(root, 'bad.mhd'))).rejects.toMatchObject({ code: 'contract.bad-input' });
  });

  const skip = pythonMissing();
  it.skipIf(skip !== null)(`numpy reads the .raw back as (z, y, x) equal to our voxels${skip ? ` (skipped: ${skip})` : ''}`, async () => {
    const mhd = path.join(root, 'np.mhd');
    await writeMetaImage(ph.volume, mhd);
    const r = runPythonJson<{ shape: number[]; samples: number[]; sum: number }>(
      String.raw`
import sys, json, numpy as np
h = dict(l.split(' = ', 1) for l in open(sys.argv[1]).read().splitlines() if l)
nx, ny, nz = map(int, h['DimSize'].split())
a = np.fromfile(sys.argv[2], dtype='<i2').reshape(nz, ny, nx)
print(json.dumps({'shape': list(a.shape), 'samples': [int(a[z, y, x]) for z, y, x in [(0,0,0), (3,10,20), (9,31,39), (5,16,7)]], 'sum': int(a.astype(np.int64).sum())}))
`,
      [mhd, path.join(root, 'np.raw')],
    );
    expect(r.shape).toEqual([10, 32, 40]);
    const at = (x: number, y: number, z: number): number => ph.volume.voxels[x + 40 * (y + 32 * z)]!;
    expect(r.samples).toEqual([at(0, 0, 0), at(20, 10, 3), at(39, 31, 9), at(7, 16, 5)]);
    expect(r.sum).toBe(ph.volume.voxels.reduce((s, v) => s + v, 0));
  });
});
