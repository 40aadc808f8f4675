import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LungDeskError } from '../../../../../electron/common/errors';
import { parseLidcXml, readLidcXml } from '../../../../../electron/core/annotations/lidc/parse-lidc-xml';
import { XmlStreamParser, parseXml, type XmlElement } from '../../../../../electron/core/annotations/lidc/xml-tree';
import { hasData } from '../../io/dicom/data-paths';
import { LIDC_XML, lidcXml, roiXml } from './lidc-fixtures';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-xmlstream-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const plain = (el: XmlElement): unknown => ({ name: el.name, attrs: [...el.attrs], text: el.text, line: el.line, column: el.column, children: el.children.map(plain) });

function chunked(text: string, size: number): XmlElement {
  const p = new XmlStreamParser({ file: 'f.xml' });
  for (let i = 0; i < text.length; i += size) p.write(text.slice(i, i + size));
  return p.end();
}

function errorOf(run: () => unknown): LungDeskError {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(LungDeskError);
    return e as LungDeskError;
  }
  throw new Error('no error');
}

const SAMPLE =
  '\uFEFF<?xml version="1.0"?>\n<!DOCTYPE a [<!ENTITY x "y">]>\n<!-- top -->\n<a x="1" y=\'t&amp;w&#x4F;\'>\n  <b>hi<!-- c --> &lt;there&gt;<![CDATA[<raw> & ]]></b>\n  <c/><d:e k="v">&#233;t&#xE9;</d:e>\n</a>\n';

describe('XmlStreamParser', () => {
  it.each([1, 2, 3, 7, 64, 4096])('fed in %i-character chunks it builds the same tree as one string (positions included)', (size) => {
    expect(plain(chunked(SAMPLE, size))).toEqual(plain(parseXml(SAMPLE, { file: 'f.xml' })));
  });

  it.each([
    '<a>\n  <b>\n  </c>\n</a>',
    '<a><b></b>',
    '<a>\n fish & chips</a>',
    '<a>&nbsp;</a>',
    '<a x=1/>',
    '<a/>junk',
    '<a><!-- x </a>',
    '<a><![CDATA[x</a>',
    '<a>1 < 2</a>',
    '<a x="1" x="2"/>',
    '<?xml version="1.0"',
    '   ',
  ])('reports the same error chunk by chunk as in one string: %j', (doc) => {
    const whole = errorOf(() => parseXml(doc, { file: 'f.xml' }));
    for (const size of [1, 2, 5]) expect(errorOf(() => chunked(doc, size)).message).toBe(whole.message);
  });

  it('keep drops unknown subtrees and dropWhitespaceText drops whitespace runs', () => {
    const p = new XmlStreamParser({ keep: (local) => local !== 'junk', dropWhitespaceText: true });
    p.write('<r>\n  <junk><deep>lots</deep></junk>\n  <v> 1 </v>\n</r>');
    const root = p.end();
    expect(root.children.map((c) => c.name)).toEqual(['v']);
    expect(root.text).toBe('');
    expect(root.children[0]!.text).toBe(' 1 ');
  });

  it('a dropped subtree is still checked for well-formedness', () => {
    const p = new XmlStreamParser({ keep: () => false });
    expect(() => {
      p.write('<r><junk><a></b></junk></r>');
      p.end();
    }).toThrow(/closing tag <\/b> does not match <a>/);
  });
});

describe('readLidcXml streams the file', () => {
  const session = `<servicingRadiologistID>R1</servicingRadiologistID>
    <unblindedReadNodule><noduleID>N1</noduleID>${roiXml(-100, '1.2.3', [[10, 10], [11, 10], [11, 11], [10, 11]])}</unblindedReadNodule>
    <nonNodule><nonNoduleID>NN</nonNoduleID><imageZposition>-50</imageZposition><imageSOP_UID>1.2.4</imageSOP_UID><locus><xCoord>5</xCoord><yCoord>6</yCoord></locus></nonNodule>\n`;

  it('gives what parseLidcXml gives on the same text', async () => {
    const xml = lidcXml([session, session]);
    const f = path.join(tmp, 'small.xml');
    fs.writeFileSync(f, xml);
    expect(await readLidcXml(f)).toEqual(parseLidcXml(xml, f));
  });

  it.skipIf(!hasData(LIDC_XML))("LIDC-IDRI-0001's XML: streamed from disk equals parsed from a string", async () => {
    expect(await readLidcXml(LIDC_XML)).toEqual(parseLidcXml(fs.readFileSync(LIDC_XML, 'utf8'), LIDC_XML));
  });

  it('a 190 MB file padded with comments, whitespace and unknown elements parses with heap growth far below its size', async () => {
    const f = path.join(tmp, 'padded.xml');
    const fd = fs.openSync(f, 'w');
    const MiB = 1 << 20;
    const head = lidcXml([session]);
    const cut = head.lastIndexOf('</');
    fs.writeSync(fd, head.slice(0, cut));
    // One 64 MiB comment, 64 MiB of small comments and whitespace, 72 MiB of unknown elements.
    fs.writeSync(fd, '<!--');
    const filler = 'x'.repeat(MiB);
    for (let k = 0; k < 64; k++) fs.writeSync(fd, filler);
    fs.writeSync(fd, '-->');
    const small = '<!-- padding -->\n        \n'.repeat(MiB / 32);
    for (let k = 0; k < 64; k++) fs.writeSync(fd, small);
    const unknown = '<unknownThing a="1"><inner>text that nobody reads</inner></unknownThing>\n'.repeat(MiB / 80);
    for (let k = 0; k < 72; k++) fs.writeSync(fd, unknown);
    fs.writeSync(fd, head.slice(cut));
    fs.closeSync(fd);
    expect(fs.statSync(f).size).toBeGreaterThan(180 * MiB);

    global.gc?.();
    const before = process.memoryUsage().heapUsed;
    let peak = before;
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 5);
    const msg = await readLidcXml(f);
    clearInterval(timer);
    peak = Math.max(peak, process.memoryUsage().heapUsed);
    expect(msg).toEqual(parseLidcXml(head, f));
    expect(msg.sessions[0]!.nodules).toHaveLength(1);
    expect(msg.sessions[0]!.nonNodules).toHaveLength(1);
    // A whole-file string would be ≥ 190 MB of heap by itself; the bound leaves room for
    // garbage the collector has not taken yet (a CI run measured 65 MiB).
    expect(peak - before).toBeLessThan(128 * MiB);
  }, 120_000);
});
