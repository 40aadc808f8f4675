import { describe, expect, it } from 'vitest';
import { insertDataset } from '../../../electron/db/datasets';
import { upsertScan } from '../../../electron/db/scans';
import { lesionCountsByScan, putDecision, replaceScanLesions } from '../../../electron/db/review';
import type { LungDeskDb } from '../../../electron/db/open-database';
import { open, sampleScan, tempDir } from './test-db';
import path from 'node:path';

type Count = { category: string; state: string; n: number };

/** The counts as the one-query join (lesion LEFT JOIN decision, grouped) gave them before the index: the reference. */
function joinedCounts(db: LungDeskDb, datasetId: number | null): Map<number, Count[]> {
  const rows = db.sqlite
    .prepare(
      `SELECT l.scan_id AS scanId, l.category, COALESCE(d.decision, 'undecided') AS state, COUNT(*) AS n
       FROM scan_lesions l JOIN scans s ON s.id = l.scan_id
       LEFT JOIN lesion_decisions d ON d.scan_id = l.scan_id AND d.lesion_key = l.lesion_key
       WHERE (? IS NULL OR s.dataset_id = ?) GROUP BY l.scan_id, l.category, state`,
    )
    .all(datasetId, datasetId) as (Count & { scanId: number })[];
  const out = new Map<number, Count[]>();
  for (const { scanId, ...c } of rows) out.set(scanId, [...(out.get(scanId) ?? []), c]);
  return out;
}

describe('lesionCountsByScan', () => {
  it('counts lesions per scan, category and decision as the joined query does, decided ones subtracted from the index totals', () => {
    const db = open(path.join(tempDir(), 'index.sqlite'));
    const a = insertDataset(db, { name: 'A', rootPath: '/a', kind: 'folder' });
    const b = insertDataset(db, { name: 'B', rootPath: '/b', kind: 'folder' });
    const scans = [upsertScan(db, a, sampleScan(1)), upsertScan(db, a, sampleScan(2)), upsertScan(db, b, sampleScan(3))];
    const categories = ['nodule', 'small', 'non-nodule'] as const;
    scans.forEach((scanId, s) =>
      replaceScanLesions(
        db,
        scanId,
        Array.from({ length: 40 + 10 * s }, (_, i) => ({ lesionKey: `L${s}-${i}`, ordinal: i + 1, category: categories[i % 3]!, center: [i, 0, 0] as [number, number, number], diameterMm: 5 })),
      ),
    );
    const decisions = ['accepted', 'rejected', 'second-read'] as const;
    for (let i = 0; i < 30; i += 2)
      putDecision(db, { scanId: scans[i % 3]!, lesionKey: `L${i % 3}-${i}`, decision: decisions[i % 3]!, reason: null, reasonText: null, diameterMm: null, center: [i, 0, 0], reviewer: 'r', decidedAt: 1 });
    // A decision whose lesion is gone (kept, unattached) is counted nowhere.
    putDecision(db, { scanId: scans[0]!, lesionKey: 'gone', decision: 'accepted', reason: null, reasonText: null, diameterMm: null, center: [0, 0, 0], reviewer: 'r', decidedAt: 1 });
    // A category all of whose lesions are decided has no undecided row.
    replaceScanLesions(db, scans[2]!, [{ lesionKey: 'only', ordinal: 1, category: 'small', center: [0, 0, 0], diameterMm: null }, ...Array.from({ length: 5 }, (_, i) => ({ lesionKey: `n${i}`, ordinal: i + 2, category: 'nodule' as const, center: [0, 0, 0] as [number, number, number], diameterMm: 4 }))]);
    putDecision(db, { scanId: scans[2]!, lesionKey: 'only', decision: 'rejected', reason: 'vessel', reasonText: null, diameterMm: null, center: [0, 0, 0], reviewer: 'r', decidedAt: 1 });
    for (const ds of [a, b, null]) expect(lesionCountsByScan(db, ds ?? undefined)).toEqual(joinedCounts(db, ds));
    expect(lesionCountsByScan(db, b).get(scans[2]!)).toEqual([
      { category: 'nodule', state: 'undecided', n: 5 },
      { category: 'small', state: 'rejected', n: 1 },
    ]);
    db.close();
  });

  it('reads the lesion totals from the (scan, category) index, without a temporary B-tree', () => {
    const db = open(path.join(tempDir(), 'index.sqlite'));
    const plan = (db.sqlite.prepare(`EXPLAIN QUERY PLAN SELECT l.scan_id, l.category, COUNT(*) FROM scan_lesions l JOIN scans s ON s.id = l.scan_id WHERE (? IS NULL OR s.dataset_id = ?) GROUP BY l.scan_id, l.category`).all(1, 1) as { detail: string }[]).map((r) => r.detail).join('\n');
    expect(plan).toContain('COVERING INDEX scan_lesions_category');
    expect(plan).not.toContain('TEMP B-TREE');
    db.close();
  });
});
