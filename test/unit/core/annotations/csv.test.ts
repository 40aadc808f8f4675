import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LungDeskError } from '../../../../electron/common/errors';
import { type CsvRow, csvRows, parseCsv, parseDecimal, readCsvFile } from '../../../../electron/core/annotations/csv';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-csv-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function rows(text: string, multilineQuotes = true): CsvRow[] {
  const out: CsvRow[] = [];
  parseCsv(text, (r) => out.push(r), { multilineQuotes });
  return out;
}

async function fileRows(text: string | Buffer, chunkBytes: number, multilineQuotes = true): Promise<CsvRow[]> {
  const f = path.join(tmp, `c${chunkBytes}-${Math.random().toString(36).slice(2)}.csv`);
  fs.writeFileSync(f, text);
  const out: CsvRow[] = [];
  await readCsvFile(f, (r) => out.push(r), { chunkBytes, multilineQuotes });
  return out;
}

describe('CSV tokenizer (RFC 4180)', () => {
  it('splits plain fields and numbers rows by their 1-based line', () => {
    expect(rows('a,b\n1,2\n')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', '2'] },
    ]);
  });

  it('treats CRLF, LF and a lone CR alike as line ends', () => {
    expect(rows('a\r\nb\rc\nd').map((r) => [r.line, r.fields[0]])).toEqual([
      [1, 'a'],
      [2, 'b'],
      [3, 'c'],
      [4, 'd'],
    ]);
  });

  it('reads a last row that has no final newline', () => {
    expect(rows('id,cancer\r\nx,1')).toEqual([
      { line: 1, fields: ['id', 'cancer'] },
      { line: 2, fields: ['x', '1'] },
    ]);
  });

  it('drops a UTF-8 byte-order mark at the start', () => {
    expect(rows('\uFEFFseriesuid,x\n1,2')[0]!.fields).toEqual(['seriesuid', 'x']);
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('a,b\n')]);
    const out: CsvRow[] = [];
    parseCsv(bytes, (r) => out.push(r));
    expect(out[0]!.fields).toEqual(['a', 'b']);
  });

  it('skips blank and whitespace-only lines but still counts them', () => {
    expect(rows('a\n\n  \n\r\nb\n\n').map((r) => [r.line, r.fields])).toEqual([
      [1, ['a']],
      [5, ['b']],
    ]);
  });

  it('keeps commas inside quoted fields and unescapes doubled quotes', () => {
    expect(rows('"a,b","say ""hi""",c\n')[0]).toEqual({ line: 1, fields: ['a,b', 'say "hi"', 'c'] });
  });

  it('an empty quoted field is a row, not a blank line', () => {
    expect(rows('""\n')).toEqual([{ line: 1, fields: [''] }]);
  });

  it('keeps line breaks inside quotes in multiline mode and numbers the row by its first line', () => {
    const r = rows('"a\r\nb",c\nd');
    expect(r[0]).toEqual({ line: 1, fields: ['a\r\nb', 'c'] });
    expect(r[1]).toEqual({ line: 3, fields: ['d'] });
  });

  it('closes an unterminated quote at the line end in single-line mode, flags it, and goes on', () => {
    const r = rows('a,"b\nc,d\n', false);
    expect(r[0]).toMatchObject({ line: 1, fields: ['a', 'b'], problem: 'unterminated quoted field' });
    expect(r[1]).toEqual({ line: 2, fields: ['c', 'd'] });
  });

  it('flags stray quotes and text after a closing quote instead of throwing', () => {
    expect(rows('a"b,c\n')[0]).toMatchObject({ fields: ['a"b', 'c'], problem: 'quote inside an unquoted field' });
    expect(rows('"a"x,c\n')[0]).toMatchObject({ fields: ['ax', 'c'], problem: 'text after a closing quote' });
    expect(rows('"abc')[0]).toMatchObject({ fields: ['abc'], problem: 'unterminated quoted field' });
  });

  it('gives the same rows whatever the chunk size (CRLF, "" and UTF-8 split across reads)', async () => {
    const text = '\uFEFFh1,h2\r\n"x ""q"", y",é€😀\r\n\r\n"multi\r\nline",z\r1,2\n"end"';
    const whole = rows(text);
    for (const chunk of [1, 2, 3, 5, 7, 64]) expect(await fileRows(text, chunk)).toEqual(whole);
  });

  it('streams rows through an async iterator', async () => {
    const f = path.join(tmp, 'iter.csv');
    fs.writeFileSync(f, 'a,b\n1,2\n3,4');
    const got: CsvRow[] = [];
    for await (const r of csvRows(f, { chunkBytes: 3 })) got.push(r);
    expect(got.map((r) => r.line)).toEqual([1, 2, 3]);
  });

  it('reports a missing file as io.not-found and a folder as io.read-failed', async () => {
    await expect(readCsvFile(path.join(tmp, 'nope.csv'), () => {})).rejects.toMatchObject({ code: 'io.not-found' });
    await expect(readCsvFile(tmp, () => {})).rejects.toMatchObject({ code: 'io.read-failed', file: tmp });
  });

  it('stops with job.cancelled when the signal has fired', async () => {
    const f = path.join(tmp, 'cancel.csv');
    fs.writeFileSync(f, 'a\n'.repeat(1000));
    const ac = new AbortController();
    ac.abort();
    const ctx = { signal: ac.signal, progress: () => {}, budgetBytes: 1e9 };
    const err = await readCsvFile(f, () => {}, { ctx }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LungDeskError);
    expect((err as LungDeskError).code).toBe('job.cancelled');
  });
});

describe('parseDecimal', () => {
  it('accepts decimal and exponent notation with surrounding spaces', () => {
    expect(parseDecimal(' -128.6994211 ')).toBe(-128.6994211);
    expect(parseDecimal('1e-3')).toBe(0.001);
    expect(parseDecimal('+.5')).toBe(0.5);
  });

  it('rejects what Number() would quietly accept: empty, hex, binary, octal, NaN, Infinity, overflow', () => {
    for (const s of ['', '  ', '0x10', '0b1', '0o7', 'NaN', 'Infinity', '-Infinity', '1e999', 'abc', '1,5', '1.2.3']) {
      expect(parseDecimal(s), s).toBeNaN();
    }
  });
});
