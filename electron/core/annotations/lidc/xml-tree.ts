import { XmlStreamParser, type XmlStreamOptions } from './xml-stream';
import type { XmlElement } from './xml-text';

export { decodeEntities, lineColumn, xmlError, type XmlElement } from './xml-text';
export { XmlStreamParser, type XmlStreamOptions } from './xml-stream';

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

export interface XmlParseOptions {
  /** File name used in error messages and `LungDeskError.file`. */
  file?: string;
  /** Deepest element nesting accepted (root = 1). Default 256. */
  maxDepth?: number;
}

/**
 * Parses a whole document and returns its root element. Throws `io.bad-header` with
 * line:column on anything malformed (mismatched or unclosed tags, bad attributes, unknown
 * entities, text or a second element outside the root, nesting deeper than `maxDepth`).
 * The same reader as `XmlStreamParser`, given the document as one chunk.
 */
export function parseXml(source: string, opts: XmlParseOptions = {}): XmlElement {
  const p = new XmlStreamParser(opts satisfies XmlStreamOptions);
  p.write(source);
  return p.end();
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
