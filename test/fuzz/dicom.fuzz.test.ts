import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { LungDeskError } from '../../electron/common/errors';
import { decodeSliceToHu, sliceToHu } from '../../electron/core/io/dicom/pixels';
import { NeedMoreBytes, parseDicom } from '../../electron/core/io/dicom/parse';
import { sliceHeaderOf } from '../../electron/core/io/dicom/slice-header';
import { CODEC_UIDS, ensureCodec } from '../../electron/core/io/dicom/codecs';
import { A0001_DIR, LIDC_FILE, WG04_DIR, hasData } from '../unit/core/io/dicom/data-paths';
import { fragmentsOf, rleSlice, withFragments } from '../unit/core/io/dicom/codecs/compressed-files';
import { EXPLICIT_LE, IMPLICIT_LE, TS, ctSlice, sequence, us } from '../unit/core/io/dicom/build-dicom';
import { FUZZ_LONG, prng } from './prng';

/**
 * Mutated DICOM files (bytes flipped, truncated, elements removed, lengths rewritten) must
 * either parse or throw a LungDeskError: never another exception, never a hang. Everything
 * runs in-process from Buffers.
 */

const CASES = FUZZ_LONG ? 20_000 : 600;
/** Codestream mutations per compressed WG04 file (the wasm decoders take up to ~50 ms a slice). */
const CODESTREAM_CASES = FUZZ_LONG ? 2_000 : 30;

function seeds(): Array<{ name: string; buf: Buffer }> {
  const out: Array<{ name: string; buf: Buffer }> = [];
  // Real files are cut to header + 4 KB of pixels so that each case stays cheap.
  const real = (file: string) => {
    const full = fs.readFileSync(file);
    const f = parseDicom(full, { file });
    return full.subarray(0, Math.min(full.length, f.pixelData!.offset + 4096));
  };
  if (hasData(LIDC_FILE)) out.push({ name: 'LIDC explicit LE', buf: real(LIDC_FILE) });
  const implicitFile = path.join(A0001_DIR, '1-01.dcm');
  if (hasData(implicitFile)) out.push({ name: 'A0001 implicit LE', buf: real(implicitFile) });
  const seqItem = Buffer.concat([us(EXPLICIT_LE, 0x0028, 0x0010, 5)]);
  out.push({ name: 'drawn BE', buf: ctSlice({ ts: TS.explicitBE, rows: 8, cols: 8, padding: -2000 }) });
  out.push({ name: 'drawn deflated', buf: ctSlice({ ts: TS.deflated, rows: 8, cols: 8 }) });
  out.push({ name: 'drawn RLE', buf: rleSlice({ rows: 4, cols: 4, pixels: [-2000, -2000, 5, 5, 5, 5, 7, 300, -1, 0, 0, 0, 0, 1, 2, 3], padding: -2000 }) });
  out.push({ name: 'drawn implicit 12-bit', buf: ctSlice({ ts: TS.implicitLE, rows: 8, cols: 8, bitsStored: 12, pixelRepresentation: 0 }) });
  out.push({
    name: 'drawn sequences',
    buf: ctSlice({ rows: 4, cols: 4, extra: sequence(EXPLICIT_LE, 0x0028, 0x0121, [seqItem, seqItem], { undefinedSeq: true, undefinedItems: true }) }),
  });
  out.push({
    name: 'drawn implicit sequences',
    buf: ctSlice({ ts: TS.implicitLE, rows: 4, cols: 4, extra: sequence(IMPLICIT_LE, 0x0028, 0x0121, [us(IMPLICIT_LE, 0x0028, 0x0010, 3)], { undefinedSeq: true }) }),
  });
  return out;
}

/** Element boundaries of the top-level dataset (to remove whole elements). */
function elementSpans(buf: Buffer): Array<[number, number]> {
  try {
    const f = parseDicom(buf);
    if (f.transferSyntax.deflated) return [];
    const spans: Array<[number, number]> = [];
    for (const el of f.elements.values()) {
      if (el.length === undefined) continue;
      const headerLen = f.transferSyntax.explicitVr ? (el.offset - 12 >= 0 && ['OB', 'OW', 'SQ', 'UN', 'UT'].includes(el.vr) ? 12 : 8) : 8;
      spans.push([el.offset - headerLen, el.offset + el.length]);
    }
    return spans;
  } catch {
    return [];
  }
}

function mutate(buf: Buffer, rnd: () => number): Buffer {
  const kind = Math.floor(rnd() * 5);
  const b = Buffer.from(buf);
  const headerEnd = Math.min(b.length, 2048);
  switch (kind) {
    case 0: {
      // flip a few bytes, mostly in the header
      const k = 1 + Math.floor(rnd() * 8);
      for (let i = 0; i < k; i++) b[Math.floor(rnd() * (rnd() < 0.8 ? headerEnd : b.length))] = Math.floor(rnd() * 256);
      return b;
    }
    case 1:
      return b.subarray(0, Math.floor(rnd() * b.length));
    case 2: {
      const spans = elementSpans(buf);
      if (spans.length === 0) return b.subarray(0, Math.floor(rnd() * b.length));
      const [s, e] = spans[Math.floor(rnd() * spans.length)]!;
      return Buffer.concat([buf.subarray(0, s), buf.subarray(e)]);
    }
    case 3: {
      // overwrite a 4-byte word with a boundary length value
      const vals = [0xffffffff, 0xfffffffe, 0, 1, 0x7fffffff, 0x10000, b.length];
      const o = Math.floor(rnd() * Math.max(1, headerEnd - 4));
      b.writeUInt32LE(vals[Math.floor(rnd() * vals.length)]!, o);
      return b;
    }
    default: {
      // duplicate a random slice of the header into another place
      const s = Math.floor(rnd() * headerEnd);
      const len = Math.floor(rnd() * 64);
      const at = Math.floor(rnd() * headerEnd);
      return Buffer.concat([b.subarray(0, at), b.subarray(s, s + len), b.subarray(at)]);
    }
  }
}

