import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LungDeskError } from '../../../../../electron/common/errors';
import { groupBySeries, parseLunaAnnotations, readLunaAnnotations } from '../../../../../electron/core/annotations/luna';
import { SHARED_DATA } from '../../../../helpers/shared-data';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-luna-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const ANNOTATIONS = path.join(SHARED_DATA, 'annotations.csv');
const EXCLUDED = path.join(SHARED_DATA, 'annotations_excluded.csv');
const LIDC_0001_SERIES = '1.3.6.1.4.1.14519.5.2.1.6279.6001.179049373636438705059720603192';
const UID = '1.3.6.1.4.1.14519.5.2.1.6279.6001.100225287222365663678666836860';
const HEADER = 'seriesuid,coordX,coordY,coordZ,diameter_mm';

function write(name: string, text: string | Buffer): string {
  const f = path.join(tmp, name);
  fs.writeFileSync(f, text);
  return f;
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  if (!(e instanceof LungDeskError)) throw new Error(`expected a LungDeskError, got ${String(e)}`);
  return e.code;
}

describe('LUNA16 annotations on the real evaluation files', () => {
  it.skipIf(!fs.existsSync(ANNOTATIONS))('reads all 1,186 rows of annotations.csv, no errors, positive diameters', async () => {
    const r = await readLunaAnnotations(ANNOTATIONS);
    expect(r.kind).toBe('annotations');
    expect(r.errors).toEqual([]);
    expect(r.rows).toHaveLength(1186);
    expect(r.rows[0]).toEqual({ line: 2, seriesuid: UID, coordX: -128.6994211, coordY: -175.3192718, coordZ: -298.3875064, diameterMm: 5.651470635 });
    expect(r.rows.every((a) => a.diameterMm !== null && a.diameterMm > 0)).toBe(true);
    expect(r.rows[r.rows.length - 1]!.line).toBe(1187);
  });

  it.skipIf(!fs.existsSync(EXCLUDED))('reads all 35,192 rows of annotations_excluded.csv with diameter null where the file says -1', async () => {
    const t0 = performance.now();
    const r = await readLunaAnnotations(EXCLUDED);
    const ms = performance.now() - t0;
    console.log(`annotations_excluded.csv (3.5 MB): ${ms.toFixed(0)} ms`);
    expect(r.kind).toBe('annotations_excluded');
    expect(r.errors).toEqual([]);
    expect(r.rows).toHaveLength(35192);
    // 30,513 rows carry -1 (counted with awk on the file).
    expect(r.rows.filter((a) => a.diameterMm === null)).toHaveLength(30513);
    expect(r.rows.every((a) => a.diameterMm === null || a.diameterMm > 0)).toBe(true);
    expect(ms).toBeLessThan(2000);
  });

  it.skipIf(!fs.existsSync(ANNOTATIONS) || !fs.existsSync(EXCLUDED))(
    'the LIDC-IDRI-0001 series has 1 nodule in annotations.csv and 25 rows in annotations_excluded.csv',
    async () => {
      const a = groupBySeries((await readLunaAnnotations(ANNOTATIONS)).rows);
      const x = groupBySeries((await readLunaAnnotations(EXCLUDED)).rows);
      expect(a.get(LIDC_0001_SERIES)).toHaveLength(1);
      expect(x.get(LIDC_0001_SERIES)).toHaveLength(25);
      expect([...a.values()].reduce((s, l) => s + l.length, 0)).toBe(1186);
    },
  );
});

