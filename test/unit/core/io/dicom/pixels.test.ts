import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LungDeskError } from '../../../../../electron/common/errors';
import { parseDicom } from '../../../../../electron/core/io/dicom/parse';
import { decodeSliceToHu, loadDicomSlices, loadDicomVolume, sliceToHu } from '../../../../../electron/core/io/dicom/pixels';
import { sliceHeaderOf } from '../../../../../electron/core/io/dicom/slice-header';
import { listFiles } from '../../../../../electron/core/io/dicom/series';
import { A0001_DIR, A0002_DIR, TOTALSEG_DIR, hasData } from './data-paths';
import { TS, ctSlice, type SliceSpec } from './build-dicom';
import { withFragments } from './codecs/compressed-files';

/** HU of a drawn slice through both decoders (generic and fast path must agree). */
function hu(spec: SliceSpec): number[] {
  const f = parseDicom(ctSlice(spec), { file: 'drawn.dcm' });
  const h = sliceHeaderOf(f);
  const a = new Int16Array(h.rows * h.columns);
  const b = new Int16Array(h.rows * h.columns);
  decodeSliceToHu(f, h, a, 0);
  sliceToHu(f, h, b, 0);
  expect(Array.from(b)).toEqual(Array.from(a));
  return Array.from(a);
}

