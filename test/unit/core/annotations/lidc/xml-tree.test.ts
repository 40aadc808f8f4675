import { describe, expect, it } from 'vitest';
import { LungDeskError } from '../../../../../electron/common/errors';
import { childNamed, childText, lineColumn, parseXml } from '../../../../../electron/core/annotations/lidc/xml-tree';

function badHeader(text: string, opts: { file?: string; maxDepth?: number } = {}): LungDeskError {
  try {
    parseXml(text, opts);
  } catch (e) {
    expect(e).toBeInstanceOf(LungDeskError);
    const err = e as LungDeskError;
    expect(err.code).toBe('io.bad-header');
    return err;
  }
  throw new Error('expected io.bad-header');
}

describe('parseXml', () => {
  it('reads elements, attributes and text, skipping the <?xml?> declaration and comments', () => {
    const root = parseXml('<?xml version="1.0" encoding="UTF-8"?>\n<!-- top -->\n<a x="1" y=\'two\'><b>hi<!-- c --> there</b><c/></a>\n');
    expect(root.name).toBe('a');
    expect(root.attrs.get('x')).toBe('1');
    expect(root.attrs.get('y')).toBe('two');
    expect(root.children.map((c) => c.name)).toEqual(['b', 'c']);
    expect(root.children[0]!.text).toBe('hi there');
    expect(root.children[1]!.children).toEqual([]);
  });

  it('decodes the five predefined entities and decimal/hex character references in text and attributes', () => {
    const root = parseXml('<a t="&quot;&apos;&lt;&#65;">&amp;&lt;&gt;&quot;&apos;&#65;&#x42;&#x1F600;</a>');
    expect(root.text).toBe('&<>"\'AB\u{1F600}');
    expect(root.attrs.get('t')).toBe('"\'<A');
  });

  it('keeps CDATA content verbatim (markup and entities not interpreted)', () => {
    const root = parseXml('<a>x<![CDATA[<b>&amp;</b>]]>y</a>');
    expect(root.text).toBe('x<b>&amp;</b>y');
    expect(root.children).toEqual([]);
  });

  it('matches on local names: a default xmlns and prefixed elements both reach their local name', () => {
    const root = parseXml('<LidcReadMessage xmlns="http://www.nih.gov" xmlns:n="urn:x"><n:ResponseHeader><SeriesInstanceUid> 1.2.3 </SeriesInstanceUid></n:ResponseHeader></LidcReadMessage>');
    expect(root.local).toBe('LidcReadMessage');
    const h = childNamed(root, 'responseheader')!;
    expect(h.name).toBe('n:ResponseHeader');
    expect(h.local).toBe('ResponseHeader');
    expect(childText(h, 'SeriesInstanceUID')).toBe('1.2.3');
  });

  it('skips a DOCTYPE with an internal subset without expanding its entities', () => {
    const root = parseXml('<!DOCTYPE a [<!ENTITY x "boom">]><a>ok</a>');
    expect(root.text).toBe('ok');
    const err = badHeader('<!DOCTYPE a [<!ENTITY x "boom">]><a>&x;</a>');
    expect(err.message).toMatch(/unknown entity &x;/);
  });

  it('reports a mismatched closing tag as io.bad-header with file:line:column of the fault', () => {
    const err = badHeader('<a>\n  <b>\n  </c>\n</a>', { file: 'f.xml' });
    expect(err.message).toMatch(/^f\.xml:3:3: closing tag <\/c> does not match <b> opened at 2:3/);
    expect(err.file).toBe('f.xml');
    expect(err.detail).toEqual({ line: 3, column: 3 });
  });

  it.each([
    ['an unclosed element', '<a><b></b>', /document ends inside <a> opened at 1:1/],
    ['an unknown entity', '<a>&nbsp;</a>', /1:4: unknown entity &nbsp;/],
    ['a bare ampersand', '<a>fish & chips</a>', /1:9: '&' does not start an entity reference/],
    ['an invalid character reference', '<a>&#0;</a>', /invalid character reference/],
    ['an unquoted attribute', '<a x=1/>', /not quoted/],
    ['a duplicate attribute', '<a x="1" x="2"/>', /appears twice/],
    ['a second root', '<a/><b/>', /second root element <b>/],
    ['text after the root', '<a/>junk', /text after the root element/],
    ['an unterminated comment', '<a><!-- x </a>', /comment is not closed/],
    ['an unterminated CDATA', '<a><![CDATA[x</a>', /CDATA section is not closed/],
    ['an empty document', '   ', /no root element/],
    ['a stray <', '<a>1 < 2</a>', /'<' does not start a tag/],
  ])('rejects %s with io.bad-header and a line:column', (_name, text, re) => {
    const err = badHeader(text);
    expect(err.message).toMatch(re);
    expect(err.message).toMatch(/^<xml>:\d+:\d+: /);
  });

  it('rejects nesting deeper than maxDepth without recursion (100,000 levels do not blow the stack)', () => {
    const deep = '<a>'.repeat(100_000) + '</a>'.repeat(100_000);
    expect(badHeader(deep).message).toMatch(/nested deeper than 256 levels/);
    expect(parseXml('<a><a><a></a></a></a>', { maxDepth: 3 }).children.length).toBe(1);
    expect(badHeader('<a><a><a></a></a></a>', { maxDepth: 2 }).message).toMatch(/deeper than 2/);
  });

  it('lineColumn counts lines from 1 and columns from 1', () => {
    expect(lineColumn('ab\ncd', 0)).toEqual({ line: 1, column: 1 });
    expect(lineColumn('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
  });
});
