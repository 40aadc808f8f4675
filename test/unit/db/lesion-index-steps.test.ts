import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { insertAnnotations, insertDataset, listIndexedLesions, replaceScanLesions, replaceScanLesionsSteps, scansWithoutLesionIndex, upsertScan } from '../../../electron/db';
import { open, sampleScan, tempDir } from './test-db';

const rows = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ lesionKey: `L${(i * 7919) % 100_003}`, ordinal: i + 1, category: 'nodule' as const, center: [i, 0, 0] as [number, number, number], diameterMm: 4 }));

function scanWithAnnotation() {
  const db = open(path.join(tempDir(), 'index.sqlite'));
  const ds = insertDataset(db, { name: 'A', rootPath: '/a', kind: 'folder' });
  const scanId = upsertScan(db, ds, sampleScan(1));
  insertAnnotations(db, [{ scanId, source: 'user', kind: 'nodule', center: [1, 2, 3], diameterMm: 6 }]);
  return { db, scanId };
}

describe('replaceScanLesionsSteps: a scan’s lesion index written in short transactions (issue 15)', () => {
  it('writes 25k rows in many steps, ending with the rows replaceScanLesions writes', () => {
    const { db, scanId } = scanWithAnnotation();
    replaceScanLesions(db, scanId, rows(25_000));
    const whole = listIndexedLesions(db);
    replaceScanLesions(db, scanId, rows(3));
    let steps = 0;
    for (const _ of replaceScanLesionsSteps(db, scanId, rows(25_000))) steps++;
    expect(steps).toBeGreaterThanOrEqual(25);
    expect(listIndexedLesions(db)).toEqual(whole);
    expect(scansWithoutLesionIndex(db)).toEqual([]);
    db.close();
  });

  it('leaves a scan stopped half way (a crash, a newer pass) for the next start to re-index: ordinal 1 is written last', () => {
    const { db, scanId } = scanWithAnnotation();
    replaceScanLesions(db, scanId, rows(5000));
    expect(scansWithoutLesionIndex(db)).toEqual([]);
    const steps = replaceScanLesionsSteps(db, scanId, rows(5000));
    for (let i = 0; i < 3; i++) steps.next();
    expect(listIndexedLesions(db).length).toBeGreaterThan(0);
    expect(scansWithoutLesionIndex(db)).toEqual([scanId]);
    db.close();
  });
});
