import { promises as fsp } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { LungDeskError } from '../../common/errors';
import type { JobContext } from '../../common/jobs';

/**
 * A small RFC 4180 CSV tokenizer that streams.
 *
 * - Fields are separated by `,`; a field may be quoted with `"`, a doubled `""` inside quotes
 *   is one quote. Quoted fields may hold commas and (unless `multilineQuotes` is false) line
 *   breaks.
 * - A record ends at CRLF, LF or a lone CR; the last record needs no line break.
 * - A UTF-8 byte-order mark at the very start is dropped.
 * - Blank lines (nothing, or only spaces/tabs, outside quotes) yield no row but still count
 *   for line numbers.
 * - Each row carries the 1-based physical line on which it starts.
 *
 * The tokenizer never throws on malformed input: it repairs leniently and says what it
 * repaired in `row.problem`, so a reader can report that line and import the rest.
 * - a quote inside an unquoted field is kept as a literal character (problem noted);
 * - text after a closing quote and before the next comma is appended (problem noted);
 * - with `multilineQuotes: false` a quote still open at the end of a line is closed there
 *   (problem noted), so one stray quote cannot swallow the rest of the file. LUNA16 and DSB
 *   files never hold line breaks in fields, so their readers use this mode.
 * - with `multilineQuotes: true` a quote still open at the end of the input is closed there.
 */
export interface CsvRow {
  /** 1-based line on which the row starts. */
  line: number;
  fields: string[];
  /** Set when the row was repaired (stray or unterminated quote); the fields are a best guess. */
  problem?: string;
}

export interface CsvOptions {
  /** Allow line breaks inside quoted fields (RFC 4180). Default true. */
  multilineQuotes?: boolean;
}

const QUOTE = 34; // "
const COMMA = 44;
const LF = 10;
const CR = 13;
const BOM = 0xfeff;

/**
 * Push-based tokenizer: feed decoded text with `push`, then call `end`. Rows go to `onRow`
 * synchronously, so a caller that builds typed records keeps no per-row strings around.
 */
export class CsvTokenizer {
  private readonly multiline: boolean;
  private readonly onRow: (row: CsvRow) => void;
  private started = false;
  private line = 1; // physical line of the next character
  private rowLine = 1;
  private fields: string[] = [];
  private field = '';
  private inQuotes = false;
  private quoted = false; // current field began with a quote
  private afterQuote = false; // a closing quote was seen in the current field
  private problem: string | undefined;
  private pendingCr = false; // the previous chunk ended with CR; a leading LF belongs to it

  constructor(onRow: (row: CsvRow) => void, opts: CsvOptions = {}) {
    this.onRow = onRow;
    this.multiline = opts.multilineQuotes ?? true;
  }

