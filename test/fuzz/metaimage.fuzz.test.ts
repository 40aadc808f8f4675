import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { LungDeskError } from '../../electron/common/errors';
import { MAX_SPACING_MM, MIN_SPACING_MM } from '../../electron/core/io/limits';
import { decodeMetaImage } from '../../electron/core/io/metaimage';
import { FUZZ_LONG, prng } from './prng';

/**
 * Mutated MetaImage headers and data (bytes flipped, lines removed or rewritten, truncated)
 * must decode or throw a LungDeskError, in-process from Buffers.
 */

const CASES = FUZZ_LONG ? 20_000 : 600;

const raw = Buffer.from(new Int16Array(4 * 3 * 2).map((_, i) => i * 10 - 50).buffer);
const header = (extra: string, dataFile: string, type = 'MET_SHORT') =>
  `ObjectType = Image\nNDims = 3\nBinaryData = True\nBinaryDataByteOrderMSB = False\n${extra}TransformMatrix = 1 0 0 0 1 0 0 0 1\nOffset = -1 2.5 3\nElementSpacing = 0.7 0.7 2.5\nDimSize = 4 3 2\nElementType = ${type}\nElementDataFile = ${dataFile}\n`;

const SEEDS: Array<{ name: string; header: Buffer; data: Buffer }> = [
  { name: 'raw', header: Buffer.from(header('', 'a.raw')), data: raw },
  { name: 'zraw', header: Buffer.from(header('CompressedData = True\n', 'a.zraw')), data: deflateSync(raw) },
  { name: 'mha', header: Buffer.concat([Buffer.from(header('', 'LOCAL')), raw]), data: Buffer.alloc(0) },
  { name: 'float', header: Buffer.from(header('', 'a.raw', 'MET_FLOAT')), data: Buffer.from(new Float32Array(24).fill(1.5).buffer) },
];

const WORDS = ['NaN', '-1', '0', '1e309', 'abc', '', '2 2', '99999999', 'MET_HALF', 'LOCAL', 'LIST', 'True', '-0.5', '4 3 2 1'];

function mutateText(buf: Buffer, rnd: () => number): Buffer {
  const lines = buf.toString('latin1').split('\n');
  const k = Math.floor(rnd() * lines.length);
  switch (Math.floor(rnd() * 3)) {
    case 0:
      lines.splice(k, 1);
      break;
    case 1: {
      const [key] = (lines[k] ?? '').split('=');
      lines[k] = `${key}= ${WORDS[Math.floor(rnd() * WORDS.length)]}`;
      break;
    }
    default:
      lines.splice(k, 0, lines[Math.floor(rnd() * lines.length)] ?? '');
  }
  return Buffer.from(lines.join('\n'), 'latin1');
}

function mutateBytes(buf: Buffer, rnd: () => number): Buffer {
  if (buf.length === 0) return buf;
  if (rnd() < 0.5) return buf.subarray(0, Math.floor(rnd() * buf.length));
  const b = Buffer.from(buf);
  for (let i = 0; i < 1 + rnd() * 6; i++) b[Math.floor(rnd() * b.length)] = Math.floor(rnd() * 256);
  return b;
}

describe('MetaImage reader fuzz', () => {
  it(`every one of ${CASES} mutated headers/data decodes or throws a LungDeskError (seeded)`, () => {
    const rnd = prng(777);
    const outcomes = new Map<string, number>();
    for (let i = 0; i < CASES; i++) {
      const s = SEEDS[i % SEEDS.length]!;
      const r = rnd();
      const h = r < 0.5 ? mutateText(s.header, rnd) : r < 0.7 ? mutateBytes(s.header, rnd) : s.header;
      const d = r >= 0.5 ? mutateBytes(s.data, rnd) : s.data;
      let outcome: string;
      try {
        const v = decodeMetaImage(h, '/fuzz/x.mhd', () => d);
        expect(v.voxels.length).toBe(v.dims[0] * v.dims[1] * v.dims[2]);
        // What decodes has a physical geometry: never a default in place of a bad header value.
        for (const x of v.spacing) expect(x >= MIN_SPACING_MM && x <= MAX_SPACING_MM).toBe(true);
        for (const x of [...v.origin, ...v.direction]) expect(Number.isFinite(x)).toBe(true);
        outcome = 'ok';
      } catch (e) {
        if (!(e instanceof LungDeskError) || e.code === 'internal') throw new Error(`case ${i} (${s.name}) threw ${String(e)}`);
        outcome = e.code;
      }
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    }
    expect(outcomes.get('ok') ?? 0).toBeGreaterThan(0);
    expect(outcomes.size).toBeGreaterThan(3);
  });
});
