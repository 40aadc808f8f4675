import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { preprocessCommand } from '../../../electron/cli/commands/preprocess';
import { readNpy } from '../../helpers/npy';
import { SHARED_DATA, SHARED_REFERENCE } from '../../helpers/shared-data';

const python = '/usr/bin/python3';
const LIDC = path.join(SHARED_DATA, 'LIDC-IDRI-0001');
const haveSeed =
  fs.existsSync(LIDC) && fs.existsSync(python) && spawnSync(python, ['-c', 'import numpy, scipy, skimage, pydicom'], { encoding: 'utf8' }).status === 0;

function dice(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let inter = 0, sa = 0, sb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ? 1 : 0, y = b[i] ? 1 : 0;
    inter += x & y; sa += x; sb += y;
  }
  return sa + sb === 0 ? 1 : (2 * inter) / (sa + sb);
}

// Issue 5's acceptance check, side by side with the seed pipeline itself on the same scan.
describe.skipIf(!haveSeed)('lungdesk preprocess on LIDC-IDRI-0001 against the seed pipeline (linear resampling)', () => {
  let ours: string;
  let seed: string;
  beforeAll(async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-pp-'));
    ours = path.join(root, 'ours');
    seed = path.join(root, 'seed');
    const series = path.join(LIDC, fs.readdirSync(LIDC).find((d) => !d.startsWith('.'))!);
    const seriesDir = path.join(series, fs.readdirSync(series)[0]!);
    const annotations = path.join(SHARED_DATA, 'annotations.csv');
    let out = '';
    const code = await preprocessCommand([LIDC, '--out', ours, '--interp', 'linear', '--annotations', annotations, '--json'], { stdout: (s) => (out += s), stderr: () => {} });
    expect(code).toBe(0);
    expect(JSON.parse(out).timings.map((t: { step: string }) => t.step)).toContain('resample');
    const r = spawnSync(python, [path.join(SHARED_REFERENCE, 'seed_pipeline.py'), seriesDir, '--out', seed, '--order', '1', '--annotations', annotations], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
  }, 240_000);

  it('writes the same HU and resampled grid as the seed', () => {
    for (const f of ['hu.npy', 'resampled.npy']) {
      const a = readNpy(path.join(ours, f));
      const b = readNpy(path.join(seed, f));
      expect(a.shape).toEqual(b.shape);
      expect(Buffer.compare(Buffer.from(a.data.buffer, a.data.byteOffset, a.data.byteLength), Buffer.from(b.data.buffer, b.data.byteOffset, b.data.byteLength))).toBe(0);
    }
  });

  it('lung masks agree with the seed (Dice ≥ 0.98)', () => {
    for (const f of ['lungmask.npy', 'lungmask_nofill.npy', 'lungmask_dilated.npy']) {
      const a = readNpy(path.join(ours, f));
      const b = readNpy(path.join(seed, f));
      expect(a.shape).toEqual(b.shape);
      expect(dice(a.data, b.data)).toBeGreaterThanOrEqual(0.98);
    }
  });

  it("nodule slices and masks match the reference construction voxel for voxel (LUNA16 row 306)", () => {
    for (const f of ['images_306.npy', 'masks_306.npy', 'masks_306_seed.npy']) {
      const a = readNpy(path.join(ours, 'nodules', f));
      const b = readNpy(path.join(seed, 'nodules', f));
      expect(a.shape).toEqual(b.shape);
      expect(Array.from(a.data)).toEqual(Array.from(b.data));
    }
  });
});

describe('lungdesk preprocess errors', () => {
  it('a missing path exits non-zero with a typed error, and --out is required', async () => {
    let out = '';
    const code = await preprocessCommand([path.join(os.tmpdir(), 'no-such-scan'), '--out', os.tmpdir(), '--json'], { stdout: (s) => (out += s), stderr: () => {} });
    expect(code).not.toBe(0);
    expect(JSON.parse(out).error.code).toBe('io.not-found');
    await expect(preprocessCommand(['x'], { stdout: () => {}, stderr: () => {} })).rejects.toThrow(/--out DIR is required/);
  });
});
