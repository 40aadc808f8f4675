import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LungDeskError } from '../../electron/common/errors';
import type { CsvRowError } from '../../electron/core/annotations/csv';
import { parseDsbLabels, readDsbLabels } from '../../electron/core/annotations/dsb';
import { parseLunaAnnotations, parseSeriesUidList, readLunaAnnotations, readSeriesUidList } from '../../electron/core/annotations/luna';
import { SHARED_DATA } from '../helpers/shared-data';
import { FUZZ_LONG, prng } from './prng';

/**
 * Mutated LUNA16/DSB CSVs (the real files' first 50 KB: bytes flipped, lines dropped,
 * duplicated or spliced, junk tokens, quotes, CR/LF/BOM/NUL inserted, truncated) must parse
 * into rows + row errors or throw a LungDeskError, in memory and, for some, from a file.
 */

const CASES = FUZZ_LONG ? 20_000 : 600;
const HEAD = 50 * 1024;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-csv-fuzz-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

type Parser = 'luna' | 'uids' | 'dsb';
interface Seed {
  name: string;
  parser: Parser;
  bytes: Buffer;
}

const UID = '1.3.6.1.4.1.14519.5.2.1.6279.6001.100225287222365663678666836860';
/** Used when shared data is absent, so the fuzz still runs. */
const FALLBACK: Record<string, string> = {
  'annotations.csv': `seriesuid,coordX,coordY,coordZ,diameter_mm\n${UID},-128.69,-175.31,-298.38,5.65\n`.repeat(1),
  'annotations_excluded.csv': `seriesuid,coordX,coordY,coordZ,diameter_mm\n${UID},-131.89,-155.05,-317.8,-1\n`,
  'seriesuids.csv': `${UID}\n`,
  'dsb2017/stage1_labels.csv': 'id,cancer\r\n0015ceb851d7251b8f399e39779d1e7d,1\r\n0030a160d58723ff36d73f41b170ec21,0',
};

function seed(rel: string, parser: Parser): Seed {
  const file = path.join(SHARED_DATA, rel);
  let bytes: Buffer;
  if (fs.existsSync(file)) {
    const fd = fs.openSync(file, 'r');
    const buf = Buffer.alloc(HEAD);
    const n = fs.readSync(fd, buf, 0, HEAD, 0);
    fs.closeSync(fd);
    bytes = buf.subarray(0, n);
  } else {
    bytes = Buffer.from(FALLBACK[rel]!);
  }
  return { name: path.basename(rel), parser, bytes };
}

const SEEDS: Seed[] = [
  seed('annotations.csv', 'luna'),
  seed('annotations_excluded.csv', 'luna'),
  seed('seriesuids.csv', 'uids'),
  seed('dsb2017/stage1_labels.csv', 'dsb'),
];

const TOKENS = ['"', '""', ',', '\r', '\n', '\r\n', '\uFEFF', '\0', 'NaN', '-1', '0', '1e309', '0x1F', 'abc', '', ' ', '"a,b"', '-0', '1.5', 'class', 'diameter_mm', 'é€😀', 'x'.repeat(300), ',,,,,,,,'];

function pick<T>(list: readonly T[], rnd: () => number): T {
  return list[Math.floor(rnd() * list.length)]!;
}

function mutate(bytes: Buffer, rnd: () => number, other: Buffer): Buffer {
  let text = bytes.toString('latin1');
  const rounds = 1 + Math.floor(rnd() * 4);
  for (let r = 0; r < rounds; r++) {
    const lines = text.split('\n');
    const k = Math.floor(rnd() * lines.length);
    switch (Math.floor(rnd() * 8)) {
      case 0: // drop a line (sometimes the header)
        lines.splice(rnd() < 0.2 ? 0 : k, 1);
        text = lines.join('\n');
        break;
      case 1: // duplicate a line elsewhere
        lines.splice(k, 0, pick(lines, rnd));
        text = lines.join('\n');
        break;
      case 2: {
        // replace one field of a line with a junk token
        const f = (lines[k] ?? '').split(',');
        f[Math.floor(rnd() * f.length)] = pick(TOKENS, rnd);
        lines[k] = f.join(',');
        text = lines.join('\n');
        break;
      }
      case 3: {
        // insert a token anywhere
        const at = Math.floor(rnd() * (text.length + 1));
        text = text.slice(0, at) + Buffer.from(pick(TOKENS, rnd), 'utf8').toString('latin1') + text.slice(at);
        break;
      }
      case 4: // truncate
        text = text.slice(0, Math.floor(rnd() * text.length));
        break;
      case 5: {
        // flip bytes
        const b = Buffer.from(text, 'latin1');
        for (let i = 0; i < 1 + rnd() * 8 && b.length > 0; i++) b[Math.floor(rnd() * b.length)] = Math.floor(rnd() * 256);
        text = b.toString('latin1');
        break;
      }
      case 6: {
        // splice in lines of another file (wrong format rows, a foreign header)
        const o = other.toString('latin1').split('\n');
        const start = Math.floor(rnd() * o.length);
        lines.splice(k, 0, ...o.slice(start, start + 1 + Math.floor(rnd() * 5)));
        text = lines.join('\n');
        break;
      }
      default: // switch line endings
        text = rnd() < 0.5 ? text.replace(/\r?\n/g, '\r\n') : text.replace(/\r?\n/g, '\r');
    }
  }
  return Buffer.from(text, 'latin1');
}

