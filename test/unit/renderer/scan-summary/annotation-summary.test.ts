import { describe, expect, it } from 'vitest';
import type { Annotation, AnnotationCounts } from '../../../../electron/common/contract';
import {
  annotationRow,
  countRows,
  formatAgreement,
  formatMm,
  isEmptyCounts,
  sortAnnotations,
} from '../../../../renderer/features/scan-summary/model/annotation-summary';

const zero: AnnotationCounts = {
  scanId: 1, lunaNodules: 0, lidcConsensus: 0, lidcReaderMarks: 0, lidcSmall: 0, lidcNonNodules: 0, user: 0, candidates: 0, irrelevantFindings: 0, labels: {},
};

function ann(id: number, over: Partial<Annotation> = {}): Annotation {
  return {
    id, scanId: 1, source: 'lidc-xml', kind: 'reader', center: [0, 0, 0], diameterMm: null, reader: null, noduleRef: null,
    agreement: null, volumeMm3: null, characteristics: null, sourceFile: null, sourceLine: null, session: null, sessionCount: null, createdAt: 0, ...over,
  };
}

describe('annotation counts summary', () => {
  it('lists every source and kind in a fixed order, labels last sorted by name', () => {
    const rows = countRows({ ...zero, lunaNodules: 2, lidcConsensus: 1, labels: { spiculated: 1, cancer: 1 } });
    expect(rows.map((r) => r.key)).toEqual([
      'lunaNodules', 'candidates', 'irrelevantFindings', 'lidcConsensus', 'lidcReaderMarks', 'lidcSmall', 'lidcNonNodules', 'user', 'label:cancer', 'label:spiculated',
    ]);
    expect(rows.find((r) => r.key === 'label:cancer')).toMatchObject({ label: 'cancer', value: 1, group: 'Labels' });
  });

  it('drops zero counts in compact mode but keeps labels, even a DSB cancer = 0', () => {
    const rows = countRows({ ...zero, lidcReaderMarks: 4, labels: { cancer: 0 } }, true);
    expect(rows.map((r) => r.key)).toEqual(['lidcReaderMarks', 'label:cancer']);
  });

  it('is empty only when nothing is counted and there is no label', () => {
    expect(isEmptyCounts(zero)).toBe(true);
    expect(isEmptyCounts({ ...zero, candidates: 1 })).toBe(false);
    expect(isEmptyCounts({ ...zero, labels: { cancer: 0 } })).toBe(false);
  });
});

describe('annotation table rows', () => {
  it('formats mm with one decimal and a true minus, and a dash for missing values', () => {
    expect(formatMm(-12.34)).toBe('−12.3');
    expect(formatMm(5)).toBe('5.0');
    expect(formatMm(-0.01)).toBe('0.0');
    expect(formatMm(null)).toBe('—');
    expect(formatMm(Number.NaN)).toBe('—');
  });

  it("formats readers' agreement", () => {
    expect(formatAgreement(null)).toBe('—');
    expect(formatAgreement(1)).toBe('1 reader');
    expect(formatAgreement(3)).toBe('3 readers');
  });

  it('turns an annotation into a row with source, kind, centre, diameter, agreement and origin line', () => {
    const row = annotationRow(
      ann(7, { source: 'luna-csv', kind: 'nodule', center: [-128.7, -175.3, -298.4], diameterMm: 5.65, sourceFile: '/d/annotations.csv', sourceLine: 2 }),
    );
    expect(row).toEqual({
      id: 7, source: 'LUNA16', kind: 'nodule', x: '−128.7', y: '−175.3', z: '−298.4', diameter: '5.7', agreement: '—', readers: '—', reader: '', origin: 'annotations.csv:2',
    });
    expect(annotationRow(ann(8, { kind: 'consensus', agreement: 4 }))).toMatchObject({ agreement: '4 readers', readers: '4' });
    // An LIDC reader is named by the reading session, never by the hashed id the XML carries.
    expect(annotationRow(ann(9, { reader: '-750896469', session: 3 })).reader).toBe('Reader 3');
    expect(JSON.stringify(annotationRow(ann(9, { reader: '-750896469', session: 3 })))).not.toContain('750896469');
  });

  it('puts physical nodules first, then reader marks, small nodules and non-nodules, head to feet', () => {
    const list = [
      ann(1, { kind: 'non-nodule', center: [0, 0, 10] }),
      ann(2, { kind: 'reader', center: [0, 0, -50] }),
      ann(3, { kind: 'consensus', center: [0, 0, -80] }),
      ann(4, { kind: 'reader', center: [0, 0, 20] }),
      ann(5, { kind: 'small-nodule', center: [0, 0, 0] }),
      ann(6, { source: 'luna-csv', kind: 'nodule', center: [0, 0, -100] }),
    ];
    expect(sortAnnotations(list).map((a) => a.id)).toEqual([6, 3, 4, 2, 5, 1]);
    expect(list.map((a) => a.id)).toEqual([1, 2, 3, 4, 5, 6]);
  });
});