describe('LUNA16 annotations: kinds and headers', () => {
  it('recognises candidates by the class column, with class 0/1 and diameter null', () => {
    const r = parseLunaAnnotations(`seriesuid,coordX,coordY,coordZ,class\n${UID},1,2,3,0\n${UID},4,5,6,1\n`, '/x/candidates_V2.csv');
    expect(r.kind).toBe('candidates');
    expect(r.rows.map((a) => [a.candidateClass, a.diameterMm])).toEqual([
      [0, null],
      [1, null],
    ]);
  });

  it('accepts the columns in any order and in any case, ignoring extra columns', () => {
    const r = parseLunaAnnotations(`Diameter_MM,coordZ,note,SERIESUID,coordY,coordX\n7.5,3,hello,${UID},2,1\n`, '/x/annotations.csv');
    expect(r.errors).toEqual([]);
    expect(r.rows[0]).toMatchObject({ seriesuid: UID, coordX: 1, coordY: 2, coordZ: 3, diameterMm: 7.5 });
  });

  it('takes "excluded" in the file name, or any -1 diameter in an unnamed file, as annotations_excluded', () => {
    expect(parseLunaAnnotations(`${HEADER}\n${UID},1,2,3,4\n`, '/x/annotations_excluded.csv').kind).toBe('annotations_excluded');
    expect(parseLunaAnnotations(`${HEADER}\n${UID},1,2,3,-1\n`, '/x/marks.csv').kind).toBe('annotations_excluded');
    expect(parseLunaAnnotations(`${HEADER}\n${UID},1,2,3,4\n`, '/x/marks.csv').kind).toBe('annotations');
  });

  it('rejects a -1 diameter in a file named annotations.csv (only excluded findings lack a size)', () => {
    const r = parseLunaAnnotations(`${HEADER}\n${UID},1,2,3,-1\n${UID},1,2,3,4\n`, '/x/annotations.csv');
    expect(r.kind).toBe('annotations');
    expect(r.rows).toHaveLength(1);
    expect(r.errors).toEqual([{ file: '/x/annotations.csv', line: 2, message: 'diameter_mm "-1" is not a positive number of mm' }]);
  });

  it('refuses a wrong header, a missing header and an empty file with io.bad-header naming the file', async () => {
    const wrong = write('wrong.csv', 'id,cancer\nabc,1\n');
    const err = await readLunaAnnotations(wrong).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'io.bad-header', file: wrong });
    expect((err as Error).message).toContain('missing column(s) seriesuid, coordX, coordY, coordZ, diameter_mm or class');
    const headless = write('headless.csv', `${UID},1,2,3,4\n`);
    const e2 = await readLunaAnnotations(headless).catch((e: unknown) => e);
    expect(e2).toMatchObject({ code: 'io.bad-header' });
    expect((e2 as Error).message).toContain('the first row is data, not a header');
    expect(await codeOf(readLunaAnnotations(write('empty.csv', '')))).toBe('io.bad-header');
    expect(await codeOf(readLunaAnnotations(write('blank.csv', '\uFEFF\r\n\r\n  \n')))).toBe('io.bad-header');
  });

  it('reports a missing file as io.not-found', async () => {
    expect(await codeOf(readLunaAnnotations(path.join(tmp, 'absent.csv')))).toBe('io.not-found');
  });
});

describe('LUNA16 annotations: junk rows are reported with their line and the rest is imported', () => {
  const junk = [
    `\uFEFF${HEADER}`, // 1 (BOM)
    `${UID},1,2,3,4`, // 2 ok
    `${UID},abc,2,3,4`, // 3 text in a number column
    '', // 4 blank
    `${UID},1,2,3`, // 5 too few columns
    `${UID},1,2,3,4,5`, // 6 too many columns
    `${UID},NaN,2,3,4`, // 7 NaN
    `"${UID}",-1.5e1,"2",3,4`, // 8 ok, quoted fields
    `"${UID}","1,5",2,3,4`, // 9 quoted comma inside a number
    `${UID},1,2,3,0`, // 10 diameter 0
    `not.a.uid,1,2,3,4`, // 11 bad uid
    `${UID},1,2,Infinity,4`, // 12 Infinity
    `${UID},"1,2,3,4`, // 13 unterminated quote
    `${UID},0x10,2,3,4`, // 14 hex
    `${UID},1,2,3,-1`, // 15 -1 in annotations.csv
    `${UID}, 7 ,8,9,2.5`, // 16 ok (spaces)
  ].join('\r\n');

  it('keeps the 3 good rows and names each bad line, CRLF and BOM included', () => {
    const r = parseLunaAnnotations(junk, '/d/annotations.csv');
    expect(r.rows.map((a) => a.line)).toEqual([2, 8, 16]);
    expect(r.rows[1]).toMatchObject({ coordX: -15, coordY: 2 });
    expect(r.errors.map((e) => [e.line, e.message])).toEqual([
      [3, 'coordX "abc" is not a finite number'],
      [5, 'expected 5 columns, found 4'],
      [6, 'expected 5 columns, found 6'],
      [7, 'coordX "NaN" is not a finite number'],
      [9, 'coordX "1,5" is not a finite number'],
      [10, 'diameter_mm "0" is not a positive number of mm'],
      [11, 'seriesuid "not.a.uid" is not a DICOM UID'],
      [12, 'coordZ "Infinity" is not a finite number'],
      [13, 'expected 5 columns, found 2'],
      [14, 'coordX "0x10" is not a finite number'],
      [15, 'diameter_mm "-1" is not a positive number of mm'],
    ]);
    expect(r.errors.every((e) => e.file === '/d/annotations.csv')).toBe(true);
  });

  it('gives the same result from the streamed file as from memory', async () => {
    const f = write('annotations.csv', junk);
    const fromFile = await readLunaAnnotations(f);
    const fromMemory = parseLunaAnnotations(junk, f);
    expect(fromFile).toEqual(fromMemory);
  });

  it('lists at most 1,000 bad rows and sums up the rest in one entry', () => {
    const bad = Array.from({ length: 1500 }, () => `${UID},x,2,3,4`).join('\n');
    const r = parseLunaAnnotations(`${HEADER}\n${bad}\n${UID},1,2,3,4\n`, '/d/annotations.csv');
    expect(r.rows).toHaveLength(1);
    expect(r.errors).toHaveLength(1001);
    expect(r.errors[1000]).toEqual({ file: '/d/annotations.csv', line: 1002, message: '500 more rejected rows from this line on are not listed' });
  });
});

