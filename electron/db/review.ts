import { z } from 'zod';
import { Decision, RejectReason, type LesionCategory, type LesionDecision } from '../common/contract/review';
import type { ReviewStatus } from '../common/contract/scans';
import type { LungDeskDb } from './open-database';
import { checkRow, guard, jsonColumn, stmt } from './statements';
import type { Steps } from '../common/steps';

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
export function setReviewStatus(db: LungDeskDb, scanId: number, status: ReviewStatus, doneBy: string | null = null): void {
  guard(db, `setting the review status of scan ${scanId}`, () => {
    stmt(
      db,
      `INSERT INTO review_state (scan_id, status, updated_at, done_by) VALUES (?, ?, ?, ?)
       ON CONFLICT (scan_id) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at, done_by = excluded.done_by`,
    ).run(scanId, status, Date.now(), doneBy);
  });
}

/** Who marked a scan done and when; null when it is not marked done. */
export function scanDoneMark(db: LungDeskDb, scanId: number): { reviewer: string; at: number } | null {
  return guard(db, `reading the review state of scan ${scanId}`, () => {
    const r = stmt(db, "SELECT done_by, updated_at FROM review_state WHERE scan_id = ? AND status = 'done'").get(scanId) as { done_by: string | null; updated_at: number } | undefined;
    return r ? { reviewer: r.done_by ?? 'unknown', at: r.updated_at } : null;
  });
}

// ---------------------------------------------------------------- the lesion index

/** One lesion of a scan as the index keeps it, for counts and the queue across scans. */
export interface LesionIndexRow {
  scanId: number;
  lesionKey: string;
  ordinal: number;
  category: LesionCategory;
  center: [number, number, number];
  diameterMm: number | null;
}

/** Replaces the indexed lesions of a scan (after its annotations changed). */
export function replaceScanLesions(db: LungDeskDb, scanId: number, rows: readonly Omit<LesionIndexRow, 'scanId'>[]): void {
  guard(db, `indexing the lesions of scan ${scanId}`, () =>
    db.sqlite.transaction(() => {
      stmt(db, 'DELETE FROM scan_lesions WHERE scan_id = ?').run(scanId);
      insertLesionRows(db, scanId, rows);
    })(),
  );
}