  push(text: string): void {
    let i = 0;
    const n = text.length;
    if (n === 0) return;
    if (!this.started) {
      this.started = true;
      if (text.charCodeAt(0) === BOM) i = 1;
    }
    if (this.pendingCr && i < n) {
      // The previous chunk ended with CR: a leading LF completes that CRLF.
      this.pendingCr = false;
      if (text.charCodeAt(i) === LF) {
        if (this.inQuotes) this.field += '\n';
        i++;
      }
    }
    let start = i; // start of the not-yet-copied run of field characters
    while (i < n) {
      let c = text.charCodeAt(i);
      // Fast path: skip the ordinary characters of a field in one tight loop.
      if (this.inQuotes) {
        while (c !== QUOTE && c !== LF && c !== CR) {
          if (++i === n) break;
          c = text.charCodeAt(i);
        }
        if (i === n) break;
      } else if (!this.afterQuote && !this.maybeEscapedQuote) {
        while (c !== COMMA && c !== LF && c !== CR && c !== QUOTE) {
          if (++i === n) break;
          c = text.charCodeAt(i);
        }
        if (i === n) break;
      }
      if (this.inQuotes) {
        if (c === QUOTE) {
          this.field += text.slice(start, i);
          if (i + 1 < n && text.charCodeAt(i + 1) === QUOTE) {
            this.field += '"';
            i += 2;
          } else {
            this.inQuotes = false;
            this.afterQuote = true;
            // A quote ending the chunk may be the first half of `""`: the next chunk decides.
            this.maybeEscapedQuote = i + 1 === n;
            i++;
          }
          start = i;
          continue;
        }
        if (c !== LF && c !== CR) {
          i++;
          continue;
        }
        this.field += text.slice(start, i);
        start = i;
        if (this.multiline) {
          if (c === CR && i + 1 < n && text.charCodeAt(i + 1) === LF) {
            this.field += '\r\n';
            i += 2;
          } else {
            this.field += c === CR ? '\r' : '\n';
            if (c === CR && i + 1 === n) this.pendingCr = true;
            i++;
          }
          this.line++;
          start = i;
          continue;
        }
        // Single-line mode: close the quote at the line end and end the record below.
        this.inQuotes = false;
        this.note('unterminated quoted field');
      }
      if (this.maybeEscapedQuote) {
        this.maybeEscapedQuote = false;
        if (c === QUOTE) {
          // `""` split across chunks: an escaped quote, still inside quotes.
          this.field += '"';
          this.inQuotes = true;
          this.afterQuote = false;
          i++;
          start = i;
          continue;
        }
      }
      if (c === COMMA) {
        this.field += text.slice(start, i);
        this.endField();
        i++;
        start = i;
        continue;
      }
      if (c === LF || c === CR) {
        this.field += text.slice(start, i);
        this.endRecord();
        if (c === CR) {
          if (i + 1 === n) this.pendingCr = true;
          else if (text.charCodeAt(i + 1) === LF) i++;
        }
        this.line++;
        this.rowLine = this.line;
        i++;
        start = i;
        continue;
      }
      if (c === QUOTE) {
        if (i === start && this.field.length === 0 && !this.quoted && !this.afterQuote) {
          this.inQuotes = true;
          this.quoted = true;
          i++;
          start = i;
          continue;
        }
        this.note(this.afterQuote ? 'text after a closing quote' : 'quote inside an unquoted field');
      } else if (this.afterQuote) {
        this.note('text after a closing quote');
      }
      i++;
    }
    if (start < n) this.field += text.slice(start, n);
  }

  private maybeEscapedQuote = false;

  end(): void {
    if (this.inQuotes) {
      this.inQuotes = false;
      this.note('unterminated quoted field');
    }
    this.maybeEscapedQuote = false;
    this.endRecord();
  }

  private note(problem: string): void {
    if (this.problem === undefined) this.problem = problem;
  }

  private endField(): void {
    this.fields.push(this.field);
    this.field = '';
    this.quoted = false;
    this.afterQuote = false;
    this.maybeEscapedQuote = false;
  }

  private endRecord(): void {
    const blank = this.fields.length === 0 && !this.quoted && isBlank(this.field);
    this.endField();
    if (!blank) {
      const row: CsvRow = { line: this.rowLine, fields: this.fields };
      if (this.problem !== undefined) row.problem = this.problem;
      this.onRow(row);
    }
    this.fields = [];
    this.problem = undefined;
  }
}

function isBlank(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}

/** Splits an in-memory text or buffer (UTF-8) into rows; the same rules as `readCsvFile`. */
export function parseCsv(input: string | Uint8Array, onRow: (row: CsvRow) => void, opts: CsvOptions = {}): void {
  const t = new CsvTokenizer(onRow, opts);
  t.push(typeof input === 'string' ? input : new StringDecoder('utf8').end(Buffer.from(input.buffer, input.byteOffset, input.byteLength)));
  t.end();
}

export interface ReadCsvOptions extends CsvOptions {
  ctx?: JobContext;
  /** Bytes per read; 1 MiB by default. */
  chunkBytes?: number;
  /** Progress stage name reported through `ctx.progress`; default 'read'. */
  stage?: string;
}

/**
 * Streams a CSV file in chunks through the tokenizer; memory stays at one chunk plus what
 * `onRow` keeps. Checks `ctx.signal` between chunks (job.cancelled) and reports the fraction
 * of bytes read. Missing file → io.not-found; a folder or an OS refusal → io.read-failed.
 */
