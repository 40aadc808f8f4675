import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { LungDeskError } from '../../../../../../electron/common/errors';
import { CODEC_UIDS, decodeFrame, ensureCodec } from '../../../../../../electron/core/io/dicom/codecs';
import { parseDicom } from '../../../../../../electron/core/io/dicom/parse';
import { decodeSliceToHu } from '../../../../../../electron/core/io/dicom/pixels';
import { sliceHeaderOf } from '../../../../../../electron/core/io/dicom/slice-header';
import { DECODABLE_COMPRESSED, transferSyntaxOf } from '../../../../../../electron/core/io/dicom/transfer-syntax';
import { discoverSeries, loadVolume } from '../../../../../../electron/core/io';
import { PYTHON, pythonMissing } from '../../../../../phantom/python-oracle';
import { ctSlice, encapsulatedPixels, part10, us } from '../build-dicom';
import { TOTALSEG_DIR, WG04_DIR, hasData } from '../data-paths';
import { fragmentsOf, withFragments } from './compressed-files';

const LOSSLESS = ['CT1_JPLL', 'CT1_JLSL', 'CT1_J2KR', 'CT1_RLE'] as const;
const ALL = [...LOSSLESS, 'CT1_J2KI'] as const;
const wg04 = (name: string) => path.join(WG04_DIR, name);

function parsed(buf: Buffer, file: string) {
  const f = parseDicom(buf, { file });
  return { f, h: sliceHeaderOf(f) };
}

/** Stored values (native Int16) and HU of a file. */
function decode(buf: Buffer, file: string): { stored: Int16Array; hu: Int16Array } {
  const { f, h } = parsed(buf, file);
  const hu = new Int16Array(h.rows * h.columns);
  decodeSliceToHu(f, h, hu, 0);
  let stored: Int16Array;
  if (f.pixelData?.encapsulated) stored = decodeFrame(f, h) as Int16Array;
  else stored = new Int16Array(new Uint8Array(buf.subarray(f.pixelData!.offset, f.pixelData!.offset + f.pixelData!.length!)).buffer);
  return { stored, hu };
}

