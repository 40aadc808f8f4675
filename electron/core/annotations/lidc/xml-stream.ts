import { LungDeskError } from '../../../common/errors';
import { decodeEntitiesWith, type XmlElement } from './xml-text';

/**
 * The XML reader of `xml-tree`, fed in chunks: `write(chunk)` as the file is read, `end()` for
 * the root. Memory follows what is kept, not the file: the consumed text is dropped after
 * every chunk, comments, processing instructions and DOCTYPEs are skipped as they stream by
 * (a 200 MB comment never sits in memory), and with `keep` whole subtrees (unknown elements)
 * are checked for well-formedness but not stored. With `dropWhitespaceText` whitespace-only
 * text between elements is not stored either. The grammar, the safety caps and the error
 * messages (`file:line:column: what`) are those of `parseXml`.
 */

export interface XmlStreamOptions {
  /** File name used in error messages and `LungDeskError.file`. */
  file?: string;
  /** Deepest element nesting accepted (root = 1). Default 256. */
  maxDepth?: number;
  /** Whether to store an element (called with its local name and its kept parent); the root is always kept. Default: all. */
  keep?: (local: string, parent: XmlElement) => boolean;
  /** Drop text runs that are only whitespace (element text is then what is left). Default false. */
  dropWhitespaceText?: boolean;
  /** Longest text kept in one element (UTF-16 units); longer is io.bad-header. Default unbounded. */
  maxTextLength?: number;
  /** Longest single tag (`<name attr="…">`); longer is io.bad-header. Default 16 MiB. */
  maxTagLength?: number;
}

interface Open {
  el: XmlElement;
  kept: boolean;
  parts: string[];
  textLength: number;
}

const isNameStart = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 58 || c >= 0x80;
const isNameChar = (c: number): boolean => isNameStart(c) || (c >= 48 && c <= 57) || c === 45 || c === 46;
const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13;

/** A construct being skipped across chunks: its end marker and where it started (for errors). */
interface Skipping {
  marker: string;
  line: number;
  column: number;
  unclosed: string;
}

export class XmlStreamParser {
  private buf = '';
  private pos = 0;
  /** Absolute offset (UTF-16 units from the document start) of buf[0]. */
  private base = 0;
  private ended = false;
  private first = true;
  private readonly stack: Open[] = [];
  private root: XmlElement | undefined;
  private skipping: Skipping | undefined;
  // Line/column cursor: moves forward only (positions asked for are monotonic but for errors).
  private lcAbs = 0;
  private lcLine = 1;
  private lcLastNl = -1;
  private readonly file: string | undefined;
  private readonly maxDepth: number;
  private readonly maxTag: number;

  constructor(private readonly opts: XmlStreamOptions = {}) {
    this.file = opts.file;
    this.maxDepth = opts.maxDepth ?? 256;
    this.maxTag = opts.maxTagLength ?? 16 * 1024 * 1024;
  }

  write(chunk: string): void {
    if (this.ended) throw new Error('XmlStreamParser: write after end');
    if (this.pos > 0) {
      this.advanceCursor(this.base + this.pos);
      this.buf = this.buf.slice(this.pos);
      this.base += this.pos;
      this.pos = 0;
    }
    this.buf += this.first && chunk.charCodeAt(0) === 0xfeff ? chunk.slice(1) : chunk;
    if (this.first && chunk.length > 0 && chunk.charCodeAt(0) === 0xfeff) this.base = 1;
    if (chunk.length > 0) this.first = false;
    this.pump();
  }

  end(): XmlElement {
    this.ended = true;
    this.pump();
    if (this.skipping) throw this.failAt(this.skipping.line, this.skipping.column, this.skipping.unclosed);
    const end = this.base + this.buf.length;
    const open = this.stack[this.stack.length - 1];
    if (open) throw this.fail(end, `document ends inside <${open.el.name}> opened at ${open.el.line}:${open.el.column}`);
    if (!this.root) throw this.fail(end, 'no root element');
    return this.root;
  }

  // -------------------------------------------------------------------------------------------