export async function readCsvFile(file: string, onRow: (row: CsvRow) => void, opts: ReadCsvOptions = {}): Promise<void> {
  const fh = await openForRead(file);
  try {
    const size = await fh
      .stat()
      .then((s) => s.size)
      .catch(() => 0);
    const buf = Buffer.allocUnsafe(opts.chunkBytes ?? 1 << 20);
    const decoder = new StringDecoder('utf8');
    const tokenizer = new CsvTokenizer(onRow, opts);
    const stage = opts.stage ?? 'read';
    let done = 0;
    for (;;) {
      if (opts.ctx?.signal.aborted) throw new LungDeskError('job.cancelled', 'cancelled', { file });
      let n: number;
      try {
        ({ bytesRead: n } = await fh.read(buf, 0, buf.length, null));
      } catch (e) {
        throw osError(e, file);
      }
      if (n === 0) break;
      tokenizer.push(decoder.write(buf.subarray(0, n)));
      done += n;
      if (opts.ctx && size > 0) opts.ctx.progress(stage, Math.min(1, done / size));
    }
    tokenizer.push(decoder.end());
    tokenizer.end();
  } finally {
    await fh.close().catch(() => {});
  }
}

/**
 * Async-iterator view of `readCsvFile`, for callers that prefer `for await`. Rows are
 * delivered per chunk, so the per-row cost stays that of a plain loop.
 */
export async function* csvRows(file: string, opts: ReadCsvOptions = {}): AsyncGenerator<CsvRow> {
  const fh = await openForRead(file);
  try {
    const buf = Buffer.allocUnsafe(opts.chunkBytes ?? 1 << 20);
    const decoder = new StringDecoder('utf8');
    let batch: CsvRow[] = [];
    const tokenizer = new CsvTokenizer((r) => batch.push(r), opts);
    for (;;) {
      if (opts.ctx?.signal.aborted) throw new LungDeskError('job.cancelled', 'cancelled', { file });
      let n: number;
      try {
        ({ bytesRead: n } = await fh.read(buf, 0, buf.length, null));
      } catch (e) {
        throw osError(e, file);
      }
      if (n === 0) break;
      tokenizer.push(decoder.write(buf.subarray(0, n)));
      const out = batch;
      batch = [];
      yield* out;
    }
    tokenizer.push(decoder.end());
    tokenizer.end();
    yield* batch;
  } finally {
    await fh.close().catch(() => {});
  }
}

async function openForRead(file: string): Promise<fsp.FileHandle> {
  let fh: fsp.FileHandle;
  try {
    fh = await fsp.open(file, 'r');
  } catch (e) {
    throw osError(e, file);
  }
  try {
    const st = await fh.stat();
    if (st.isDirectory()) throw new LungDeskError('io.read-failed', `${file} is a folder, not a CSV file`, { file });
  } catch (e) {
    await fh.close().catch(() => {});
    throw e instanceof LungDeskError ? e : osError(e, file);
  }
  return fh;
}

function osError(e: unknown, file: string): LungDeskError {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return new LungDeskError('io.not-found', `file not found: ${file}`, { file, cause: e });
  if (code === 'EISDIR') return new LungDeskError('io.read-failed', `${file} is a folder, not a CSV file`, { file, cause: e });
  return new LungDeskError('io.read-failed', `cannot read ${file}: ${(e as Error | undefined)?.message ?? String(e)}`, { file, cause: e });
}

/** One row a reader could not import; the rest of the file is still imported. */
export interface CsvRowError {
  file: string;
  line: number;
  message: string;
}

/**
 * Parses a decimal number strictly: optional sign, digits, optional fraction and exponent,
 * surrounding spaces allowed. Rejects what `Number()` would quietly accept (empty → 0, hex,
 * binary, octal) and anything non-finite (NaN, Infinity, 1e999). Returns NaN when rejected.
 */
export function parseDecimal(s: string): number {
  const c0 = s.charCodeAt(0);
  // Hot path (half a million rows): a field starting with a sign, a dot or a digit 1-9 can
  // hold no radix prefix and no blank, so Number() alone decides.
  if (c0 === 45 || c0 === 43 || c0 === 46 || (c0 >= 49 && c0 <= 57)) {
    const v = Number(s);
    // "-0x10" and "+0x10" are NaN in Number(), so a sign never hides a radix prefix.
    return Number.isFinite(v) ? v : NaN;
  }
  const t = s.trim();
  if (t.length === 0) return NaN;
  // Number() accepts 0x.., 0b.., 0o.. and "Infinity"; none is a CSV coordinate.
  if (t.length > 1 && t.charCodeAt(0) === 48) {
    const c1 = t.charCodeAt(1) | 32;
    if (c1 === 120 || c1 === 98 || c1 === 111) return NaN;
  }
  const v = Number(t);
  return Number.isFinite(v) ? v : NaN;
}

/** Header names compare trimmed and case-insensitively. */
export function normaliseHeaderName(s: string): string {
  return s.trim().toLowerCase();
}