function errorOf(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('codec registry', () => {
  it('has a decoder for exactly the syntaxes transfer-syntax.ts marks decodable', () => {
    expect([...CODEC_UIDS].sort()).toEqual([...DECODABLE_COMPRESSED].sort());
    for (const uid of CODEC_UIDS) expect(transferSyntaxOf(uid)).toMatchObject({ encapsulated: true, decodable: true });
    expect(transferSyntaxOf('1.2.840.10008.1.2.1').decodable).toBe(true);
    expect(transferSyntaxOf('1.2.840.10008.1.2.4.50').decodable).toBe(false);
  });

  it('ensureCodec refuses JPEG baseline and unknown syntaxes as io.unsupported naming the file', async () => {
    const e = await ensureCodec('1.2.840.10008.1.2.4.50', 'a.dcm').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(LungDeskError);
    expect((e as LungDeskError).code).toBe('io.unsupported');
    expect((e as LungDeskError).message).toMatch(/a\.dcm: .*JPEG Baseline.*not used for diagnostic CT/);
    expect(((await ensureCodec('1.2.3.4.5').catch((x: unknown) => x)) as LungDeskError).code).toBe('io.unsupported');
    await expect(ensureCodec('1.2.840.10008.1.2')).resolves.toBeUndefined();
  });

  it('a multi-frame compressed image is io.unsupported', async () => {
    await ensureCodec('1.2.840.10008.1.2.5');
    const base = ctSlice({ ts: '1.2.840.10008.1.2.5', rows: 2, cols: 2, extra: Buffer.alloc(0) });
    // NumberOfFrames (0028,0008) IS "2" goes before Rows; rebuild the dataset with it.
    const file = withFragments(insertNumberOfFrames(base), [Buffer.alloc(64)]);
    const { f, h } = parsed(file, 'mf.dcm');
    const e = errorOf(() => decodeFrame(f, h)) as LungDeskError;
    expect(e.code).toBe('io.unsupported');
    expect(e.message).toContain('multi-frame');
  });

  it('32-bit compressed data is io.unsupported', async () => {
    await ensureCodec('1.2.840.10008.1.2.5');
    const f32 = withFragments(ctSlice({ ts: '1.2.840.10008.1.2.5', rows: 1, cols: 1, bitsAllocated: 32 }), [Buffer.alloc(64)]);
    const a = parsed(f32, 'b32.dcm');
    expect((errorOf(() => decodeFrame(a.f, a.h)) as LungDeskError).code).toBe('io.unsupported');
  });
});

function insertNumberOfFrames(file: Buffer): Buffer {
  const f = parseDicom(file, { file: 'x', headerOnly: true });
  const rows = f.elements.get(0x00280010)!;
  const at = rows.offset - 8;
  const nf = Buffer.from([0x28, 0x00, 0x08, 0x00, 0x49, 0x53, 0x02, 0x00, 0x32, 0x20]);
  return Buffer.concat([file.subarray(0, at), nf, file.subarray(at)]);
}

describe.skipIf(!hasData(WG04_DIR))('WG04 CT1 in five compressed syntaxes against the uncompressed reference', () => {
  const files = new Map<string, Buffer>();
  let ref: { stored: Int16Array; hu: Int16Array };
  beforeAll(async () => {
    for (const n of [...ALL, 'CT1_UNC']) files.set(n, fs.readFileSync(wg04(n)));
    for (const n of ALL) await ensureCodec(parsed(files.get(n)!, n).h.transferSyntaxUid);
    ref = decode(files.get('CT1_UNC')!, 'CT1_UNC');
  });

  for (const name of LOSSLESS) {
    it(`${name} decodes to exactly the stored values and HU of CT1_UNC`, () => {
      const got = decode(files.get(name)!, wg04(name));
      expect(got.stored).toBeInstanceOf(Int16Array); // PixelRepresentation 1
      expect(Buffer.from(got.stored.buffer, got.stored.byteOffset, got.stored.byteLength).equals(Buffer.from(ref.stored.buffer))).toBe(true);
      expect(Buffer.from(got.hu.buffer).equals(Buffer.from(ref.hu.buffer))).toBe(true);
    });
  }

  for (const name of LOSSLESS) {
    it(`${name} re-wrapped as a single fragment (a view into the file's buffer) decodes identically`, () => {
      const buf = files.get(name)!;
      const one = Buffer.concat(fragmentsOf(buf));
      const file = withFragments(buf, [one.length % 2 ? Buffer.concat([one, Buffer.alloc(1)]) : one]);
      const got = decode(file, `single-${name}`);
      expect(Buffer.from(got.hu.buffer).equals(Buffer.from(ref.hu.buffer))).toBe(true);
    });
  }

  it('CT1_J2KI (lossy JPEG 2000) is close: stored values within 352 of the reference', () => {
    const got = decode(files.get('CT1_J2KI')!, wg04('CT1_J2KI'));
    let maxDiff = 0;
    let sumDiff = 0;
    for (let i = 0; i < got.stored.length; i++) {
      const d = Math.abs(got.stored[i]! - ref.stored[i]!);
      sumDiff += d;
      if (d > maxDiff) maxDiff = d;
    }
    console.log(`CT1_J2KI: max |Δ stored| = ${maxDiff}, mean = ${(sumDiff / got.stored.length).toFixed(2)}`);
    expect(maxDiff).toBeGreaterThan(0);
    expect(maxDiff).toBeLessThanOrEqual(352);
    expect(sumDiff / got.stored.length).toBeLessThan(50);
  });

  for (const name of ALL) {
    it(`${name}: flipped bytes and truncation inside the codestream end in a LungDeskError naming file and codec, never another exception`, () => {
      const buf = files.get(name)!;
      const frag = Buffer.concat(fragmentsOf(buf)); // one frame may span fragments; one fragment is as valid
      let seed = 12345;
      const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
      const variants: Buffer[] = [
        frag!.subarray(0, 16),
        frag!.subarray(0, frag!.length >> 1),
        frag!.subarray(0, frag!.length - 100),
        Buffer.alloc(0),
        Buffer.alloc(2000, 0xff),
        Buffer.from(frag!).fill(0, 8, 400),
      ];
      for (let k = 0; k < 6; k++) {
        const b = Buffer.from(frag!);
        for (let j = 0; j < 20; j++) b[Math.floor(rnd() * Math.min(b.length, 600))] = Math.floor(rnd() * 256);
        variants.push(b);
      }
      const codes = new Set<string>();
      for (const v of variants) {
        const file = withFragments(buf, v.length % 2 ? [Buffer.concat([v, Buffer.alloc(1)])] : [v]);
        const { f, h } = parsed(file, `corrupt-${name}`);
        const e = errorOf(() => decodeSliceToHu(f, h, new Int16Array(512 * 512), 0));
        if (e === undefined) {
          codes.add('ok'); // some damage decodes to different pixels: allowed, only crashes are not
          continue;
        }
        if (!(e instanceof LungDeskError)) throw new Error(`${name}: a corrupt codestream threw ${String(e)}`);
        expect(['io.bad-header', 'io.truncated']).toContain(e.code);
        expect(e.message).toContain(`corrupt-${name}`);
        codes.add(e.code);
      }
      expect([...codes].some((c) => c !== 'ok')).toBe(true);
      // The codec still works after garbage (a trapped wasm instance is replaced).
      const again = decode(buf, wg04(name));
      expect(again.hu.length).toBe(512 * 512);
    });
  }

  it('a codestream whose size disagrees with Rows × Columns is io.bad-header', () => {
    for (const name of ALL) {
      const buf = files.get(name)!;
      // Same codestream, header claims 256 columns.
      const f = parseDicom(buf, { file: 'cols.dcm' });
      const el = f.elements.get(0x00280011)!;
      const patched = Buffer.from(buf);
      patched.writeUInt16LE(256, el.offset);
      const p = parsed(patched, `cols-${name}`);
      const e = errorOf(() => decodeSliceToHu(p.f, p.h, new Int16Array(512 * 512), 0)) as LungDeskError;
      expect(e).toBeInstanceOf(LungDeskError);
      expect(e.code).toBe('io.bad-header');
      expect(e.message).toContain(`cols-${name}`);
    }
  });
});

describe('encapsulated files built by hand', () => {
  it('JPEG baseline pixel data is io.unsupported when decoded', () => {
    const ds = Buffer.concat([us({ explicit: true, le: true }, 0x0028, 0x0010, 2), encapsulatedPixels([Buffer.alloc(4)])]);
    const f = parseDicom(part10('1.2.840.10008.1.2.4.50', ds), { file: 'jpeg.dcm' });
    const h = { ...fakeHeader(), transferSyntaxUid: '1.2.840.10008.1.2.4.50', encapsulated: true };
    const e = errorOf(() => decodeFrame(f, h)) as LungDeskError;
    expect(e.code).toBe('io.unsupported');
    expect(e.message).toContain('JPEG Baseline');
  });
});

function fakeHeader() {
  const f = parseDicom(ctSlice({ rows: 2, cols: 2 }), { file: 'fake.dcm' });
  return sliceHeaderOf(f);
}

/** pydicom + numpy version of the seed's load_scan + get_pixels_hu: int16 HU, z,y,x C order. */
const PYDICOM_HU = `
import sys, glob, os, numpy as np, pydicom
fs = [pydicom.dcmread(os.path.join(sys.argv[1], f)) for f in sorted(os.listdir(sys.argv[1]))]
fs.sort(key=lambda d: float(d.ImagePositionPatient[2]))
img = np.stack([d.pixel_array for d in fs]).astype(np.int16)
img[img == -2000] = 0
for k, d in enumerate(fs):
    slope, icpt = float(d.RescaleSlope), float(d.RescaleIntercept)
    if slope != 1:
        img[k] = (slope * img[k].astype(np.float64)).astype(np.int16)
    img[k] += np.int16(icpt)
sys.stdout.buffer.write(img.tobytes())
`;

describe.skipIf(!hasData(TOTALSEG_DIR))('a JPEG 2000 Lossless series (TotalSegmentator example) through loadVolume', () => {
  it('loads to a 512×512×20 HU volume equal to pydicom\'s (or plausible CT when pydicom cannot decode J2K)', async () => {
    const { series } = await discoverSeries(TOTALSEG_DIR);
    expect(series).toHaveLength(1);
    const t0 = performance.now();
    const { volume } = await loadVolume(series[0]!);
    const ms = performance.now() - t0;
    console.log(`TotalSegmentator J2K series: 20 slices loaded in ${ms.toFixed(0)} ms (${(ms / 20).toFixed(1)} ms/slice incl. file read)`);
    const [nx, ny, nz] = volume.dims;
    expect([nx, ny, nz]).toEqual([512, 512, 20]);
    const why = pythonMissing();
    const py = why ? undefined : spawnSync(PYTHON, ['-c', PYDICOM_HU, TOTALSEG_DIR], { maxBuffer: 64 * 1024 * 1024 });
    if (py && py.status === 0 && py.stdout.length === volume.voxels.byteLength) {
      // Same x-fastest, z-slowest layout: the bytes must be identical.
      expect(Buffer.from(volume.voxels.buffer).equals(py.stdout)).toBe(true);
    } else {
      console.log(`pydicom reference unavailable (${why ?? py?.stderr.toString().trim().split('\n').pop()}); checking plausibility only`);
    }
    // Plausibility, always: air at the corners, soft tissue near the middle, CT range.
    let min = 32767;
    let max = -32768;
    for (const v of volume.voxels) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
    expect(min).toBeGreaterThanOrEqual(-1024);
    expect(max).toBeLessThan(4000);
    const at = (z: number, y: number, x: number) => volume.voxels[x + nx * (y + ny * z)]!;
    for (const z of [0, nz - 1]) for (const [x, y] of [[5, 5], [nx - 6, 5], [5, ny - 6], [nx - 6, ny - 6]]) expect(at(z, y!, x!)).toBeLessThan(-900);
    let sum = 0;
    let n = 0;
    for (let y = 236; y < 276; y++) for (let x = 236; x < 276; x++) (sum += at(10, y, x)), n++;
    expect(sum / n).toBeGreaterThan(-200);
    expect(sum / n).toBeLessThan(300);
  });
});