  private advanceCursor(abs: number): void {
    if (abs <= this.lcAbs) return;
    const from = Math.max(this.lcAbs - this.base, 0);
    const to = Math.min(abs - this.base, this.buf.length);
    for (let i = from; i < to; i++) {
      if (this.buf.charCodeAt(i) === 10) {
        this.lcLine++;
        this.lcLastNl = this.base + i;
      }
    }
    this.lcAbs = abs;
  }

  /** 1-based line and column of an absolute offset at or after the cursor (earlier ones: the cursor's line). */
  private lineColumn(abs: number): { line: number; column: number } {
    if (abs >= this.lcAbs) this.advanceCursor(abs);
    else return { line: this.lcLine, column: Math.max(1, abs - this.lcLastNl) };
    return { line: this.lcLine, column: abs - this.lcLastNl };
  }

  private fail(abs: number, what: string): LungDeskError {
    const { line, column } = this.lineColumn(abs);
    return this.failAt(line, column, what);
  }

  private failAt(line: number, column: number, what: string): LungDeskError {
    return new LungDeskError('io.bad-header', `${this.file ?? '<xml>'}:${line}:${column}: ${what}`, { file: this.file, detail: { line, column } });
  }

  private skip(i: number, from: number, marker: string, unclosed: string): void {
    this.pos = from;
    this.skipping = { marker, ...this.lineColumn(this.base + i), unclosed };
  }

  private addText(s: string, startAbs: number, raw: boolean): void {
    const top = this.stack[this.stack.length - 1];
    if (!top) {
      for (let j = 0; j < s.length; j++) {
        if (!isSpace(s.charCodeAt(j))) throw this.fail(startAbs + j, this.root ? 'text after the root element' : 'text before the root element');
      }
      return;
    }
    const text = raw ? s : decodeEntitiesWith(s, (at, what) => this.fail(startAbs + at, what));
    if (!top.kept) return;
    if (this.opts.dropWhitespaceText && !raw && /^[ \t\r\n]*$/.test(text)) return;
    top.textLength += text.length;
    if (this.opts.maxTextLength !== undefined && top.textLength > this.opts.maxTextLength) {
      throw this.fail(startAbs, `text of <${top.el.name}> is longer than ${this.opts.maxTextLength} characters`);
    }
    top.parts.push(text);
  }

  /** Continues skipping a comment/PI/DOCTYPE-free construct; true when it closed in this buffer. */
  private continueSkip(): boolean {
    const s = this.skipping!;
    const e = this.buf.indexOf(s.marker, this.pos);
    if (e < 0) {
      // Keep only what could be the start of the marker.
      if (!this.ended) this.pos = Math.max(this.pos, this.buf.length - (s.marker.length - 1));
      return false;
    }
    this.pos = e + s.marker.length;
    this.skipping = undefined;
    return true;
  }

