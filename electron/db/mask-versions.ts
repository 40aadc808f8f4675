import { z } from 'zod';
import { MaskLabel, MaskLabelStats } from '../common/contract/mask-edit';
import type { LungDeskDb } from './open-database';
import { checkRow, guard, jsonColumn, stmt } from './statements';

export const MaskFileFormat = z.enum(['npy', 'ldmask']);
export type MaskFileFormat = z.infer<typeof MaskFileFormat>;

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
  /** 'npy': a job's plain .npy; 'ldmask': the mask store's compressed, checksummed file. */
  format: MaskFileFormat,
  note: z.string(),
  tools: z.array(z.string()),
  /** What the labels mean; null for job results (derived from their kind). */
  labels: z.array(MaskLabel).nullable(),
  /** Per-label stats; null until computed (job results get theirs on first listing). */
  stats: z.array(MaskLabelStats).nullable(),
  bytesOnDisk: z.number().int().nullable(),
});
export type MaskVersion = z.infer<typeof MaskVersion>;

/** What a job records: the mask-editing fields take their defaults. */
export type NewMaskVersion = Omit<MaskVersion, 'id' | 'createdAt' | 'format' | 'note' | 'tools' | 'labels' | 'stats' | 'bytesOnDisk'> &
  Partial<Pick<MaskVersion, 'format' | 'note' | 'tools' | 'labels' | 'stats' | 'bytesOnDisk'>>;

const COLUMNS = `id, scan_id AS scanId, kind, path, author, reason, parent_id AS parentId, sha256, created_at AS createdAt,
  format, note, tools_json, labels_json, stats_json, bytes_on_disk AS bytesOnDisk`;

interface Row extends Omit<MaskVersion, 'tools' | 'labels' | 'stats'> {
  tools_json: string;
  labels_json: string | null;
  stats_json: string | null;
}

function fromRow(db: LungDeskDb, r: Row): MaskVersion {
  const { tools_json, labels_json, stats_json, ...rest } = r;
  return checkRow(db, 'mask_versions', r.id, {
    ...rest,
    tools: jsonColumn(db, 'mask_versions', r.id, 'tools_json', tools_json, z.array(z.string())),
    labels: labels_json === null ? null : jsonColumn(db, 'mask_versions', r.id, 'labels_json', labels_json, z.array(MaskLabel)),
    stats: stats_json === null ? null : jsonColumn(db, 'mask_versions', r.id, 'stats_json', stats_json, z.array(MaskLabelStats)),
  }, MaskVersion);
}

/** Records a mask version whose file is already written (atomically) in the data folder. */
export function insertMaskVersion(db: LungDeskDb, v: NewMaskVersion): number {
  return guard(db, `recording a ${v.kind} mask of scan ${v.scanId}`, () =>
    Number(
      stmt(
        db,
        `INSERT INTO mask_versions (scan_id, kind, path, author, reason, parent_id, sha256, created_at, format, note, tools_json, labels_json, stats_json, bytes_on_disk)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        v.scanId, v.kind, v.path, v.author, v.reason, v.parentId, v.sha256, Date.now(),
        v.format ?? 'npy', v.note ?? '', JSON.stringify(v.tools ?? []), v.labels ? JSON.stringify(v.labels) : null,
        v.stats ? JSON.stringify(v.stats) : null, v.bytesOnDisk ?? null,
      ).lastInsertRowid,
    ),
  );
}

/**
 * Keeps what was computed from a version's file (its stats, size and checksum) for a job
 * result recorded without them. Only fills what is still null: a version's voxels and what
 * was recorded of them are never overwritten.
 */
export function fillMaskVersionFacts(db: LungDeskDb, id: number, facts: { stats: MaskVersion['stats']; bytesOnDisk: number | null; sha256: string | null }): void {
  guard(db, `storing the stats of mask ${id}`, () =>
    stmt(
      db,
      `UPDATE mask_versions SET stats_json = COALESCE(stats_json, ?), bytes_on_disk = COALESCE(bytes_on_disk, ?), sha256 = COALESCE(sha256, ?) WHERE id = ?`,
    ).run(facts.stats ? JSON.stringify(facts.stats) : null, facts.bytesOnDisk, facts.sha256, id),
  );
}

/** A scan's mask versions, newest first. */
export function listMaskVersions(db: LungDeskDb, scanId: number): MaskVersion[] {
  return guard(db, `listing masks of scan ${scanId}`, () =>
    (stmt(db, `SELECT ${COLUMNS} FROM mask_versions WHERE scan_id = ? ORDER BY id DESC`).all(scanId) as Row[]).map((r) => fromRow(db, r)),
  );
}

/** Every scan's mask versions, newest first (the CLI's listing of a whole data folder). */
export function listAllMaskVersions(db: LungDeskDb): MaskVersion[] {
  return guard(db, 'listing masks', () => (stmt(db, `SELECT ${COLUMNS} FROM mask_versions ORDER BY id DESC`).all() as Row[]).map((r) => fromRow(db, r)));
}

export function getMaskVersion(db: LungDeskDb, id: number): MaskVersion | undefined {
  return guard(db, `reading mask ${id}`, () => {
    const r = stmt(db, `SELECT ${COLUMNS} FROM mask_versions WHERE id = ?`).get(id) as Row | undefined;
    return r && fromRow(db, r);
  });
}
