import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDsbLabels, readDsbLabels } from '../../../../../electron/core/annotations/dsb';
import { SHARED_DATA } from '../../../../helpers/shared-data';

const LABELS = path.join(SHARED_DATA, 'dsb2017', 'stage1_labels.csv');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-dsb-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const P1 = '0015ceb851d7251b8f399e39779d1e7d';
const P2 = '0030a160d58723ff36d73f41b170ec21';

describe('DSB2017 labels on the real stage1_labels.csv', () => {
  it.skipIf(!fs.existsSync(LABELS))('reads 1,397 labels with 362 positives from the CRLF file without a final newline', async () => {
    const r = await readDsbLabels(LABELS);
    expect(r.kind).toBe('labels');
    expect(r.errors).toEqual([]);
    expect(r.labels).toHaveLength(1397);
    expect(r.labels.filter((l) => l.cancer === 1)).toHaveLength(362);
    expect(r.labels[0]).toEqual({ line: 2, patientId: P1, cancer: 1 });
    expect(r.labels[r.labels.length - 1]).toMatchObject({ line: 1398, patientId: 'ffe02fe7d2223743f7fb455dfaff3842', cancer: 0 });
    expect(r.predictions).toEqual([]);
  });
});

describe('DSB2017 labels and predictions', () => {
  it('reads a sample submission (cancer 0.5) as predictions with numbers', () => {
    const r = parseDsbLabels(`id,cancer\n${P1},0.5\n${P2},0.5\n`, '/d/stage1_sample_submission.csv');
    expect(r.kind).toBe('predictions');
    expect(r.predictions).toEqual([
      { line: 2, patientId: P1, cancer: 0.5 },
      { line: 3, patientId: P2, cancer: 0.5 },
    ]);
    expect(r.labels).toEqual([]);
  });

  it('takes a file with fractional values and no telling name as predictions, one with only 0/1 as labels', () => {
    expect(parseDsbLabels(`id,cancer\n${P1},0.25\n${P2},1\n`, '/d/out.csv').kind).toBe('predictions');
    expect(parseDsbLabels(`id,cancer\n${P1},0\n${P2},1\n`, '/d/out.csv').kind).toBe('labels');
  });

  it('accepts columns in any order and ignores extra ones (stage1_solution.csv has Usage)', () => {
    const r = parseDsbLabels(`Usage,cancer,id\r\nPublic,1,${P1}\r\nPrivate,0,${P2}`, '/d/stage1_solution.csv');
    expect(r.labels).toEqual([
      { line: 2, patientId: P1, cancer: 1 },
      { line: 3, patientId: P2, cancer: 0 },
    ]);
  });

  it('reports bad rows with their line and imports the rest', () => {
    const text = [
      '\uFEFFid,cancer', // 1
      `${P1},1`, // 2 ok
      `${P2},yes`, // 3 text
      '', // 4 blank
      '../etc,1', // 5 path-like id
      `${P1},0`, // 6 repeated patient
      'abc,0.3', // 7 not a 0/1 label in a labels file
      'def,2', // 8 out of range
      'ghi', // 9 too few columns
      '"jk,l",1', // 10 quoted comma in the id
      'mno,NaN', // 11 NaN
      'pqr,0', // 12 ok
    ].join('\r\n');
    const r = parseDsbLabels(text, '/d/stage2_labels.csv');
    expect(r.kind).toBe('labels');
    expect(r.labels.map((l) => [l.line, l.patientId, l.cancer])).toEqual([
      [2, P1, 1],
      [12, 'pqr', 0],
    ]);
    expect(r.errors.map((e) => [e.line, e.message])).toEqual([
      [3, 'cancer "yes" is not a number in 0..1'],
      [5, 'patient id "../etc" is not a plain folder name'],
      [6, `patient ${P1} repeats line 2`],
      [7, 'cancer 0.3 is not a 0/1 label'],
      [8, 'cancer "2" is not a number in 0..1'],
      [9, 'expected 2 columns, found 1'],
      [10, 'patient id "jk,l" is not a plain folder name'],
      [11, 'cancer "NaN" is not a number in 0..1'],
    ]);
  });

  it('refuses a wrong header or an empty file with io.bad-header, a missing file with io.not-found', async () => {
    const wrong = path.join(tmp, 'wrong.csv');
    fs.writeFileSync(wrong, 'seriesuid,coordX,coordY,coordZ,diameter_mm\n');
    await expect(readDsbLabels(wrong)).rejects.toMatchObject({ code: 'io.bad-header', file: wrong });
    const empty = path.join(tmp, 'empty.csv');
    fs.writeFileSync(empty, '');
    await expect(readDsbLabels(empty)).rejects.toMatchObject({ code: 'io.bad-header' });
    await expect(readDsbLabels(path.join(tmp, 'none.csv'))).rejects.toMatchObject({ code: 'io.not-found' });
  });
});
