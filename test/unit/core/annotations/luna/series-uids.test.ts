import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseSeriesUidList, readSeriesUidList } from '../../../../../electron/core/annotations/luna';
import { SHARED_DATA } from '../../../../helpers/shared-data';

const SERIESUIDS = path.join(SHARED_DATA, 'seriesuids.csv');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-uids-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const A = '1.3.6.1.4.1.14519.5.2.1.6279.6001.100225287222365663678666836860';
const B = '1.3.6.1.4.1.14519.5.2.1.6279.6001.100332161840553388986847034053';

describe('LUNA16 seriesuids.csv', () => {
  it.skipIf(!fs.existsSync(SERIESUIDS))('reads the 888 series UIDs of the real file, unique, no errors', async () => {
    const r = await readSeriesUidList(SERIESUIDS);
    expect(r.errors).toEqual([]);
    expect(r.uids).toHaveLength(888);
    expect(new Set(r.uids).size).toBe(888);
    expect(r.uids[0]).toBe(A);
  });

  it('skips a "seriesuid" header line, blank lines and reports bad and repeated lines', () => {
    const r = parseSeriesUidList(`seriesuid\r\n${A}\r\n\r\nhello\r\n${A}\r\n${B},x\r\n${B}`, '/d/seriesuids.csv');
    expect(r.uids).toEqual([A, B]);
    expect(r.errors.map((e) => [e.line, e.message])).toEqual([
      [4, '"hello" is not a DICOM UID'],
      [5, 'series UID repeats line 2'],
      [6, 'expected one series UID, found 2 columns'],
    ]);
  });

  it('refuses an annotations CSV given by mistake and an empty file (io.bad-header)', () => {
    expect(() => parseSeriesUidList('seriesuid,coordX,coordY,coordZ,diameter_mm\n', '/d/a.csv')).toThrow(expect.objectContaining({ code: 'io.bad-header' }));
    expect(() => parseSeriesUidList('', '/d/s.csv')).toThrow(expect.objectContaining({ code: 'io.bad-header', file: '/d/s.csv' }));
  });

  it('reports a missing file as io.not-found', async () => {
    await expect(readSeriesUidList(path.join(tmp, 'none.csv'))).rejects.toMatchObject({ code: 'io.not-found' });
  });
});
