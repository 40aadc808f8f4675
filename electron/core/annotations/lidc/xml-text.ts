import { LungDeskError } from '../../../common/errors';

// What the XML readers share: the element type, positions, errors and entity decoding.

export interface XmlElement {
  /** Qualified name as written, e.g. `xsi:schemaLocation` or `readingSession`. */
  name: string;
  /** Name after the last `:` (the namespace prefix dropped). */
  local: string;
  /** Attributes by qualified name, entities decoded. A Map so names like `__proto__` are harmless. */
  attrs: Map<string, string>;
  children: XmlElement[];
  /** Character data directly inside this element (CDATA included), concatenated, not trimmed. */
  text: string;
  /** Offset of the element's `<` in the source text (UTF-16 units). */
  offset: number;
  /** 1-based line and column of the element's `<` (for error positions). */
  line: number;
  column: number;
}

/** 1-based line and column (UTF-16 units) of an offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lastNl = -1;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lastNl = i;
    }
  }
  return { line, column: end - lastNl };
}

/** The error every malformed-XML path throws: `io.bad-header`, message `file:line:col: what`. */
export function xmlError(text: string, offset: number, what: string, file?: string): LungDeskError {
  const { line, column } = lineColumn(text, offset);
  const where = file ?? '<xml>';
  return new LungDeskError('io.bad-header', `${where}:${line}:${column}: ${what}`, { file, detail: { line, column } });
}

const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * Decodes entity and character references in `s` (which starts at `base` in `text`, for error
 * positions). Unknown entities and invalid code points are errors, as in a conforming parser.
 */
export function decodeEntities(s: string, text = s, base = 0, file?: string): string {
  return decodeEntitiesWith(s, (at, what) => xmlError(text, base + at, what, file));
}

/** `decodeEntities` reporting faults through `fail(offset in s, what)`. */
export function decodeEntitiesWith(s: string, fail: (at: number, what: string) => LungDeskError): string {
  let amp = s.indexOf('&');
  if (amp < 0) return s;
  let out = '';
  let from = 0;
  while (amp >= 0) {
    out += s.slice(from, amp);
    // Longest legal reference here is `&#x10FFFF;` or a short entity name: 32 chars is plenty.
    const semi = s.indexOf(';', amp + 1);
    if (semi < 0 || semi - amp > 32) throw fail(amp, "'&' does not start an entity reference (write &amp;)");
    const body = s.slice(amp + 1, semi);
    if (body.charCodeAt(0) === 35 /* # */) {
      const hex = body[1] === 'x' || body[1] === 'X';
      const digits = body.slice(hex ? 2 : 1);
      const ok = hex ? /^[0-9a-fA-F]+$/.test(digits) : /^[0-9]+$/.test(digits);
      const cp = ok ? parseInt(digits, hex ? 16 : 10) : NaN;
      const valid =
        Number.isInteger(cp) &&
        cp <= 0x10ffff &&
        (cp === 9 || cp === 10 || cp === 13 || cp >= 32) &&
        !(cp >= 0xd800 && cp <= 0xdfff) &&
        cp !== 0xfffe &&
        cp !== 0xffff;
      if (!valid) throw fail(amp, `invalid character reference &${body};`);
      out += String.fromCodePoint(cp);
    } else {
      const v = Object.prototype.hasOwnProperty.call(PREDEFINED, body) ? PREDEFINED[body] : undefined;
      if (v === undefined) throw fail(amp, `unknown entity &${body};`);
      out += v;
    }
    from = semi + 1;
    amp = s.indexOf('&', from);
  }
  return out + s.slice(from);
}

