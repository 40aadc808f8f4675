import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatLunaAnnotationsCsv, writeLunaAnnotationsCsv } from '../../../../../electron/core/io/write/luna-annotations';

const root = mkdtempSync(path.join(tmpdir(), 'ld-luna-csv-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('writeLunaAnnotationsCsv', () => {
  it('writes the LUNA16 header and one row per nodule with numbers that round-trip exactly', async () => {
    const file = path.join(root, 'sub', 'annotations.csv');
    const rows = [
      { seriesuid: '1.2.3', coordX: -128.6994211, coordY: -175.3192718, coordZ: -298.3875064, diameter_mm: 5.651470635 },
      { seriesuid: '1.2.4', coordX: 0.1 + 0.2, coordY: 0, coordZ: -1e-7, diameter_mm: 25 },
    ];
    await writeLunaAnnotationsCsv(rows, file);
    const lines = readFileSync(file, 'utf8').split('\n');
    expect(lines[0]).toBe('seriesuid,coordX,coordY,coordZ,diameter_mm');
    expect(lines[1]).toBe('1.2.3,-128.6994211,-175.3192718,-298.3875064,5.651470635');
    expect(lines.length).toBe(4); // header, 2 rows, trailing newline
    const back = lines[2]!.split(',');
    expect(back[0]).toBe('1.2.4');
    expect(back.slice(1).map(Number)).toEqual([0.1 + 0.2, 0, -1e-7, 25]);
  });

  it('writes only the header for no rows', () => {
    expect(formatLunaAnnotationsCsv([])).toBe('seriesuid,coordX,coordY,coordZ,diameter_mm\n');
  });

  it('rejects a seriesuid with a comma and non-finite coordinates (contract.bad-input)', () => {
    expect(() => formatLunaAnnotationsCsv([{ seriesuid: 'a,b', coordX: 0, coordY: 0, coordZ: 0, diameter_mm: 1 }])).toThrow(expect.objectContaining({ code: 'contract.bad-input' }));
    expect(() => formatLunaAnnotationsCsv([{ seriesuid: 'a', coordX: NaN, coordY: 0, coordZ: 0, diameter_mm: 1 }])).toThrow(expect.objectContaining({ code: 'contract.bad-input' }));
  });
});
