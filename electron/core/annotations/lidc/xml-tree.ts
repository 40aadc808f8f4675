import { LungDeskError } from '../../../common/errors';

/**
 * A small, strict XML reader for annotation files (no XML library is bundled).
 *
 * Reads: elements, attributes, character data, comments, processing instructions
 * (`<?xml …?>` included, skipped), CDATA sections, a DOCTYPE (skipped; its internal subset is
 * never expanded, so entity bombs cannot work), the five predefined entities and numeric
 * character references (`&#N;`, `&#xN;`). Namespaces are not resolved: every element keeps
 * its qualified name and its local name (after the last `:`), and callers match on local
 * names, which is what LIDC files need (they declare a default `xmlns`).
 *
 * Safety: one forward pass with an explicit stack (no recursion), element depth capped at
 * `maxDepth`, every search bounded by the text length, so hostile input cannot hang or blow
 * the stack. Anything that is not well-formed throws `LungDeskError('io.bad-header')` whose
 * message names the file and the 1-based line:column of the fault (detail: {line, column}).
 */

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
  /** Offset of the element's `<` in the source text (for error positions). */
  offset: number;
}

export interface XmlParseOptions {
  /** File name used in error messages and `LungDeskError.file`. */
  file?: string;
  /** Deepest element nesting accepted (root = 1). Default 256. */
  maxDepth?: number;
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

const isNameStart = (c: number): boolean =>
  (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 58 || c >= 0x80;
const isNameChar = (c: number): boolean => isNameStart(c) || (c >= 48 && c <= 57) || c === 45 || c === 46;
const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13;

const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * Decodes entity and character references in `s` (which starts at `base` in `text`, for error
 * positions). Unknown entities and invalid code points are errors, as in a conforming parser.
 */
export function decodeEntities(s: string, text = s, base = 0, file?: string): string {
  let amp = s.indexOf('&');
  if (amp < 0) return s;
  let out = '';
  let from = 0;
  while (amp >= 0) {
    out += s.slice(from, amp);
    // Longest legal reference here is `&#x10FFFF;` or a short entity name: 32 chars is plenty.
    const semi = s.indexOf(';', amp + 1);
    if (semi < 0 || semi - amp > 32) throw xmlError(text, base + amp, "'&' does not start an entity reference (write &amp;)", file);
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
      if (!valid) throw xmlError(text, base + amp, `invalid character reference &${body};`, file);
      out += String.fromCodePoint(cp);
    } else {
      const v = Object.prototype.hasOwnProperty.call(PREDEFINED, body) ? PREDEFINED[body] : undefined;
      if (v === undefined) throw xmlError(text, base + amp, `unknown entity &${body};`, file);
      out += v;
    }
    from = semi + 1;
    amp = s.indexOf('&', from);
  }
  return out + s.slice(from);
}

interface Open {
  el: XmlElement;
  parts: string[];
}

/**
 * Parses a whole document and returns its root element. Throws `io.bad-header` with
 * line:column on anything malformed (mismatched or unclosed tags, bad attributes, unknown
 * entities, text or a second element outside the root, nesting deeper than `maxDepth`).
 */
export function parseXml(source: string, opts: XmlParseOptions = {}): XmlElement {
  const file = opts.file;
  const maxDepth = opts.maxDepth ?? 256;
  const text = source;
  const n = text.length;
  const fail = (offset: number, what: string): LungDeskError => xmlError(text, offset, what, file);

  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const stack: Open[] = [];
  let root: XmlElement | undefined;

  const readName = (at: number): number => {
    if (at >= n || !isNameStart(text.charCodeAt(at))) return at;
    let j = at + 1;
    while (j < n && isNameChar(text.charCodeAt(j))) j++;
    return j;
  };
  const skipSpace = (at: number): number => {
    let j = at;
    while (j < n && isSpace(text.charCodeAt(j))) j++;
    return j;
  };

  while (i < n) {
    const lt = text.indexOf('<', i);
    const end = lt < 0 ? n : lt;
    if (end > i) {
      const top = stack[stack.length - 1];
      if (top) top.parts.push(decodeEntities(text.slice(i, end), text, i, file));
      else {
        for (let j = i; j < end; j++) {
          if (!isSpace(text.charCodeAt(j))) throw fail(j, root ? 'text after the root element' : 'text before the root element');
        }
      }
    }
    if (lt < 0) break;
    i = lt;

    if (text.startsWith('<!--', i)) {
      const e = text.indexOf('-->', i + 4);
      if (e < 0) throw fail(i, 'comment is not closed (missing -->)');
      i = e + 3;
      continue;
    }
    if (text.startsWith('<![CDATA[', i)) {
      const top = stack[stack.length - 1];
      if (!top) throw fail(i, 'CDATA section outside the root element');
      const e = text.indexOf(']]>', i + 9);
      if (e < 0) throw fail(i, 'CDATA section is not closed (missing ]]>)');
      top.parts.push(text.slice(i + 9, e));
      i = e + 3;
      continue;
    }
    if (text.startsWith('<?', i)) {
      const nameEnd = readName(i + 2);
      if (nameEnd === i + 2) throw fail(i, 'processing instruction without a target name');
      const e = text.indexOf('?>', nameEnd);
      if (e < 0) throw fail(i, 'processing instruction is not closed (missing ?>)');
      i = e + 2;
      continue;
    }
    if (text.startsWith('<!DOCTYPE', i)) {
      if (root || stack.length > 0) throw fail(i, 'DOCTYPE after the root element started');
      // Skip to the '>' that closes the declaration, stepping over quoted strings and the
      // bracketed internal subset. Nothing in it is interpreted.
      let j = i + 9;
      let inSubset = false;
      let closed = false;
      while (j < n) {
        const c = text.charCodeAt(j);
        if (c === 34 || c === 39) {
          const q = text.indexOf(c === 34 ? '"' : "'", j + 1);
          if (q < 0) break;
          j = q + 1;
          continue;
        }
        if (c === 91) inSubset = true;
        else if (c === 93) inSubset = false;
        else if (c === 62 && !inSubset) {
          closed = true;
          break;
        }
        j++;
      }
      if (!closed) throw fail(i, 'DOCTYPE is not closed');
      i = j + 1;
      continue;
    }
    if (text.startsWith('<!', i)) throw fail(i, 'unexpected markup declaration (only comments, CDATA and DOCTYPE are allowed)');

    if (text.charCodeAt(i + 1) === 47 /* / */) {
      const nameEnd = readName(i + 2);
      if (nameEnd === i + 2) throw fail(i, 'closing tag without a name');
      const name = text.slice(i + 2, nameEnd);
      const j = skipSpace(nameEnd);
      if (text.charCodeAt(j) !== 62) throw fail(j, `closing tag </${name}> is not closed with '>'`);
      const open = stack.pop();
      if (!open) throw fail(i, `closing tag </${name}> with no element open`);
      if (open.el.name !== name) {
        const o = lineColumn(text, open.el.offset);
        throw fail(i, `closing tag </${name}> does not match <${open.el.name}> opened at ${o.line}:${o.column}`);
      }
      open.el.text = open.parts.length === 1 ? open.parts[0]! : open.parts.join('');
      i = j + 1;
      continue;
    }

    // Start tag.
    const nameEnd = readName(i + 1);
    if (nameEnd === i + 1) throw fail(i, "'<' does not start a tag (write &lt; in text)");
    const name = text.slice(i + 1, nameEnd);
    if (!stack.length && root) throw fail(i, `second root element <${name}> (a document has exactly one)`);
    if (stack.length >= maxDepth) throw fail(i, `elements nested deeper than ${maxDepth} levels`);
    const colon = name.lastIndexOf(':');
    const el: XmlElement = { name, local: colon >= 0 ? name.slice(colon + 1) : name, attrs: new Map(), children: [], text: '', offset: i };
    let j = nameEnd;
    let selfClosing = false;
    for (;;) {
      const before = j;
      j = skipSpace(j);
      if (j >= n) throw fail(i, `start tag <${name}> is not closed (end of document)`);
      const c = text.charCodeAt(j);
      if (c === 62) {
        j++;
        break;
      }
      if (c === 47) {
        if (text.charCodeAt(j + 1) !== 62) throw fail(j, `expected '/>' in <${name}>`);
        selfClosing = true;
        j += 2;
        break;
      }
      if (j === before) throw fail(j, `expected whitespace, '>' or '/>' in <${name}>`);
      const aEnd = readName(j);
      if (aEnd === j) throw fail(j, `bad attribute name in <${name}>`);
      const aName = text.slice(j, aEnd);
      j = skipSpace(aEnd);
      if (text.charCodeAt(j) !== 61) throw fail(j, `attribute ${aName} in <${name}> has no '='`);
      j = skipSpace(j + 1);
      const q = text.charCodeAt(j);
      if (q !== 34 && q !== 39) throw fail(j, `value of attribute ${aName} in <${name}> is not quoted`);
      const close = text.indexOf(q === 34 ? '"' : "'", j + 1);
      if (close < 0) throw fail(j, `value of attribute ${aName} in <${name}> is not closed`);
      const raw = text.slice(j + 1, close);
      const ltIn = raw.indexOf('<');
      if (ltIn >= 0) throw fail(j + 1 + ltIn, `'<' inside the value of attribute ${aName}`);
      if (el.attrs.has(aName)) throw fail(j, `attribute ${aName} appears twice in <${name}>`);
      el.attrs.set(aName, decodeEntities(raw, text, j + 1, file));
      j = close + 1;
    }
    const parent = stack[stack.length - 1];
    if (parent) parent.el.children.push(el);
    else root = el;
    if (!selfClosing) stack.push({ el, parts: [] });
    i = j;
  }

  const open = stack[stack.length - 1];
  if (open) {
    const o = lineColumn(text, open.el.offset);
    throw fail(n, `document ends inside <${open.el.name}> opened at ${o.line}:${o.column}`);
  }
  if (!root) throw fail(n, 'no root element');
  return root;
}

/** Children of `el` whose local name is `local`, compared case-insensitively. */
export function childrenNamed(el: XmlElement, local: string): XmlElement[] {
  const want = local.toLowerCase();
  return el.children.filter((c) => c.local.toLowerCase() === want);
}

/** First child of `el` whose local name is `local` (case-insensitive), if any. */
export function childNamed(el: XmlElement, local: string): XmlElement | undefined {
  const want = local.toLowerCase();
  return el.children.find((c) => c.local.toLowerCase() === want);
}

/** Trimmed text of the first child named `local`, undefined if absent or blank. */
export function childText(el: XmlElement, local: string): string | undefined {
  const c = childNamed(el, local);
  if (!c) return undefined;
  const t = c.text.trim();
  return t === '' ? undefined : t;
}