describe('stored value → HU (seed get_pixels_hu)', () => {
  it('adds the intercept to signed 16-bit values', () => {
    expect(hu({ pixels: [0, 1024, -1024, 3000], intercept: '-1024' })).toEqual([-1024, 0, -2048, 1976]);
  });

  it('maps stored -2000 to 0 before rescaling (tutorial padding rule)', () => {
    expect(hu({ pixels: [-2000, 5, 0, 0], intercept: '-1024' })).toEqual([-1024, -1019, -1024, -1024]);
  });

  it('maps PixelPaddingValue to 0 stored, i.e. to the intercept value', () => {
    expect(hu({ pixels: [-3000, 5, 0, 0], padding: -3000, intercept: '-1024' })).toEqual([-1024, -1019, -1024, -1024]);
    expect(hu({ pixels: [63536, 5, 0, 0], pixelRepresentation: 0, padding: 63536, intercept: '-1024' })).toEqual([-1024, -1019, -1024, -1024]);
  });

  it('views unsigned 16-bit stored values as int16 (values above 32767 wrap, as numpy astype)', () => {
    expect(hu({ pixels: [40000, 32767, 0, 65535], pixelRepresentation: 0, intercept: '0' })).toEqual([-25536, 32767, 0, -1]);
  });

  it('masks bits above BitsStored and sign-extends signed 12-bit data', () => {
    // 0xF123 with 12 stored bits is 0x123 = 291 unsigned; 0x0FFF signed is -1.
    expect(hu({ pixels: [0xf123, 0x0fff, 0x0800, 1], bitsStored: 12, pixelRepresentation: 0, intercept: '0' })).toEqual([291, 4095, 2048, 1]);
    expect(hu({ pixels: [0xf123, 0x0fff, 0x0800, 1], bitsStored: 12, pixelRepresentation: 1, intercept: '0' })).toEqual([291, -1, -2048, 1]);
  });

  it('honours HighBit when the stored bits are not at the bottom', () => {
    expect(hu({ pixels: [0x0010, 0x0020, 0, 0xffff], bitsStored: 12, highBit: 15, pixelRepresentation: 0, intercept: '0' })).toEqual([1, 2, 0, 4095]);
  });

  it('truncates slope × value toward zero, then adds trunc(intercept)', () => {
    expect(hu({ pixels: [3, -3, 7, 1], slope: '0.5', intercept: '-1024.7' })).toEqual([-1023, -1025, -1021, -1024]);
  });

  it('clamps results outside int16 instead of wrapping (a stated departure from the seed)', () => {
    expect(hu({ pixels: [32000, -32000, 0, 0], intercept: '2000' })).toEqual([32767, -30000, 2000, 2000]);
    expect(hu({ pixels: [32000, -32000, 0, 0], intercept: '-2000' })).toEqual([30000, -32768, -2000, -2000]);
  });

  it('decodes big-endian 16-bit data (Explicit VR BE)', () => {
    expect(hu({ ts: TS.explicitBE, pixels: [1, -2, 300, -2000], intercept: '0' })).toEqual([1, -2, 300, 0]);
  });

  it('decodes 8-bit and 32-bit data', () => {
    expect(hu({ bitsAllocated: 8, pixelRepresentation: 0, pixels: [0, 255, 128, 7], intercept: '-100' })).toEqual([-100, 155, 28, -93]);
    expect(hu({ bitsAllocated: 32, pixelRepresentation: 1, pixels: [-5, 70000, 1, -1000], intercept: '0' })).toEqual([-5, 4464, 1, -1000]);
  });

  it('refuses compressed pixel data without a decoder (JPEG baseline) as io.unsupported naming the transfer syntax', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-jpeg-'));
    try {
      const file = path.join(dir, 'baseline.dcm');
      fs.writeFileSync(file, withFragments(ctSlice({ ts: '1.2.840.10008.1.2.4.50', rows: 2, cols: 2 }), [Buffer.from([0xff, 0xd8, 0xff, 0xd9])]));
      const e = await loadDicomVolume([file]).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(LungDeskError);
      expect((e as LungDeskError).code).toBe('io.unsupported');
      expect((e as LungDeskError).message).toContain('JPEG Baseline (Process 1) (1.2.840.10008.1.2.4.50)');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(!hasData(TOTALSEG_DIR))('decodes a compressed series (JPEG 2000 Lossless) like a native one', async () => {
    const files = await listFiles(TOTALSEG_DIR);
    const { volume } = await loadDicomVolume(files);
    expect(volume.dims).toEqual([512, 512, 20]);
  });
});

// Reference values from /work/shared/reference/seed_pipeline.py (load_dicom_series + get_pixels_hu,
// pydicom 2.3.1): sum over all voxels, min, max, and hu[3,100,200], hu[10,256,256], hu[-1,400,30].
const SEED = {
  A0001: { dir: A0001_DIR, sum: -11340864126, min: -1024, max: 2976, v: [-1013, 130, -921] },
  A0002: { dir: A0002_DIR, sum: -4212661004, min: -1024, max: 1548, v: [-104, -45, -872] },
};

describe('loadDicomVolume matches the seed on real unsigned series', () => {
  for (const [name, ref] of Object.entries(SEED)) {
    it.skipIf(!hasData(ref.dir))(`${name}: HU sum, range and sample voxels equal the seed's`, async () => {
      const files = (await listFiles(ref.dir)).reverse(); // order given must not matter
      const { volume } = await loadDicomVolume(files);
      const [nx, ny, nz] = volume.dims;
      let sum = 0;
      let min = 32767;
      let max = -32768;
      for (const v of volume.voxels) {
        sum += v;
        if (v < min) min = v;
        if (v > max) max = v;
      }
      expect([sum, min, max]).toEqual([ref.sum, ref.min, ref.max]);
      const at = (z: number, y: number, x: number) => volume.voxels[x + nx * (y + ny * z)];
      expect([at(3, 100, 200), at(10, 256, 256), at(nz - 1, 400, 30)]).toEqual(ref.v);
    });
  }
});

describe('a series with missing slices on its slot grid', () => {
  /** Slices at z 0, 1, 3, 4, 6 (slots 2 and 5 missing), 2×2 pixels holding 10·slot + i; one big-endian (JS decoder). */
  function gappedSeries(): { dir: string; files: string[] } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-gap-'));
    const zs = [0, 1, 3, 4, 6];
    const files = zs.map((z, i) => {
      const file = path.join(dir, `s${i}.dcm`);
      const spec: SliceSpec = { ipp: [0, 0, z], instance: i + 1, intercept: '0', pixels: [10 * z, 10 * z + 1, 10 * z + 2, i === 0 ? -2000 : 10 * z + 3] };
      if (z === 4) spec.ts = TS.explicitBE;
      fs.writeFileSync(file, ctSlice(spec));
      return file;
    });
    return { dir, files };
  }

  it('puts each slice at its slot, fills missing slots with -2000 and lists them; counts outside-the-field pixels', async () => {
    const { dir, files } = gappedSeries();
    try {
      const r = await loadDicomVolume([...files].reverse());
      expect(r.volume.dims).toEqual([2, 2, 7]);
      expect(r.volume.spacing[2]).toBe(1);
      expect(r.missingSlices).toEqual([2, 5]);
      const slice = (k: number) => Array.from(r.volume.voxels.subarray(4 * k, 4 * k + 4));
      expect(slice(0)).toEqual([0, 1, 2, 0]); // stored -2000 → 0 + intercept 0 (tutorial rule)
      expect(slice(1)).toEqual([10, 11, 12, 13]);
      expect(slice(2)).toEqual([-2000, -2000, -2000, -2000]);
      expect(slice(3)).toEqual([30, 31, 32, 33]);
      expect(slice(4)).toEqual([40, 41, 42, 43]); // big endian: the JS decoder, at its slot
      expect(slice(5)).toEqual([-2000, -2000, -2000, -2000]);
      expect(slice(6)).toEqual([60, 61, 62, 63]);
      expect(r.outsideField).toEqual([{ hu: 0, voxels: 1 }]);
      expect(r.warnings.join()).toContain('missing slices: 2 of 7 slot(s) have no file (2 gap(s): slot 2 (z 2 mm); slot 5 (z 5 mm))');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('direct slice reads give padding for a missing slot (null file)', async () => {
    const { dir, files } = gappedSeries();
    try {
      const r = await loadDicomSlices([files[1]!, null, files[2]!], 2, 2);
      expect(Array.from(r!.voxels)).toEqual([10, 11, 12, 13, -2000, -2000, -2000, -2000, 30, 31, 32, 33]);
      expect(r!.min).toBe(-2000);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a slice read `now` is done before work queued meanwhile runs; a plain read lets that work go first', async () => {
    const { dir, files } = gappedSeries();
    const order = async (now: boolean): Promise<string[]> => {
      // Past the reader's yield interval, so a plain read yields at its first header.
      await new Promise((r) => setTimeout(r, 20));
      const seen: string[] = [];
      setImmediate(() => seen.push('queued work'));
      const r = await loadDicomSlices([files[1]!], 2, 2, { now });
      seen.push(`slice ${r!.voxels[0]}`);
      await new Promise((r) => setImmediate(r));
      return seen;
    };
    try {
      expect(await order(true)).toEqual(['slice 10', 'queued work']);
      expect(await order(false)).toEqual(['queued work', 'slice 10']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
