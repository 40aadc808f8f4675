import type { ReviewStatus } from '../common/contract/scans';
import type { LungDeskDb } from './open-database';
import { guard, stmt } from './statements';

/** Review status of every scan of a dataset that has one (others are 'unreviewed'). */
export function reviewStatusByScan(db: LungDeskDb, datasetId?: number): Map<number, ReviewStatus> {
  return guard(db, 'reading review states', () => {
    const rows = stmt(
      db,
      `SELECT r.scan_id AS scanId, r.status FROM review_state r JOIN scans s ON s.id = r.scan_id
       WHERE (? IS NULL OR s.dataset_id = ?)`,
    ).all(datasetId ?? null, datasetId ?? null) as { scanId: number; status: ReviewStatus }[];
    return new Map(rows.map((r) => [r.scanId, r.status]));
  });
}

/** Sets a scan's review status; callers append the audit entry in the same transaction. */
export function setReviewStatus(db: LungDeskDb, scanId: number, status: ReviewStatus): void {
  guard(db, `setting the review status of scan ${scanId}`, () => {
    stmt(
      db,
      `INSERT INTO review_state (scan_id, status, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (scan_id) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at`,
    ).run(scanId, status, Date.now());
  });
}
