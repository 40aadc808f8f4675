import type Database from 'better-sqlite3';
import type { ZodType } from 'zod';
import { LungDeskError } from '../common/errors';
import type { LungDeskDb } from './open-database';

// Prepared once per connection and SQL text: preparing is the slow part of a small query.
const cache = new WeakMap<Database.Database, Map<string, Database.Statement>>();

export function stmt(db: LungDeskDb, sql: string): Database.Statement {
  let perDb = cache.get(db.sqlite);
  if (!perDb) {
    perDb = new Map();
    cache.set(db.sqlite, perDb);
  }
  let s = perDb.get(sql);
  if (!s) {
    s = db.sqlite.prepare(sql);
    perDb.set(sql, s);
  }
  return s;
}

/** Runs a query; SQLite errors become `db.failed` naming the file and what was attempted. */
export function guard<T>(db: LungDeskDb, what: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof LungDeskError) throw e;
    const message = e instanceof Error ? e.message : String(e);
    throw new LungDeskError('db.failed', `${what} failed in database ${db.file}: ${message}`, { file: db.file, cause: e });
  }
}

/** Parses a JSON column and checks it: a row we cannot trust is a database error, not a crash later. */
export function jsonColumn<T>(db: LungDeskDb, table: string, id: number, column: string, text: unknown, schema: ZodType<T>): T {
  let value: unknown;
  try {
    value = JSON.parse(String(text));
  } catch {
    throw badRow(db, table, id, `${column} is not JSON`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw badRow(db, table, id, `${column}: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  return parsed.data;
}

/** Checks a row built from plain columns. */
export function checkRow<T>(db: LungDeskDb, table: string, id: number, value: unknown, schema: ZodType<T>): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const why = parsed.error.issues.map((i) => `${i.path.join('.') || 'row'}: ${i.message}`).join('; ');
    throw badRow(db, table, id, why);
  }
  return parsed.data;
}

function badRow(db: LungDeskDb, table: string, id: number, why: string): LungDeskError {
  return new LungDeskError('db.failed', `row ${id} of ${table} in database ${db.file} is invalid: ${why}`, {
    file: db.file,
    detail: { table, id },
  });
}
