import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LungDeskError } from '../../../../../electron/common/errors';
import { parseLidcXml } from '../../../../../electron/core/annotations/lidc/parse-lidc-xml';
import { LIDC_UID, hasData } from '../../io/dicom/data-paths';
import { LIDC_XML, lidcXml, roiXml } from './lidc-fixtures';

const square: Array<[number, number]> = [[2, 2], [6, 2], [6, 6], [2, 6]];

describe('parseLidcXml on LIDC-IDRI-0001 069.xml', () => {
  it.skipIf(!hasData(LIDC_XML))('finds 4 sessions, 13 unblindedReadNodule, 41 roi, 3,406 edgeMap points and 13 nonNodule', () => {
    const m = parseLidcXml(fs.readFileSync(LIDC_XML, 'utf8'), LIDC_XML);
    expect(m.seriesInstanceUid).toBe(LIDC_UID);
    expect(m.studyInstanceUid).toBe('1.3.6.1.4.1.14519.5.2.1.6279.6001.298806137288633453246975630178');
    expect(m.sessions).toHaveLength(4);
    expect(m.sessions.map((s) => s.readerId)).toEqual(['540461523', '1428348137', '-750896469', '2103845659']);
    const nodules = m.sessions.reduce((a, s) => a + s.nodules.length + s.smallNodules.length, 0);
    const rois = m.sessions.reduce((a, s) => a + [...s.nodules, ...s.smallNodules].reduce((b, n) => b + n.rois.length, 0), 0);
    const points = m.sessions.reduce(
      (a, s) => a + [...s.nodules, ...s.smallNodules].reduce((b, n) => b + n.rois.reduce((c, r) => c + r.edgeMap.length, 0), 0),
      0,
    );
    expect(nodules).toBe(13);
    expect(rois).toBe(41);
    expect(points).toBe(3406);
    expect(m.sessions.reduce((a, s) => a + s.nonNodules.length, 0)).toBe(13);
    // One ≥ 3 mm nodule per reader, with all nine ratings; the rest are < 3 mm points.
    expect(m.sessions.map((s) => s.nodules.length)).toEqual([1, 1, 1, 1]);
    expect(m.sessions.map((s) => s.smallNodules.length)).toEqual([3, 0, 3, 3]);
    expect(m.sessions[0]!.nodules[0]!.characteristics).toEqual({
      subtlety: 5, internalStructure: 1, calcification: 6, sphericity: 3, margin: 3, lobulation: 3, spiculation: 4, texture: 5, malignancy: 5,
    });
    const roi0 = m.sessions[0]!.nodules[0]!.rois[0]!;
    expect(roi0.imageZposition).toBe(-125);
    expect(roi0.imageSop).toBe('1.3.6.1.4.1.14519.5.2.1.6279.6001.110383487652933113465768208719');
    expect(roi0.inclusion).toBe(true);
    expect(roi0.edgeMap[0]).toEqual([312, 355]);
    expect(m.sessions[0]!.nonNodules[0]).toEqual({
      id: '_Non-nodule 001',
      imageZposition: -185,
      imageSop: '1.3.6.1.4.1.14519.5.2.1.6279.6001.265752406785564034990206112632',
      point: [396, 216],
    });
    expect(m.warnings).toEqual([]);
  });
});

