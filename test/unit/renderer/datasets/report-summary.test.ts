import { describe, expect, it } from 'vitest';
import type { AnnotationImportReport } from '../../../../electron/common/contract';
import { baseName, errorLine, reportTotals, summarizeImport } from '../../../../renderer/features/datasets/model/report-summary';

function imp(over: Partial<AnnotationImportReport> = {}): AnnotationImportReport {
  return {
    file: '/data/luna16/annotations.csv',
    kind: 'luna16-annotations',
    rowsTotal: 1186,
    rowsMatched: 12,
    rowsUnmatched: 1174,
    seriesUnmatched: 595,
    errors: [],
    importedAt: 1,
    ...over,
  };
}

describe('dataset report summary', () => {
  it('takes the file name from POSIX and Windows paths', () => {
    expect(baseName('/data/luna16/annotations.csv')).toBe('annotations.csv');
    expect(baseName('C:\\data\\LIDC\\069.xml')).toBe('069.xml');
    expect(baseName('plain.csv')).toBe('plain.csv');
  });

  it('names a bad row by file and line', () => {
    expect(errorLine({ file: '/d/annotations.csv', line: 12, message: 'coordX is not a number' })).toMatchObject({ where: 'annotations.csv:12' });
    expect(errorLine({ file: '/d/069.xml', line: 0, message: 'truncated' }).where).toBe('069.xml');
  });

  it('marks a file with rows for absent scans as partial, and keeps the counts', () => {
    const s = summarizeImport(imp());
    expect(s).toMatchObject({ fileName: 'annotations.csv', kind: 'luna16-annotations', rowsMatched: 12, rowsUnmatched: 1174, seriesUnmatched: 595, badRows: 0, status: 'partial' });
  });

  it('marks a file whose rows all matched as ok', () => {
    expect(summarizeImport(imp({ rowsMatched: 5, rowsTotal: 5, rowsUnmatched: 0, seriesUnmatched: 0 })).status).toBe('ok');
  });

  it('previews the first bad rows in line order and counts the hidden rest', () => {
    const errors = [40, 3, 17, 8, 99].map((line) => ({ file: '/d/annotations.csv', line, message: `bad ${line}` }));
    const s = summarizeImport(imp({ errors }), 3);
    expect(s.status).toBe('errors');
    expect(s.badRows).toBe(5);
    expect(s.preview.map((e) => e.line)).toEqual([3, 8, 17]);
    expect(s.all.map((e) => e.line)).toEqual([3, 8, 17, 40, 99]);
    expect(s.hidden).toBe(2);
  });

  it('sums matched, unmatched and bad rows over every annotation file', () => {
    const t = reportTotals({ imports: [imp(), imp({ rowsMatched: 3, rowsUnmatched: 1, errors: [{ file: 'x', line: 2, message: 'm' }] })] });
    expect(t).toEqual({ files: 2, rowsMatched: 15, rowsUnmatched: 1175, badRows: 1 });
    expect(reportTotals({ imports: [] })).toEqual({ files: 0, rowsMatched: 0, rowsUnmatched: 0, badRows: 0 });
  });
});
