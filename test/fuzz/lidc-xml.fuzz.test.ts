import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LungDeskError } from '../../electron/common/errors';
import { IDENTITY_DIRECTION, type VolumeGeometry } from '../../electron/common/geometry';
import { lidcReaderMarksOf } from '../../electron/core/annotations/lidc';
import { parseLidcXml } from '../../electron/core/annotations/lidc/parse-lidc-xml';
import { hasData } from '../unit/core/io/dicom/data-paths';
import { LIDC_XML } from '../unit/core/annotations/lidc/lidc-fixtures';
import { FUZZ_LONG, prng } from './prng';

/**
 * Mutated LIDC reader XML (bytes flipped, truncated, tags deleted or duplicated, markup
 * characters injected) must parse or throw a LungDeskError: never another exception, never a
 * hang. What parses is also rasterised, clustered and summarised on LIDC-IDRI-0001's grid,
 * which must not throw either. In-process, from strings.
 */

const CASES = FUZZ_LONG ? 20_000 : 400;
const geometry: VolumeGeometry = { dims: [512, 512, 133], spacing: [0.703125, 0.703125, 2.5], origin: [-166, -171.7, -340], direction: [...IDENTITY_DIRECTION] };
const MARKUP = ['<', '>', '&', '"', "'", '/', '=', ']]>', '<!--', '<![CDATA[', '&#x;', '&#99999999;', '<?', '\u0000', '\uFFFF', 'x'];

function mutate(seed: string, rnd: () => number): string {
  const pick = (n: number) => Math.floor(rnd() * n);
  let s = seed;
  const ops = 1 + pick(2);
  for (let o = 0; o < ops; o++) {
    const kind = pick(8);
    if (kind === 0) {
      // Flip a few characters (byte-level in spirit: arbitrary code units, markup included).
      const chars = s.split('');
      for (let f = 0; f < 1 + pick(8); f++) chars[pick(chars.length)] = String.fromCharCode(pick(128));
      s = chars.join('');
    } else if (kind === 1) {
      s = s.slice(0, pick(s.length));
    } else if (kind === 2) {
      // Delete one tag (opening or closing), leaving the document unbalanced.
      const at = s.indexOf('<', pick(s.length));
      if (at >= 0) s = s.slice(0, at) + s.slice(s.indexOf('>', at) + 1 || s.length);
    } else if (kind === 3) {
      const at = pick(s.length);
      s = s.slice(0, at) + MARKUP[pick(MARKUP.length)]! + s.slice(at);
    } else if (kind === 4) {
      // Duplicate a slice of the text (repeated elements, interleaved tags).
      const a = pick(s.length);
      const b = Math.min(s.length, a + pick(2000));
      s = s.slice(0, b) + s.slice(a, b) + s.slice(b);
    } else if (kind === 6) {
      // Delete one whole element (still well-formed unless it nests its own name): a missing field.
      const m = /<([A-Za-z_]+)>/g;
      m.lastIndex = pick(s.length);
      const open = m.exec(s);
      if (open) {
        const close = s.indexOf(`</${open[1]}>`, open.index);
        if (close >= 0) s = s.slice(0, open.index) + s.slice(close + open[1]!.length + 3);
      }
    } else {
      // Rewrite a number: huge, negative, NaN, fractional coordinates and z.
      const vals = ['1e308', '-5', 'NaN', '0.5', '99999', '-1e9', ''];
      const re = />(-?\d+(\.\d+)?) ?</g;
      re.lastIndex = pick(s.length);
      const hit = re.exec(s);
      if (hit) s = `${s.slice(0, hit.index)}>${vals[pick(vals.length)]}<${s.slice(hit.index + hit[0].length)}`;
    }
  }
  return s;
}

describe('LIDC XML fuzz', () => {
  const seeds: Array<{ name: string; text: string }> = [];
  if (hasData(LIDC_XML)) seeds.push({ name: '069.xml', text: fs.readFileSync(LIDC_XML, 'utf8') });
  seeds.push({
    name: 'drawn',
    text: `<?xml version="1.0"?><IdriReadMessage xmlns="http://www.nih.gov"><ResponseHeader><SeriesInstanceUID>1</SeriesInstanceUID></ResponseHeader><readingSession><servicingRadiologistID>a</servicingRadiologistID><unblindedReadNodule><noduleID>n &amp; m</noduleID><roi><imageZposition>-100</imageZposition><imageSOP_UID><![CDATA[1.2]]></imageSOP_UID><inclusion>FALSE</inclusion><edgeMap><xCoord>10</xCoord><yCoord>10</yCoord></edgeMap><edgeMap><xCoord>20</xCoord><yCoord>10</yCoord></edgeMap><edgeMap><xCoord>15</xCoord><yCoord>20</yCoord></edgeMap></roi></unblindedReadNodule><!-- c --></readingSession></IdriReadMessage>`,
  });

  it(`${CASES} mutated files parse or throw LungDeskError, each within 2 s`, () => {
    let parsed = 0;
    let rejected = 0;
    let slowest = 0;
    for (let c = 0; c < CASES; c++) {
      const seed = seeds[c % seeds.length]!;
      const rnd = prng(0x11dc + c);
      const text = mutate(seed.text, rnd);
      const t0 = performance.now();
      try {
        const msg = parseLidcXml(text, `fuzz-${c}.xml`);
        lidcReaderMarksOf(msg, { geometry });
        parsed++;
      } catch (e) {
        if (!(e instanceof LungDeskError)) throw new Error(`case ${c} (${seed.name}, seed ${0x11dc + c}) threw ${String(e)}`);
        expect(e.code, `case ${c}`).toBe('io.bad-header');
        expect(e.message, `case ${c}`).toMatch(/^fuzz-\d+\.xml:(\d+:\d+: |\s)/);
        rejected++;
      }
      slowest = Math.max(slowest, performance.now() - t0);
      expect(performance.now() - t0, `case ${c} took too long`).toBeLessThan(2000);
    }
    console.log(`LIDC XML fuzz: ${parsed} parsed, ${rejected} rejected with io.bad-header, slowest ${slowest.toFixed(0)} ms`);
    expect(parsed + rejected).toBe(CASES);
  }, FUZZ_LONG ? 900_000 : 60_000);

  it('a deeply nested hostile document is rejected without a stack overflow', () => {
    const text = '<LidcReadMessage>' + '<readingSession>'.repeat(200_000);
    expect(() => parseLidcXml(text, 'deep.xml')).toThrow(LungDeskError);
  });

  it('an entity-expansion bomb in a DOCTYPE is not expanded (unknown entity → io.bad-header)', () => {
    const bomb = `<!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><LidcReadMessage>&b;</LidcReadMessage>`;
    expect(() => parseLidcXml(bomb, 'bomb.xml')).toThrow(/unknown entity &b;/);
  });
});