  private pump(): void {
    const final = this.ended;
    for (;;) {
      if (this.skipping && !this.continueSkip()) return;
      const buf = this.buf;
      const n = buf.length;
      const i = this.pos;
      if (i >= n) return;
      const lt = buf.indexOf('<', i);
      if (lt !== i) {
        let end = lt < 0 ? n : lt;
        if (lt < 0 && !final) {
          // Text runs on past this chunk: take it up to a possible entity reference cut in two.
          const amp = buf.lastIndexOf('&', end - 1);
          if (amp >= i && buf.indexOf(';', amp) < 0 && end - amp <= 32) end = amp;
        }
        if (end > i) this.addText(buf.slice(i, end), this.base + i, false);
        this.pos = end;
        if (lt < 0) return;
        continue;
      }
      // Markup at i: wait until its kind is known.
      if (!final && n - i < 9 && (buf.startsWith('<!', i) || buf.startsWith('<?', i) || n - i < 2)) {
        if ('<!--'.startsWith(buf.slice(i, i + 4)) || '<![CDATA['.startsWith(buf.slice(i, i + 9)) || '<!DOCTYPE'.startsWith(buf.slice(i, i + 9)) || n - i < 2) return;
      }
      if (buf.startsWith('<!--', i)) {
        this.skip(i, i + 4, '-->', 'comment is not closed (missing -->)');
        continue;
      }
      if (buf.startsWith('<![CDATA[', i)) {
        const top = this.stack[this.stack.length - 1];
        if (!top) throw this.fail(this.base + i, 'CDATA section outside the root element');
        if (!top.kept) {
          this.skip(i, i + 9, ']]>', 'CDATA section is not closed (missing ]]>)');
          continue;
        }
        const e = buf.indexOf(']]>', i + 9);
        if (e < 0) {
          if (final) throw this.fail(this.base + i, 'CDATA section is not closed (missing ]]>)');
          return;
        }
        this.addText(buf.slice(i + 9, e), this.base + i + 9, true);
        this.pos = e + 3;
        continue;
      }
      if (buf.startsWith('<?', i)) {
        const nameEnd = this.readName(i + 2);
        if (nameEnd === i + 2) {
          if (!final && nameEnd >= n) return;
          throw this.fail(this.base + i, 'processing instruction without a target name');
        }
        if (nameEnd >= n && !final) return;
        this.skip(i, nameEnd, '?>', 'processing instruction is not closed (missing ?>)');
        continue;
      }
      if (buf.startsWith('<!DOCTYPE', i)) {
        if (this.root || this.stack.length > 0) throw this.fail(this.base + i, 'DOCTYPE after the root element started');
        const close = this.doctypeEnd(i);
        if (close < 0) {
          if (final) throw this.fail(this.base + i, 'DOCTYPE is not closed');
          if (n - i > this.maxTag) throw this.fail(this.base + i, `DOCTYPE longer than ${this.maxTag} characters`);
          return;
        }
        this.pos = close + 1;
        continue;
      }
      if (buf.startsWith('<!', i)) throw this.fail(this.base + i, 'unexpected markup declaration (only comments, CDATA and DOCTYPE are allowed)');
      // A tag: wait for the whole of it (up to '>' outside quoted values).
      const close = this.tagEnd(i);
      if (close < 0) {
        if (!final) {
          if (n - i > this.maxTag) throw this.fail(this.base + i, `a tag longer than ${this.maxTag} characters`);
          return;
        }
      }
      this.pos = buf.charCodeAt(i + 1) === 47 ? this.endTag(i) : this.startTag(i);
    }
  }

  /** Index of the '>' closing the DOCTYPE at i (quoted strings and the internal subset skipped), or -1. */
  private doctypeEnd(i: number): number {
    const buf = this.buf;
    let j = i + 9;
    let inSubset = false;
    while (j < buf.length) {
      const c = buf.charCodeAt(j);
      if (c === 34 || c === 39) {
        const q = buf.indexOf(c === 34 ? '"' : "'", j + 1);
        if (q < 0) return -1;
        j = q + 1;
        continue;
      }
      if (c === 91) inSubset = true;
      else if (c === 93) inSubset = false;
      else if (c === 62 && !inSubset) return j;
      j++;
    }
    return -1;
  }

  /** Index of the '>' ending the tag at i, outside quoted values, or -1 when not in the buffer yet. */
  private tagEnd(i: number): number {
    const buf = this.buf;
    let j = i + 1;
    while (j < buf.length) {
      const c = buf.charCodeAt(j);
      if (c === 62) return j;
      if (c === 34 || c === 39) {
        const q = buf.indexOf(c === 34 ? '"' : "'", j + 1);
        if (q < 0) return -1;
        j = q + 1;
        continue;
      }
      if (c === 60 && j > i) return j; // a '<' inside a tag: let the tag parser report it
      j++;
    }
    return -1;
  }

  private readName(at: number): number {
    const buf = this.buf;
    if (at >= buf.length || !isNameStart(buf.charCodeAt(at))) return at;
    let j = at + 1;
    while (j < buf.length && isNameChar(buf.charCodeAt(j))) j++;
    return j;
  }

  private skipSpace(at: number): number {
    let j = at;
    while (j < this.buf.length && isSpace(this.buf.charCodeAt(j))) j++;
    return j;
  }

