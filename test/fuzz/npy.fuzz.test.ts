import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LungDeskError } from '../../electron/common/errors';
import { readNpyMask } from '../../electron/core/io/npy-reader';
import { npyHeader } from '../../electron/core/io/write/npy-writer';
import { FUZZ_LONG, prng } from './prng';

/**
 * Mutated uint8 mask .npy files (our writer's header): the header dict rewritten, its length
 * field, the magic and version bytes hit, the data cut. Each must read as a mask of the grid
 * or throw a typed LungDeskError (never `internal`, never a RangeError from a bad length).
 */

const CASES = FUZZ_LONG ? 5_000 : 300;
const DIMS: [number, number, number] = [24, 20, 12];
const n = DIMS[0] * DIMS[1] * DIMS[2];
const seed = Buffer.concat([npyHeader([DIMS[2], DIMS[1], DIMS[0]], '|u1'), Buffer.alloc(n, 1)]);
const DICT_EDITS: [RegExp, string][] = [
  [/'shape': \([^)]*\)/, `'shape': (0, 0, 0)`],
  [/'shape': \([^)]*\)/, `'shape': (-1, 20, 24)`],
  [/'shape': \([^)]*\)/, `'shape': (99999999, 99999999, 99999999)`],
  [/'shape': \([^)]*\)/, `'shape': (12, 20)`],
  [/'descr': '[^']*'/, `'descr': '<f8'`],
  [/'descr': '[^']*'/, `'descr': '|b1'`],
  [/'descr': '[^']*'/, `'descr': ''`],
  [/'fortran_order': False/, `'fortran_order': True`],
  [/\{/, ''],
];

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-npy-fuzz-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function mutate(rnd: () => number): Buffer {
  const r = rnd();
  if (r < 0.2) return seed.subarray(0, Math.floor(rnd() * seed.length));
  if (r < 0.4) {
    const b = Buffer.from(seed);
    for (let i = 0; i < 1 + rnd() * 4; i++) b[Math.floor(rnd() * 128)] = Math.floor(rnd() * 256);
    return b;
  }
  if (r < 0.5) {
    const b = Buffer.from(seed);
    b.writeUInt16LE(Math.floor(rnd() * 65536), 8);
    return b;
  }
  const headerEnd = 10 + seed.readUInt16LE(8);
  const [re, v] = DICT_EDITS[Math.floor(rnd() * DICT_EDITS.length)]!;
  const dict = seed.toString('latin1', 10, headerEnd).replace(re, v).trimEnd().padEnd(headerEnd - 11, ' ') + '\n';
  const len = Buffer.alloc(2);
  len.writeUInt16LE(dict.length);
  return Buffer.concat([seed.subarray(0, 8), len, Buffer.from(dict, 'latin1'), seed.subarray(headerEnd)]);
}

describe('.npy mask reader fuzz', () => {
  it(`every one of ${CASES} mutated .npy masks reads on its grid or throws a typed LungDeskError (seeded)`, async () => {
    const rnd = prng(606);
    const outcomes = new Map<string, number>();
    const file = path.join(dir, 'mask.npy');
    for (let i = 0; i < CASES; i++) {
      fs.writeFileSync(file, mutate(rnd));
      let outcome: string;
      try {
        const m = await readNpyMask(file, DIMS);
        expect(m.length).toBe(n);
        outcome = 'ok';
      } catch (e) {
        if (!(e instanceof LungDeskError) || e.code === 'internal') throw new Error(`case ${i}: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
        outcome = e.code;
      }
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    }
    console.log(`npy fuzz ${CASES} cases:`, Object.fromEntries(outcomes));
    expect(outcomes.get('ok') ?? 0).toBeGreaterThan(0);
    expect(outcomes.size).toBeGreaterThan(2);
  });
});
