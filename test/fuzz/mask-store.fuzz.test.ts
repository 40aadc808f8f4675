import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isLungDeskError } from '../../electron/common/errors';
import { decodeMaskFile, encodeMaskFile } from '../../electron/core/masks/mask-file';
import { journalPath, readJournal, writeJournal } from '../../electron/app/mask-store/mask-journal';
import { FUZZ_LONG, prng } from './prng';

/**
 * The mask store's two readers take bytes from disk that a crash, a full disk or another
 * program may have damaged: a mask version (.ldmask) and a scan's unsaved-edits journal.
 * Mutated files (bytes flipped, cut short, spliced, grown) must decode to exactly the voxels
 * written or throw a LungDeskError naming the file, never return other voxels or crash.
 */

const CASES = FUZZ_LONG ? 5_000 : 300;
const DIMS = [24, 20, 9] as const;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-mask-fuzz-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function maskVoxels(): Uint8Array {
  const v = new Uint8Array(DIMS[0] * DIMS[1] * DIMS[2]);
  for (let i = 0; i < v.length; i++) v[i] = (i * 7) % 97 < 40 ? 1 : (i % 53 === 0 ? 2 : 0);
  return v;
}

function mutate(bytes: Uint8Array, rnd: () => number): Buffer {
  const b = Buffer.from(bytes);
  const kind = Math.floor(rnd() * 5);
  if (kind === 0) {
    const n = 1 + Math.floor(rnd() * 8);
    for (let k = 0; k < n; k++) {
      const at = Math.floor(rnd() * b.length);
      b[at] = b[at]! ^ (1 + Math.floor(rnd() * 255));
    }
    return b;
  }
  if (kind === 1) return b.subarray(0, Math.floor(rnd() * b.length));
  if (kind === 2) return Buffer.concat([b, Buffer.from(Array.from({ length: 1 + Math.floor(rnd() * 64) }, () => Math.floor(rnd() * 256)))]);
  if (kind === 3) {
    const at = Math.floor(rnd() * b.length);
    const len = Math.floor(rnd() * 32);
    return Buffer.concat([b.subarray(0, at), b.subarray(Math.min(b.length, at + len))]);
  }
  const at = Math.floor(rnd() * b.length);
  return Buffer.concat([b.subarray(0, at), b.subarray(0, Math.floor(rnd() * 64)), b.subarray(at)]);
}

describe('mask store readers under damaged bytes', () => {
  it(`${CASES} mutated .ldmask files decode to the written voxels or throw a LungDeskError naming the file`, async () => {
    const voxels = maskVoxels();
    const { parts, sha256 } = await encodeMaskFile(voxels, DIMS);
    const good = Buffer.concat(parts);
    const rnd = prng(20261206);
    let refused = 0;
    for (let c = 0; c < CASES; c++) {
      const bytes = mutate(good, rnd);
      try {
        const out = await decodeMaskFile(bytes, DIMS, 'fuzz.ldmask', c % 2 === 0 ? sha256 : null);
        expect(Buffer.from(out).equals(Buffer.from(voxels)), `case ${c}: decoded voxels differ from those written`).toBe(true);
      } catch (e) {
        expect(isLungDeskError(e), `case ${c}: ${String(e)}`).toBe(true);
        expect((e as Error).message).toContain('fuzz.ldmask');
        refused++;
      }
    }
    expect(refused).toBeGreaterThan(CASES / 2);
  });

  it(`${Math.ceil(CASES / 3)} mutated journals read back as the entry written or throw a LungDeskError naming the file`, async () => {
    const runs = new Uint32Array([3, 5, 40, 12, 100, 1]);
    const values = new Uint8Array(18).fill(1);
    const entry = { scanId: 7, parentId: 3, kind: 'lung', labels: [{ value: 1, name: 'lung', kind: 'lung' as const }], tools: ['brush'], change: { runs, values }, savedAt: 1_700_000_000_000 };
    await writeJournal(tmp, entry);
    const file = journalPath(tmp, 7);
    const good = fs.readFileSync(file);
    const rnd = prng(61206);
    for (let c = 0; c < Math.ceil(CASES / 3); c++) {
      fs.writeFileSync(file, mutate(good, rnd));
      try {
        const back = await readJournal(tmp, 7);
        // A flip inside a value that still parses (a tool name's letter, a time) may come back changed; the shape never does.
        expect(back?.scanId).toBe(7);
        expect(back?.change.runs).toBeInstanceOf(Uint32Array);
        expect(back?.change.values).toBeInstanceOf(Uint8Array);
      } catch (e) {
        expect(isLungDeskError(e), `case ${c}: ${String(e)}`).toBe(true);
        expect((e as Error).message).toContain(file);
      }
    }
  });
});
