import type { LungDeskDb } from './open-database';
import { guard, stmt } from './statements';

export interface CandidateInput {
  x: number;
  y: number;
  z: number;
  diameterMm: number | null;
  candidateClass: number | null;
  sourceFile: string;
  sourceLine: number;
}

/**
 * Replaces a scan's LUNA16 candidates (candidates.csv) or irrelevant findings
 * (annotations_excluded.csv) in one transaction.
 */
export function replaceCandidates(db: LungDeskDb, scanId: number, source: 'luna-candidates' | 'luna-excluded', rows: readonly CandidateInput[]): number {
  return guard(db, `storing ${source} of scan ${scanId}`, () =>
    db.sqlite.transaction(() => {
      stmt(db, 'DELETE FROM candidates WHERE scan_id = ? AND source = ?').run(scanId, source);
      const ins = stmt(
        db,
        `INSERT INTO candidates (scan_id, source, x_mm, y_mm, z_mm, diameter_mm, class, source_file, source_line)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      for (const r of rows) ins.run(scanId, source, r.x, r.y, r.z, r.diameterMm, r.candidateClass, r.sourceFile, r.sourceLine);
      return rows.length;
    })(),
  );
}

export function countCandidates(db: LungDeskDb, scanId: number): { candidates: number; excluded: number } {
  return guard(db, `counting candidates of scan ${scanId}`, () => {
    const rows = stmt(db, 'SELECT source, COUNT(*) AS n FROM candidates WHERE scan_id = ? GROUP BY source').all(scanId) as { source: string; n: number }[];
    const get = (s: string) => rows.find((r) => r.source === s)?.n ?? 0;
    return { candidates: get('luna-candidates'), excluded: get('luna-excluded') };
  });
}

/** A scan's LUNA16 candidates (candidates.csv rows), or its irrelevant findings, in file order. */
export function listCandidates(db: LungDeskDb, scanId: number, source: 'luna-candidates' | 'luna-excluded' = 'luna-candidates'): CandidateInput[] {
  return guard(db, `reading ${source} of scan ${scanId}`, () =>
    stmt(
      db,
      `SELECT x_mm AS x, y_mm AS y, z_mm AS z, diameter_mm AS diameterMm, class AS candidateClass, source_file AS sourceFile, source_line AS sourceLine
       FROM candidates WHERE scan_id = ? AND source = ? ORDER BY source_line, id`,
    ).all(scanId, source) as CandidateInput[],
  );
}