function insertLesionRows(db: LungDeskDb, scanId: number, rows: readonly Omit<LesionIndexRow, 'scanId'>[]): void {
  const insert = stmt(db, 'INSERT INTO scan_lesions (scan_id, lesion_key, ordinal, category, x_mm, y_mm, z_mm, diameter_mm) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  for (const r of rows) insert.run(scanId, r.lesionKey, r.ordinal, r.category, r.center[0], r.center[1], r.center[2], r.diameterMm);
}

/** Lesion rows written per transaction by replaceScanLesionsSteps: a few ms each. */
const LESION_ROWS_PER_STEP = 1000;

/**
 * replaceScanLesions in steps (see common/steps.ts), one short transaction each, so that the
 * 25k lesion rows of one scan (~80 ms in one transaction) never hold the host's event loop.
 * The first step drops the old rows; the rows holding ordinal 1 go in the last one, and a scan
 * whose index has no ordinal 1 counts as not indexed (scansWithoutLesionIndex): a crash or an
 * abandoned pass between steps leaves a scan the next start re-indexes, never a partial index
 * taken for whole. A caller that stops early must replace or forget the scan's rows itself.
 */
export function* replaceScanLesionsSteps(db: LungDeskDb, scanId: number, rows: readonly Omit<LesionIndexRow, 'scanId'>[]): Steps<void> {
  const first = rows.filter((r) => r.ordinal === 1);
  const rest = rows.filter((r) => r.ordinal !== 1);
  const write = (chunk: readonly Omit<LesionIndexRow, 'scanId'>[], clear: boolean): void =>
    guard(db, `indexing the lesions of scan ${scanId}`, () =>
      db.sqlite.transaction(() => {
        if (clear) stmt(db, 'DELETE FROM scan_lesions WHERE scan_id = ?').run(scanId);
        insertLesionRows(db, scanId, chunk);
      })(),
    );
  write([], true);
  for (let i = 0; i < rest.length; i += LESION_ROWS_PER_STEP) {
    yield;
    write(rest.slice(i, i + LESION_ROWS_PER_STEP), false);
  }
  yield;
  write(first, false);
}

/** Indexed lesions of one dataset's scans (or all), in scan then review order, with their decisions. */
export function listIndexedLesions(db: LungDeskDb, datasetId?: number): (LesionIndexRow & { decision: Decision | null })[] {
  return guard(db, 'listing indexed lesions', () =>
    (
      stmt(
        db,
        `SELECT l.scan_id AS scanId, l.lesion_key AS lesionKey, l.ordinal, l.category, l.x_mm AS x, l.y_mm AS y, l.z_mm AS z,
                l.diameter_mm AS diameterMm, d.decision
         FROM scan_lesions l JOIN scans s ON s.id = l.scan_id
         LEFT JOIN lesion_decisions d ON d.scan_id = l.scan_id AND d.lesion_key = l.lesion_key
         WHERE (? IS NULL OR s.dataset_id = ?)
         ORDER BY l.scan_id, l.ordinal`,
      ).all(datasetId ?? null, datasetId ?? null) as { scanId: number; lesionKey: string; ordinal: number; category: LesionCategory; x: number; y: number; z: number; diameterMm: number | null; decision: Decision | null }[]
    ).map((r) => ({ scanId: r.scanId, lesionKey: r.lesionKey, ordinal: r.ordinal, category: r.category, center: [r.x, r.y, r.z], diameterMm: r.diameterMm, decision: r.decision })),
  );
}

/**
 * How many indexed lesions each scan has per category and review state: what the scan list
 * and the progress need, counted by SQLite rather than handed over one row per lesion.
 */
export function lesionCountsByScan(db: LungDeskDb, datasetId?: number): Map<number, { category: LesionCategory; state: Decision | 'undecided'; n: number }[]> {
  return guard(db, 'counting indexed lesions', () => {
    // Totals from the (scan_id, category) index alone, then the decided ones (few) subtracted:
    // a join per lesion with its decision cost ~100 ms per listing on a scan of 25k lesions.
    const ds = datasetId ?? null;
    const totals = stmt(
      db,
      `SELECT l.scan_id AS scanId, l.category, COUNT(*) AS n FROM scan_lesions l JOIN scans s ON s.id = l.scan_id
       WHERE (? IS NULL OR s.dataset_id = ?) GROUP BY l.scan_id, l.category`,
    ).all(ds, ds) as { scanId: number; category: LesionCategory; n: number }[];
    const decided = stmt(
      db,
      `SELECT l.scan_id AS scanId, l.category, d.decision AS state, COUNT(*) AS n
       FROM lesion_decisions d JOIN scan_lesions l ON l.scan_id = d.scan_id AND l.lesion_key = d.lesion_key JOIN scans s ON s.id = l.scan_id
       WHERE (? IS NULL OR s.dataset_id = ?) GROUP BY l.scan_id, l.category, d.decision`,
    ).all(ds, ds) as { scanId: number; category: LesionCategory; state: Decision; n: number }[];
    const decidedOf = new Map<string, number>();
    for (const r of decided) decidedOf.set(`${r.scanId}/${r.category}`, (decidedOf.get(`${r.scanId}/${r.category}`) ?? 0) + r.n);
    // The same rows, in the same order, as GROUP BY scan, category, state gave: states sorted by name.
    const rows: { scanId: number; category: LesionCategory; state: Decision | 'undecided'; n: number }[] = [...decided];
    for (const t of totals) {
      const undecided = t.n - (decidedOf.get(`${t.scanId}/${t.category}`) ?? 0);
      if (undecided > 0) rows.push({ scanId: t.scanId, category: t.category, state: 'undecided', n: undecided });
    }
    rows.sort((a, b) => a.scanId - b.scanId || (a.category < b.category ? -1 : a.category > b.category ? 1 : 0) || (a.state < b.state ? -1 : a.state > b.state ? 1 : 0));
    const out = new Map<number, { category: LesionCategory; state: Decision | 'undecided'; n: number }[]>();
    for (const r of rows) {
      const list = out.get(r.scanId);
      const c = { category: r.category, state: r.state, n: r.n };
      if (list) list.push(c);
      else out.set(r.scanId, [c]);
    }
    return out;
  });
}

/**
 * The first undecided nodule lesion (scan then review order) after a position, wrapping to
 * the first of all; null when none is left. One indexed query, whatever the lesion count.
 */
export function nextOpenLesion(db: LungDeskDb, datasetId: number | undefined, after: { scanId: number; lesionKey: string | null } | null): { scanId: number; lesionKey: string } | null {
  return guard(db, 'finding the next undecided lesion', () => {
    const open = `SELECT l.scan_id AS scanId, l.lesion_key AS lesionKey FROM scan_lesions l JOIN scans s ON s.id = l.scan_id
       LEFT JOIN lesion_decisions d ON d.scan_id = l.scan_id AND d.lesion_key = l.lesion_key
       WHERE l.category = 'nodule' AND d.decision IS NULL AND (? IS NULL OR s.dataset_id = ?)`;
    const ds = datasetId ?? null;
    if (after) {
      const at =
        after.lesionKey === null
          ? undefined
          : (stmt(db, 'SELECT ordinal FROM scan_lesions WHERE scan_id = ? AND lesion_key = ?').get(after.scanId, after.lesionKey) as { ordinal: number } | undefined);
      const ordinal = at?.ordinal ?? 0;
      const next = stmt(db, `${open} AND (l.scan_id > ? OR (l.scan_id = ? AND l.ordinal > ?)) ORDER BY l.scan_id, l.ordinal LIMIT 1`).get(ds, ds, after.scanId, after.scanId, ordinal) as
        | { scanId: number; lesionKey: string }
        | undefined;
      if (next) return next;
    }
    return (stmt(db, `${open} ORDER BY l.scan_id, l.ordinal LIMIT 1`).get(ds, ds) as { scanId: number; lesionKey: string } | undefined) ?? null;
  });
}

// ---------------------------------------------------------------- decisions

export interface StoredDecision extends LesionDecision {
  scanId: number;
  lesionKey: string;
  /** The lesion's centre when decided: re-attaches the decision if the lesion's key changes. */
  center: [number, number, number];
}

const DecisionRow = z.object({
  scanId: z.number().int(),
  lesionKey: z.string(),
  decision: Decision,
  reason: RejectReason.nullable(),
  reasonText: z.string().nullable(),
  diameterMm: z.number().nullable(),
  center: z.tuple([z.number(), z.number(), z.number()]),
  reviewer: z.string(),
  decidedAt: z.number(),
});

/** Every decision stored for a scan. */
export function listDecisions(db: LungDeskDb, scanId: number): StoredDecision[] {
  return guard(db, `reading the decisions of scan ${scanId}`, () =>
    (
      stmt(
        db,
        `SELECT rowid AS id, scan_id, lesion_key, decision, reason, reason_text, diameter_mm, x_mm, y_mm, z_mm, reviewer, decided_at
         FROM lesion_decisions WHERE scan_id = ? ORDER BY lesion_key`,
      ).all(scanId) as Record<string, unknown>[]
    ).map((r) =>
      checkRow(db, 'lesion_decisions', Number(r.id), {
        scanId: r.scan_id, lesionKey: r.lesion_key, decision: r.decision, reason: r.reason, reasonText: r.reason_text, diameterMm: r.diameter_mm,
        center: [r.x_mm, r.y_mm, r.z_mm], reviewer: r.reviewer, decidedAt: r.decided_at,
      }, DecisionRow),
    ),
  );
}

/** Stores (or replaces) a lesion's decision. */
export function putDecision(db: LungDeskDb, d: StoredDecision): void {
  guard(db, `storing the decision on lesion ${d.lesionKey}`, () => {
    stmt(
      db,
      `INSERT INTO lesion_decisions (scan_id, lesion_key, decision, reason, reason_text, diameter_mm, x_mm, y_mm, z_mm, reviewer, decided_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (scan_id, lesion_key) DO UPDATE SET decision = excluded.decision, reason = excluded.reason, reason_text = excluded.reason_text,
         diameter_mm = excluded.diameter_mm, x_mm = excluded.x_mm, y_mm = excluded.y_mm, z_mm = excluded.z_mm, reviewer = excluded.reviewer,
         decided_at = excluded.decided_at`,
    ).run(d.scanId, d.lesionKey, d.decision, d.reason, d.reasonText, d.diameterMm, d.center[0], d.center[1], d.center[2], d.reviewer, d.decidedAt);
  });
}

export function deleteDecision(db: LungDeskDb, scanId: number, lesionKey: string): void {
  guard(db, `clearing the decision on lesion ${lesionKey}`, () => stmt(db, 'DELETE FROM lesion_decisions WHERE scan_id = ? AND lesion_key = ?').run(scanId, lesionKey));
}

/** Moves a decision to a lesion's new key (its members changed on re-indexing). */
export function rekeyDecision(db: LungDeskDb, scanId: number, from: string, to: string): void {
  guard(db, `moving the decision of lesion ${from} to ${to}`, () => stmt(db, 'UPDATE lesion_decisions SET lesion_key = ? WHERE scan_id = ? AND lesion_key = ?').run(to, scanId, from));
}

// ---------------------------------------------------------------- history (undo)

export const HistoryState = z.union([DecisionRow.omit({ scanId: true, lesionKey: true }), z.object({ done: z.boolean(), reviewer: z.string().nullable(), at: z.number().nullable() })]).nullable();
export type HistoryState = z.infer<typeof HistoryState>;

export interface HistoryEntry {
  id: number;
  scanId: number;
  lesionKey: string | null;
  kind: 'decision' | 'scan-done';
  before: HistoryState;
  after: HistoryState;
  reviewer: string;
  at: number;
}

/** Records one review change that undo can walk back. */
export function appendHistory(db: LungDeskDb, e: Omit<HistoryEntry, 'id' | 'at'>): number {
  return guard(db, 'recording a review change', () =>
    Number(
      stmt(db, 'INSERT INTO review_history (scan_id, lesion_key, kind, before_json, after_json, reviewer, at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
        e.scanId, e.lesionKey, e.kind, JSON.stringify(e.before), JSON.stringify(e.after), e.reviewer, Date.now(),
      ).lastInsertRowid,
    ),
  );
}

/** The reviewer's newest change not undone yet. */
export function lastOpenHistory(db: LungDeskDb, reviewer: string): HistoryEntry | null {
  return guard(db, 'reading the review history', () => {
    const r = stmt(db, 'SELECT * FROM review_history WHERE reviewer = ? AND undone_at IS NULL ORDER BY id DESC LIMIT 1').get(reviewer) as
      | { id: number; scan_id: number; lesion_key: string | null; kind: 'decision' | 'scan-done'; before_json: string; after_json: string; reviewer: string; at: number }
      | undefined;
    if (!r) return null;
    return {
      id: r.id, scanId: r.scan_id, lesionKey: r.lesion_key, kind: r.kind, reviewer: r.reviewer, at: r.at,
      before: jsonColumn(db, 'review_history', r.id, 'before_json', r.before_json, HistoryState),
      after: jsonColumn(db, 'review_history', r.id, 'after_json', r.after_json, HistoryState),
    };
  });
}

export function markHistoryUndone(db: LungDeskDb, id: number): void {
  guard(db, 'marking a review change undone', () => stmt(db, 'UPDATE review_history SET undone_at = ? WHERE id = ?').run(Date.now(), id));
}

// ---------------------------------------------------------------- settings

export function getSetting(db: LungDeskDb, key: string): string | null {
  return guard(db, `reading setting ${key}`, () => (stmt(db, 'SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined)?.value ?? null);
}

export function putSetting(db: LungDeskDb, key: string, value: string): void {
  guard(db, `storing setting ${key}`, () => stmt(db, 'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value));
}

/** Scans with live annotations but no indexed lesions (an index made before lesions existed). */
export function scansWithoutLesionIndex(db: LungDeskDb): number[] {
  // Ordinal 1 is written last (replaceScanLesionsSteps): a scan without it was left half indexed.
  return guard(db, 'finding scans without a lesion index', () =>
    (
      stmt(
        db,
        `SELECT a.scanId FROM (SELECT DISTINCT scan_id AS scanId FROM annotations WHERE deleted_at IS NULL) a
         WHERE NOT EXISTS (SELECT 1 FROM scan_lesions l WHERE l.scan_id = a.scanId AND l.ordinal = 1)`,
      ).all() as { scanId: number }[]
    ).map((r) => r.scanId),
  );
}
