import { z } from 'zod';
import type { LungDeskDb } from './open-database';
import { checkRow, guard, stmt } from './statements';

export const MaskVersion = z.object({
  id: z.number().int(),
  scanId: z.number().int(),
  kind: z.string(),
  path: z.string(),
  author: z.string(),
  reason: z.string(),
  parentId: z.number().int().nullable(),
  sha256: z.string().nullable(),
  createdAt: z.number(),
});
export type MaskVersion = z.infer<typeof MaskVersion>;

/** Records a mask version whose file is already written (atomically) in the data folder. */
export function insertMaskVersion(db: LungDeskDb, v: Omit<MaskVersion, 'id' | 'createdAt'>): number {
  return guard(db, `recording a ${v.kind} mask of scan ${v.scanId}`, () =>
    Number(
      stmt(db, 'INSERT INTO mask_versions (scan_id, kind, path, author, reason, parent_id, sha256, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
        v.scanId, v.kind, v.path, v.author, v.reason, v.parentId, v.sha256, Date.now(),
      ).lastInsertRowid,
    ),
  );
}

/** A scan's mask versions, newest first. */
export function listMaskVersions(db: LungDeskDb, scanId: number): MaskVersion[] {
  return guard(db, `listing masks of scan ${scanId}`, () =>
    (
      stmt(
        db,
        `SELECT id, scan_id AS scanId, kind, path, author, reason, parent_id AS parentId, sha256, created_at AS createdAt
         FROM mask_versions WHERE scan_id = ? ORDER BY id DESC`,
      ).all(scanId) as { id: number }[]
    ).map((r) => checkRow(db, 'mask_versions', r.id, r, MaskVersion)),
  );
}

export function getMaskVersion(db: LungDeskDb, id: number): MaskVersion | undefined {
  return guard(db, `reading mask ${id}`, () => {
    const r = stmt(
      db,
      `SELECT id, scan_id AS scanId, kind, path, author, reason, parent_id AS parentId, sha256, created_at AS createdAt FROM mask_versions WHERE id = ?`,
    ).get(id) as { id: number } | undefined;
    return r && checkRow(db, 'mask_versions', r.id, r, MaskVersion);
  });
}