describe('parseLidcXml on drawn files', () => {
  it('reads the old IdriReadMessage schema with SeriesInstanceUID spelled in capitals', () => {
    const xml = lidcXml([`<servicingRadiologistID>r1</servicingRadiologistID><unblindedReadNodule><noduleID>n1</noduleID>${roiXml(-10, 's1', square)}</unblindedReadNodule>`], {
      root: 'IdriReadMessage',
      header: '<ResponseHeader><SeriesInstanceUID>9.8.7</SeriesInstanceUID><StudyInstanceUID>9.8</StudyInstanceUID></ResponseHeader>',
    });
    const m = parseLidcXml(xml);
    expect(m.seriesInstanceUid).toBe('9.8.7');
    expect(m.studyInstanceUid).toBe('9.8');
    expect(m.sessions[0]!.nodules[0]!.rois[0]!.edgeMap).toEqual(square);
  });

  it('reads the inclusion flag: FALSE is a hole, TRUE and a missing flag are nodule', () => {
    const noFlag = `<roi><imageZposition>-10</imageZposition><imageSOP_UID>s1</imageSOP_UID>${square
      .map(([x, y]) => `<edgeMap><xCoord>${x}</xCoord><yCoord>${y}</yCoord></edgeMap>`)
      .join('')}</roi>`;
    const xml = lidcXml([`<unblindedReadNodule><noduleID>n</noduleID>${roiXml(-10, 's1', square)}${roiXml(-10, 's1', square, 'FALSE')}${noFlag}</unblindedReadNodule>`]);
    expect(parseLidcXml(xml).sessions[0]!.nodules[0]!.rois.map((r) => r.inclusion)).toEqual([true, false, true]);
  });

  it('tolerates missing optional fields: reader id → session index, nodule id → #index, ratings → undefined', () => {
    const xml = lidcXml([
      `<unblindedReadNodule><characteristics><malignancy>4</malignancy><texture></texture></characteristics>${roiXml(-10, '', square)}</unblindedReadNodule>`,
      `<servicingRadiologistID></servicingRadiologistID><unblindedReadNodule><noduleID>n</noduleID>${roiXml(-10, 's', [[5, 5]])}</unblindedReadNodule>`,
    ]);
    const m = parseLidcXml(xml);
    expect(m.sessions.map((s) => s.readerId)).toEqual(['0', '1']);
    const n = m.sessions[0]!.nodules[0]!;
    expect(n.noduleId).toBe('#0');
    expect(n.characteristics).toEqual({ malignancy: 4 });
    expect(n.characteristics!.texture).toBeUndefined();
    expect(n.rois[0]!.imageSop).toBe('');
    expect(m.sessions[1]!.nodules).toEqual([]);
    expect(m.sessions[1]!.smallNodules[0]).toMatchObject({ noduleId: 'n', imageZposition: -10, imageSop: 's', point: [5, 5] });
    expect(m.sessions[1]!.smallNodules[0]!.characteristics).toBeUndefined();
  });

  it('classifies a nodule whose rois hold one point each as small (< 3 mm)', () => {
    const xml = lidcXml([`<unblindedReadNodule><noduleID>a</noduleID>${roiXml(-10, 's', [[5, 6]])}</unblindedReadNodule>`]);
    const s = parseLidcXml(xml).sessions[0]!;
    expect(s.smallNodules.map((n) => n.point)).toEqual([[5, 6]]);
  });

  it('skips a nodule without any contour point and says so in warnings', () => {
    const xml = lidcXml([`<unblindedReadNodule><noduleID>empty</noduleID></unblindedReadNodule>`]);
    const m = parseLidcXml(xml, 'x.xml');
    expect(m.sessions[0]!.nodules).toEqual([]);
    expect(m.warnings[0]).toMatch(/nodule empty has no contour points/);
  });

  it('rejects a root that is not an LIDC read message (io.bad-header)', () => {
    expect(() => parseLidcXml('<html/>', 'p.xml')).toThrow(/root element <html> is not an LIDC read message/);
  });

  it('rejects a coordinate that is not a number with io.bad-header at its line:column', () => {
    const xml = lidcXml([`<unblindedReadNodule>\n<roi><imageZposition>-1</imageZposition>\n<edgeMap><xCoord>abc</xCoord><yCoord>1</yCoord></edgeMap></roi></unblindedReadNodule>`]);
    try {
      parseLidcXml(xml, 'c.xml');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(LungDeskError);
      expect((e as LungDeskError).code).toBe('io.bad-header');
      expect((e as LungDeskError).message).toMatch(/^c\.xml:4:10: <xCoord> is "abc", expected a number/);
    }
  });

  it('rejects a roi without imageZposition (io.bad-header)', () => {
    const xml = lidcXml([`<unblindedReadNodule><roi><edgeMap><xCoord>1</xCoord><yCoord>1</yCoord></edgeMap></roi></unblindedReadNodule>`]);
    expect(() => parseLidcXml(xml)).toThrow(/<roi> has no <imageZposition>/);
  });
});