function exercise(buf: Buffer): 'ok' | string {
  try {
    const h0 = parseDicom(buf, { file: 'fuzz.dcm', headerOnly: true });
    void h0;
    const f = parseDicom(buf, { file: 'fuzz.dcm' });
    const h = sliceHeaderOf(f);
    const n = h.rows * h.columns;
    if (n <= 1 << 22) {
      const out = new Int16Array(n);
      sliceToHu(f, h, out, 0);
      decodeSliceToHu(f, h, out, 0);
    }
    return 'ok';
  } catch (e) {
    if (e instanceof LungDeskError) return e.code;
    if (e instanceof NeedMoreBytes) return 'need-more (only with fileSize)';
    throw e;
  }
}

describe('DICOM reader fuzz', () => {
  const list = seeds();
  // Compressed decoding is synchronous once each codec is loaded (once per process).
  beforeAll(async () => {
    for (const uid of CODEC_UIDS) await ensureCodec(uid);
  });
  it(`every one of ${CASES} mutated files parses or throws a LungDeskError (seeded)`, () => {
    const rnd = prng(20240611);
    const outcomes = new Map<string, number>();
    for (let i = 0; i < CASES; i++) {
      const seed = list[i % list.length]!;
      const buf = mutate(seed.buf, rnd);
      let outcome: string;
      try {
        outcome = exercise(buf);
      } catch (e) {
        throw new Error(`case ${i} (${seed.name}, ${buf.length} bytes) threw ${String(e)}`);
      }
      expect(outcome).not.toMatch(/need-more/);
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    }
    // The mutations must reach both outcomes, or the fuzzer is not testing anything.
    expect(outcomes.get('ok') ?? 0).toBeGreaterThan(0);
    expect([...outcomes.keys()].filter((k) => k !== 'ok').length).toBeGreaterThan(1);
  });

  it('every truncation point of a drawn file parses or throws a LungDeskError', () => {
    for (const s of list.filter((x) => x.name.startsWith('drawn'))) {
      for (let cut = 0; cut <= s.buf.length; cut++) expect(() => exercise(s.buf.subarray(0, cut))).not.toThrow();
    }
  });
});

/** Damages a codestream the ways real files get damaged: flipped bytes, cuts, inserted junk. */
function mutateCodestream(frag: Buffer, rnd: () => number): Buffer {
  const b = Buffer.from(frag);
  const at = (limit = b.length) => Math.floor(rnd() * Math.max(1, limit));
  switch (Math.floor(rnd() * 5)) {
    case 0: {
      // flip bytes, half the time in the first 1 KB where the marker segments live
      const k = 1 + at(20);
      const limit = rnd() < 0.5 ? 1024 : b.length;
      for (let i = 0; i < k; i++) b[at(limit)] = at(256);
      return b;
    }
    case 1:
      return b.subarray(0, at());
    case 2:
      // cut, then end it properly so the decoder itself meets the short data
      return Buffer.concat([b.subarray(0, at()), Buffer.from([0xff, 0xd9])]);
    case 3: {
      const p = at();
      return Buffer.concat([b.subarray(0, p), Buffer.from(Array.from({ length: 1 + at(64) }, () => at(256))), b.subarray(p)]);
    }
    default: {
      // a boundary value written over a 16-bit field of the header
      const o = at(Math.min(b.length - 2, 256));
      b.writeUInt16BE([0, 1, 0xffff, 0x8000, 0xff00, 512, 513][at(7)]!, o);
      return b;
    }
  }
}

describe('compressed pixel data fuzz', () => {
  beforeAll(async () => {
    for (const uid of CODEC_UIDS) await ensureCodec(uid);
  });
  const names = ['CT1_JPLL', 'CT1_JLSL', 'CT1_J2KR', 'CT1_J2KI', 'CT1_RLE'];
  for (const name of names) {
    const file = path.join(WG04_DIR, name);
    it.skipIf(!hasData(file))(`${name}: ${CODESTREAM_CASES} damaged codestreams each decode or throw a LungDeskError (seeded)`, () => {
      const buf = fs.readFileSync(file);
      const frag = Buffer.concat(fragmentsOf(buf));
      const rnd = prng(777 + name.length);
      const outcomes = new Map<string, number>();
      let slowest = { ms: 0, i: -1 };
      for (let i = 0; i < CODESTREAM_CASES; i++) {
        let v = mutateCodestream(frag, rnd);
        if (v.length % 2) v = Buffer.concat([v, Buffer.alloc(1)]);
        const damaged = withFragments(buf, [v]);
        let outcome: string;
        const t0 = performance.now();
        try {
          outcome = exercise(damaged);
        } catch (e) {
          throw new Error(`${name} case ${i} (${v.length} bytes) threw ${String(e)}`);
        }
        const ms = performance.now() - t0;
        if (ms > slowest.ms) slowest = { ms, i };
        outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      }
      if (FUZZ_LONG) console.log(`${name}: ${JSON.stringify(Object.fromEntries(outcomes))}, slowest case ${slowest.i}: ${slowest.ms.toFixed(0)} ms`);
      expect([...outcomes.keys()].some((k) => k.startsWith('io.'))).toBe(true);
      // Two decodes per case (sliceToHu and decodeSliceToHu): anything near a second is a near-hang.
      expect(slowest.ms).toBeLessThan(2000);
    }, FUZZ_LONG ? 900_000 : 60_000);
  }
});