  private endTag(i: number): number {
    const buf = this.buf;
    const nameEnd = this.readName(i + 2);
    if (nameEnd === i + 2) throw this.fail(this.base + i, 'closing tag without a name');
    const name = buf.slice(i + 2, nameEnd);
    const j = this.skipSpace(nameEnd);
    if (buf.charCodeAt(j) !== 62) throw this.fail(this.base + j, `closing tag </${name}> is not closed with '>'`);
    const open = this.stack.pop();
    if (!open) throw this.fail(this.base + i, `closing tag </${name}> with no element open`);
    if (open.el.name !== name) throw this.fail(this.base + i, `closing tag </${name}> does not match <${open.el.name}> opened at ${open.el.line}:${open.el.column}`);
    if (open.kept) open.el.text = open.parts.length === 1 ? open.parts[0]! : open.parts.join('');
    return j + 1;
  }

  private startTag(i: number): number {
    const buf = this.buf;
    const n = buf.length;
    const abs = (k: number): number => this.base + k;
    const nameEnd = this.readName(i + 1);
    if (nameEnd === i + 1) throw this.fail(abs(i), "'<' does not start a tag (write &lt; in text)");
    const name = buf.slice(i + 1, nameEnd);
    if (!this.stack.length && this.root) throw this.fail(abs(i), `second root element <${name}> (a document has exactly one)`);
    if (this.stack.length >= this.maxDepth) throw this.fail(abs(i), `elements nested deeper than ${this.maxDepth} levels`);
    const colon = name.lastIndexOf(':');
    const { line, column } = this.lineColumn(abs(i));
    const el: XmlElement = { name, local: colon >= 0 ? name.slice(colon + 1) : name, attrs: new Map(), children: [], text: '', offset: abs(i), line, column };
    let j = nameEnd;
    let selfClosing = false;
    for (;;) {
      const before = j;
      j = this.skipSpace(j);
      if (j >= n) throw this.fail(abs(i), `start tag <${name}> is not closed (end of document)`);
      const c = buf.charCodeAt(j);
      if (c === 62) {
        j++;
        break;
      }
      if (c === 47) {
        if (buf.charCodeAt(j + 1) !== 62) throw this.fail(abs(j), `expected '/>' in <${name}>`);
        selfClosing = true;
        j += 2;
        break;
      }
      if (j === before) throw this.fail(abs(j), `expected whitespace, '>' or '/>' in <${name}>`);
      const aEnd = this.readName(j);
      if (aEnd === j) throw this.fail(abs(j), `bad attribute name in <${name}>`);
      const aName = buf.slice(j, aEnd);
      j = this.skipSpace(aEnd);
      if (buf.charCodeAt(j) !== 61) throw this.fail(abs(j), `attribute ${aName} in <${name}> has no '='`);
      j = this.skipSpace(j + 1);
      const q = buf.charCodeAt(j);
      if (q !== 34 && q !== 39) throw this.fail(abs(j), `value of attribute ${aName} in <${name}> is not quoted`);
      const close = buf.indexOf(q === 34 ? '"' : "'", j + 1);
      if (close < 0) throw this.fail(abs(j), `value of attribute ${aName} in <${name}> is not closed`);
      const raw = buf.slice(j + 1, close);
      const ltIn = raw.indexOf('<');
      if (ltIn >= 0) throw this.fail(abs(j + 1 + ltIn), `'<' inside the value of attribute ${aName}`);
      if (el.attrs.has(aName)) throw this.fail(abs(j), `attribute ${aName} appears twice in <${name}>`);
      const at = j + 1;
      el.attrs.set(aName, decodeEntitiesWith(raw, (k, what) => this.fail(abs(at + k), what)));
      j = close + 1;
    }
    const parent = this.stack[this.stack.length - 1];
    let kept = true;
    if (parent) {
      kept = parent.kept && (this.opts.keep ? this.opts.keep(el.local, parent.el) : true);
      if (kept) parent.el.children.push(el);
    } else this.root = el;
    if (!selfClosing) this.stack.push({ el, kept, parts: [], textLength: 0 });
    return j;
  }
}
