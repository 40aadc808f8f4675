import { z } from 'zod';
import type { LungDeskDb } from './open-database';
import { checkRow, guard, jsonColumn, stmt } from './statements';

export interface AuditInput {
  /** Who: a user name, 'system', or a job id. */
  actor: string;
  /** What, as a verb-ish key: 'dataset.import', 'mask.save', 'review.status'. */
  action: string;
  /** Which kind of thing: 'dataset', 'scan', 'mask'. */
  entity: string;
  entityId?: string | number | null;
  /** Any JSON-serialisable detail (old/new values, reason). */
  detail?: unknown;
}

export const AuditEntry = z.object({
  id: z.number().int(),
  at: z.number(),
  actor: z.string(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string().nullable(),
  detail: z.unknown(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

/** Appends one entry (the table refuses UPDATE and DELETE). Returns its id. */
export function appendAudit(db: LungDeskDb, e: AuditInput): number {
  return guard(db, `recording audit entry ${e.action}`, () => {
    const info = stmt(
      db,
      'INSERT INTO audit_log (at, actor, action, entity, entity_id, detail_json) VALUES (?, ?, ?, ?, ?, ?)',
    ).run(
      Date.now(),
      e.actor,
      e.action,
      e.entity,
      e.entityId === undefined || e.entityId === null ? null : String(e.entityId),
      e.detail === undefined ? null : JSON.stringify(e.detail),
    );
    return Number(info.lastInsertRowid);
  });
}

interface AuditRow {
  id: number;
  at: number;
  actor: string;
  action: string;
  entity: string;
  entity_id: string | null;
  detail_json: string | null;
}

/** The newest entries first. */
export function listAudit(db: LungDeskDb, opts: { limit?: number; entity?: string } = {}): AuditEntry[] {
  const limit = opts.limit ?? 200;
  return guard(db, 'reading the audit log', () => {
    const rows = (
      opts.entity === undefined
        ? stmt(db, 'SELECT * FROM audit_log ORDER BY id DESC LIMIT ?').all(limit)
        : stmt(db, 'SELECT * FROM audit_log WHERE entity = ? ORDER BY id DESC LIMIT ?').all(opts.entity, limit)
    ) as AuditRow[];
    return rows.map((r) =>
      checkRow(db, 'audit_log', r.id, {
        id: r.id,
        at: r.at,
        actor: r.actor,
        action: r.action,
        entity: r.entity,
        entityId: r.entity_id,
        detail: r.detail_json === null ? undefined : jsonColumn(db, 'audit_log', r.id, 'detail_json', r.detail_json, z.unknown()),
      }, AuditEntry),
    );
  });
}