describe('LUNA16 candidates: streaming a 550k-row file', () => {
  it('parses a generated 550,000-row candidates.csv in about a second with bounded heap', async () => {
    const f = path.join(tmp, 'candidates.csv');
    const fd = fs.openSync(f, 'w');
    fs.writeSync(fd, 'seriesuid,coordX,coordY,coordZ,class\n');
    const N = 550_000;
    let batch: string[] = [];
    for (let i = 0; i < N; i++) {
      const uid = `1.3.6.1.4.1.14519.5.2.1.6279.6001.${(100225287222365663678666836860n + BigInt(i % 888)).toString()}`;
      batch.push(`${uid},${(-150 + (i % 300) + 0.123456789).toFixed(9)},${(-200 + (i % 257) * 0.5).toFixed(2)},${(-300 + (i % 401) * 0.25).toFixed(7)},${i % 500 === 0 ? 1 : 0}`);
      if (batch.length === 10_000) {
        fs.writeSync(fd, batch.join('\n') + '\n');
        batch = [];
      }
    }
    if (batch.length) fs.writeSync(fd, batch.join('\n') + '\n');
    fs.closeSync(fd);
    const mb = fs.statSync(f).size / 1e6;

    (globalThis as { gc?: () => void }).gc?.();
    const heap0 = process.memoryUsage().heapUsed;
    let peak = heap0;
    const ctx = {
      signal: new AbortController().signal,
      budgetBytes: 1e9,
      progress: () => {
        peak = Math.max(peak, process.memoryUsage().heapUsed);
      },
    };
    const t0 = performance.now();
    const r = await readLunaAnnotations(f, { ctx });
    const ms = performance.now() - t0;
    peak = Math.max(peak, process.memoryUsage().heapUsed);
    console.log(
      `candidates.csv ${N} rows, ${mb.toFixed(1)} MB: ${ms.toFixed(0)} ms, heap ${(heap0 / 1e6).toFixed(0)} MB before, peak ${(peak / 1e6).toFixed(0)} MB (+${((peak - heap0) / 1e6).toFixed(0)} MB)`,
    );
    expect(r.kind).toBe('candidates');
    expect(r.errors).toEqual([]);
    expect(r.rows).toHaveLength(N);
    expect(r.rows.filter((a) => a.candidateClass === 1)).toHaveLength(N / 500);
    expect(groupBySeries(r.rows).size).toBe(888);
    // Generous bounds for a loaded 2-core CI box; the log shows the real figures.
    expect(ms).toBeLessThan(6000);
    expect(peak - heap0).toBeLessThan(400e6);
  });
});
