import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { LungDeskError } from '../../electron/common/errors';
import { MAX_SPACING_MM, MIN_SPACING_MM } from '../../electron/core/io/limits';
import { decodeNiftiVoxels, readNiftiNrrd } from '../../electron/core/io/nifti-nrrd';
import { SHARED_DATA } from '../helpers/shared-data';
import { FUZZ_LONG, prng } from './prng';

/**
 * Mutated bytes of a real NIfTI (the TotalSegmentator example, read in place): the gzip
 * stream flipped or cut, the inflated header's fields rewritten, the data cut short. Each case
 * must decode or throw a LungDeskError, never anything else. Most cases run in-process on
 * Buffers (decodeNiftiVoxels); a few go through the whole reader, itk-wasm included.
 */

const TS_NII = path.join(SHARED_DATA, 'nifti', 'totalsegmentator-example_ct.nii.gz');
const has = fs.existsSync(TS_NII);
const CASES = FUZZ_LONG ? 5_000 : 240;
const FILE_CASES = FUZZ_LONG ? 300 : 24;

// Header offsets worth hitting (nifti1.h): sizeof_hdr, dim[0..7], datatype, bitpix, pixdim,
// vox_offset, scl_slope/inter, qform/sform codes, quaternions, srow, magic.
const FIELDS = [0, 40, 42, 44, 46, 48, 50, 70, 72, 76, 80, 84, 88, 108, 112, 116, 252, 254, 256, 268, 280, 296, 312, 344];
const INT16S = [0, 1, -1, 2, 3, 4, 7, 8, 16, 32, 64, 128, 256, 512, 768, 1024, 1280, 1536, 2304, 32767, -32768, 348, 540];
const FLOATS = [0, -0, 1, -1, 0.5, 1e-30, 1e30, NaN, Infinity, -Infinity, 348, 352, 351.5, 4e9];

function mutatePlain(plain: Buffer, rnd: () => number): Buffer {
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!;
  const r = rnd();
  if (r < 0.15) return plain.subarray(0, Math.floor(rnd() * plain.length));
  if (r < 0.25) return plain.subarray(0, Math.floor(rnd() * 600));
  const b = Buffer.from(plain.subarray(0, 352 + 4096)); // header + the start of the data is enough to mutate
  const out = Buffer.concat([b, plain.subarray(b.length)]);
  const n = 1 + Math.floor(rnd() * 4);
  for (let k = 0; k < n; k++) {
    const o = pick(FIELDS);
    const t = rnd();
    if (t < 0.45 && o + 2 <= 352) out.writeInt16LE(pick(INT16S), o);
    else if (t < 0.8 && o + 4 <= 352) out.writeFloatLE(pick(FLOATS), o);
    else out[Math.floor(rnd() * 352)] = Math.floor(rnd() * 256);
  }
  return out;
}

function mutateGzip(gz: Buffer, rnd: () => number): Buffer {
  if (rnd() < 0.4) return gz.subarray(0, Math.floor(rnd() * gz.length));
  const b = Buffer.from(gz);
  const n = 1 + Math.floor(rnd() * 3);
  // Bias towards the first KB (gzip header and the deflated NIfTI header), else anywhere.
  for (let k = 0; k < n; k++) b[rnd() < 0.5 ? Math.floor(rnd() * Math.min(1024, b.length)) : Math.floor(rnd() * b.length)] = Math.floor(rnd() * 256);
  return b;
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-nifti-fuzz-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A typed error's code; anything else, or `internal` (an error nobody named), fails the case. */
function classify(e: unknown, label: string): string {
  if (e instanceof LungDeskError && e.code === 'internal') throw new Error(`${label}: internal error: ${e.message}`);
  if (e instanceof LungDeskError) return e.code;
  throw new Error(`${label}: threw a non-LungDeskError: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
}

describe.skipIf(!has)('NIfTI reader fuzz (real file bytes)', () => {
  const gz = has ? fs.readFileSync(TS_NII) : Buffer.alloc(0);
  const plain = has ? gunzipSync(gz) : Buffer.alloc(0);

  it(`every one of ${CASES} mutated .nii/.nii.gz byte strings decodes or throws a LungDeskError (seeded, in-process)`, () => {
    const rnd = prng(2024);
    const outcomes = new Map<string, number>();
    const t0 = performance.now();
    for (let i = 0; i < CASES; i++) {
      const bytes = i % 2 === 0 ? mutatePlain(plain, rnd) : mutateGzip(gz, rnd);
      let outcome: string;
      try {
        const d = decodeNiftiVoxels(bytes, `case-${i}.nii${i % 2 ? '.gz' : ''}`);
        const n = d.header.dims[0] * d.header.dims[1] * d.header.dims[2];
        expect(d.voxels.length).toBe(n);
        outcome = 'ok';
      } catch (e) {
        outcome = classify(e, `case ${i}`);
      }
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    }
    console.log(`nifti fuzz ${CASES} cases in ${(performance.now() - t0).toFixed(0)} ms:`, Object.fromEntries(outcomes));
    expect(outcomes.size).toBeGreaterThan(2);
  });

  it(`${FILE_CASES} mutated files through readNiftiNrrd (itk-wasm geometry included) read or throw a LungDeskError`, async () => {
    const rnd = prng(99);
    const outcomes = new Map<string, number>();
    for (let i = 0; i < FILE_CASES; i++) {
      const gzCase = i % 3 === 2;
      const file = path.join(dir, `f${i}.nii${gzCase ? '.gz' : ''}`);
      fs.writeFileSync(file, gzCase ? mutateGzip(gz, rnd) : mutatePlain(plain, rnd));
      let outcome: string;
      try {
        const { volume } = await readNiftiNrrd(file);
        expect(volume.voxels.length).toBe(volume.dims[0] * volume.dims[1] * volume.dims[2]);
        // What reads has a physical geometry: never a default in place of a bad header value.
        for (const v of volume.spacing) expect(v >= MIN_SPACING_MM && v <= MAX_SPACING_MM).toBe(true);
        for (const v of volume.origin) expect(Number.isFinite(v)).toBe(true);
        outcome = 'ok';
      } catch (e) {
        outcome = classify(e, `file case ${i}`);
      }
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      fs.rmSync(file);
    }
    console.log(`nifti file fuzz ${FILE_CASES} cases:`, Object.fromEntries(outcomes));
  }, 120_000);
});
