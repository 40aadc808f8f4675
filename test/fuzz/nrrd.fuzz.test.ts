import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LungDeskError } from '../../electron/common/errors';
import { parseNrrdHeader, readNiftiNrrd } from '../../electron/core/io/nifti-nrrd';
import { writeNrrd } from '../../electron/core/io/write/nifti-nrrd-writer';
import { generateChestPhantom } from '../../electron/core/phantom';
import { FUZZ_LONG, prng } from './prng';

/**
 * Mutated NRRD files written by our own writer from the phantom (raw and gzip encodings): header
 * lines rewritten, removed or repeated, bytes flipped, files cut. The header parser runs
 * in-process on Buffers; a sample goes through the whole reader (itk-wasm included). Each must
 * read or throw a LungDeskError other than `internal`.
 */

const CASES = FUZZ_LONG ? 10_000 : 400;
const FILE_CASES = FUZZ_LONG ? 300 : 24;
const VALUES = ['0', '-1', 'nan', 'inf', '1e309', '', 'abc', '48 40', '48 40 24 2', '(nan,0,0) (0,1,0) (0,0,1)', '(0,0,0) (0,0,0) (0,0,0)', 'none', 'double', 'block', 'bzip2', 'hex', 'big', '../outside.raw', '/etc/hostname', '99999 99999 99999'];

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-nrrd-fuzz-'));
const seeds: { name: string; bytes: Buffer }[] = [];
beforeAll(async () => {
  const { volume } = generateChestPhantom({ dims: [48, 40, 24], spacing: [7, 7, 10], seed: 9 });
  await writeNrrd(volume, path.join(dir, 'raw.nrrd'));
  await writeNrrd(volume, path.join(dir, 'gz.nrrd'), { compressed: true });
  seeds.push({ name: 'raw', bytes: fs.readFileSync(path.join(dir, 'raw.nrrd')) }, { name: 'gzip', bytes: fs.readFileSync(path.join(dir, 'gz.nrrd')) });
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function mutate(bytes: Buffer, rnd: () => number): Buffer {
  const split = bytes.indexOf('\n\n') + 2;
  const r = rnd();
  if (r < 0.2) return bytes.subarray(0, Math.floor(rnd() * Math.min(bytes.length, split + 64)));
  if (r < 0.35) {
    const b = Buffer.from(bytes);
    for (let i = 0; i < 1 + rnd() * 6; i++) b[Math.floor(rnd() * Math.min(b.length, split + 256))] = Math.floor(rnd() * 256);
    return b;
  }
  const lines = bytes.toString('latin1', 0, split - 2).split('\n');
  const k = 1 + Math.floor(rnd() * (lines.length - 1));
  const op = rnd();
  if (op < 0.6) lines[k] = `${(lines[k] ?? '').split(':')[0]}: ${VALUES[Math.floor(rnd() * VALUES.length)]}`;
  else if (op < 0.8) lines.splice(k, 1);
  else lines.splice(k, 0, lines[Math.floor(rnd() * lines.length)]!);
  return Buffer.concat([Buffer.from(lines.join('\n') + '\n\n', 'latin1'), bytes.subarray(split)]);
}

function outcomeOf(e: unknown, label: string): string {
  if (e instanceof LungDeskError && e.code !== 'internal') return e.code;
  throw new Error(`${label}: ${e instanceof LungDeskError ? `internal: ${e.message}` : `non-LungDeskError ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`}`);
}

describe('NRRD reader fuzz (our writer, phantom)', () => {
  it(`every one of ${CASES} mutated NRRD headers parses or throws a typed LungDeskError (seeded, in-process)`, () => {
    const rnd = prng(4242);
    const outcomes = new Map<string, number>();
    for (let i = 0; i < CASES; i++) {
      const bytes = mutate(seeds[i % seeds.length]!.bytes, rnd);
      let outcome: string;
      try {
        const h = parseNrrdHeader(bytes, path.join(dir, 'case', 'x.nrrd'));
        expect(h.dims.every((d) => Number.isInteger(d) && d > 0)).toBe(true);
        outcome = 'ok';
      } catch (e) {
        outcome = outcomeOf(e, `case ${i}`);
      }
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    }
    console.log(`nrrd header fuzz ${CASES} cases:`, Object.fromEntries(outcomes));
    expect(outcomes.size).toBeGreaterThan(2);
  });

  it(`${FILE_CASES} mutated NRRD files through readNiftiNrrd read or throw a typed LungDeskError`, async () => {
    const rnd = prng(77);
    const outcomes = new Map<string, number>();
    for (let i = 0; i < FILE_CASES; i++) {
      const file = path.join(dir, `f${i}.nrrd`);
      fs.writeFileSync(file, mutate(seeds[i % seeds.length]!.bytes, rnd));
      let outcome: string;
      try {
        const { volume } = await readNiftiNrrd(file);
        expect(volume.voxels.length).toBe(volume.dims[0] * volume.dims[1] * volume.dims[2]);
        outcome = 'ok';
      } catch (e) {
        outcome = outcomeOf(e, `file case ${i}`);
      }
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      fs.rmSync(file);
    }
    console.log(`nrrd file fuzz ${FILE_CASES} cases:`, Object.fromEntries(outcomes));
  }, 120_000);
});