/** Plain checks in the per-row loops: vitest's expect costs too much per row. */
function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(`invariant broken: ${what}`);
}

function checkErrors(errors: CsvRowError[], file: string, maxLine: number): void {
  for (const e of errors) {
    check(e.file === file, `error names ${e.file}`);
    check(Number.isInteger(e.line) && e.line >= 1 && e.line <= maxLine, `error line ${e.line} within 1..${maxLine}`);
    check(typeof e.message === 'string' && e.message.length > 0, 'error has a message');
  }
}

function run(parser: Parser, bytes: Buffer, file: string): string {
  // Any of \r\n, \n, \r ends a line: the highest possible line number.
  const maxLine = 1 + (bytes.toString('latin1').match(/\r\n|\n|\r/g)?.length ?? 0);
  if (parser === 'luna') {
    const r = parseLunaAnnotations(bytes, file);
    for (const a of r.rows) {
      check(Number.isFinite(a.coordX) && Number.isFinite(a.coordY) && Number.isFinite(a.coordZ), `finite coordinates on line ${a.line}`);
      check(a.diameterMm === null || a.diameterMm > 0, `diameter null or > 0 on line ${a.line}`);
      check(a.line > 1 && a.line <= maxLine, `row line ${a.line} within 2..${maxLine}`);
    }
    checkErrors(r.errors, file, maxLine);
    return `luna:${r.kind}`;
  }
  if (parser === 'uids') {
    const r = parseSeriesUidList(bytes, file);
    check(new Set(r.uids).size === r.uids.length, 'series UIDs unique');
    checkErrors(r.errors, file, maxLine);
    return 'uids';
  }
  const r = parseDsbLabels(bytes, file);
  for (const l of r.labels) check(l.cancer === 0 || l.cancer === 1, `label 0/1 on line ${l.line}`);
  for (const p of r.predictions) check(p.cancer >= 0 && p.cancer <= 1, `prediction in 0..1 on line ${p.line}`);
  checkErrors(r.errors, file, maxLine);
  return `dsb:${r.kind}`;
}

describe('CSV readers fuzz', () => {
  it(`every one of ${CASES} mutated LUNA16/DSB CSVs gives rows + errors or a LungDeskError (seeded)`, async () => {
    const rnd = prng(4242);
    const outcomes = new Map<string, number>();
    const parsers: Parser[] = ['luna', 'uids', 'dsb'];
    for (let i = 0; i < CASES; i++) {
      const s = SEEDS[i % SEEDS.length]!;
      const bytes = mutate(s.bytes, rnd, pick(SEEDS, rnd).bytes);
      // Mostly the matching reader; sometimes a wrong one, as a user picking the wrong file.
      const parser = rnd() < 0.8 ? s.parser : pick(parsers, rnd);
      const file = `/fuzz/${s.name}`;
      let outcome: string;
      try {
        outcome = run(parser, bytes, file);
      } catch (e) {
        if (!(e instanceof LungDeskError)) throw new Error(`case ${i} (${s.name} via ${parser}) threw ${String(e)}`);
        check(e.file === file, `case ${i}: the error names the file`);
        outcome = e.code;
      }
      // Now and then, the streamed file reader must agree with the in-memory one.
      if (i % 25 === 0) {
        const f = path.join(tmp, s.name);
        fs.writeFileSync(f, bytes);
        const mem = await Promise.resolve()
          .then(() => (parser === 'luna' ? parseLunaAnnotations(bytes, f) : parser === 'uids' ? parseSeriesUidList(bytes, f) : parseDsbLabels(bytes, f)))
          .catch((e: unknown) => e);
        const disk = await (parser === 'luna' ? readLunaAnnotations(f) : parser === 'uids' ? readSeriesUidList(f) : readDsbLabels(f)).catch((e: unknown) => e);
        if (mem instanceof Error) expect((disk as LungDeskError).code).toBe((mem as LungDeskError).code);
        else expect(disk).toEqual(mem);
      }
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    }
    console.log('csv fuzz outcomes', Object.fromEntries(outcomes));
    expect(outcomes.size).toBeGreaterThan(3);
    expect(outcomes.get('io.bad-header') ?? 0).toBeGreaterThan(0);
  });
});
