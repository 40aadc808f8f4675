import fs from 'node:fs';
import Database from 'better-sqlite3';
import { LungDeskError } from '../common/errors';
import { migrations as allMigrations, type Migration } from './migrations';

/** An open LungDesk index. Pass it to the query functions (datasets.ts, scans.ts, audit.ts). */
export interface LungDeskDb {
  /** The path given to `openDatabase` (or ':memory:'); named in every error. */
  readonly file: string;
  readonly sqlite: Database.Database;
  /** `PRAGMA user_version` after migrating. */
  readonly schemaVersion: number;
  close(): void;
}

export interface OpenDatabaseOptions {
  /**
   * Path to better-sqlite3's compiled `.node` file when it is not where the package looks
   * (a packaged app with the addon unpacked from the asar, or a test build).
   */
  nativeBinding?: string;
  /** Migrations to apply; defaults to all. Tests pass a prefix to build an older database. */
  migrations?: readonly Migration[];
}

/**
 * Opens (creating if needed) the index at `file` and migrates it to the newest schema.
 * A database written by a newer LungDesk is refused (`db.newer-schema`) before anything is
 * written to it, so the newer app can still open it; any other failure is `db.failed`.
 */
export function openDatabase(file: string, opts: OpenDatabaseOptions = {}): LungDeskDb {
  const migrations = checkedMigrations(opts.migrations ?? allMigrations);
  const latest = migrations.length === 0 ? 0 : migrations[migrations.length - 1]!.version;
  const sqliteOpts: Database.Options = {};
  if (opts.nativeBinding !== undefined) sqliteOpts.nativeBinding = opts.nativeBinding;

  // Look before writing: even setting journal_mode=WAL rewrites the file header.
  if (file !== ':memory:' && fs.existsSync(file)) {
    const existing = wrap(file, 'read the schema version of', () => {
      const ro = new Database(file, { ...sqliteOpts, readonly: true, fileMustExist: true });
      try {
        return ro.pragma('user_version', { simple: true }) as number;
      } finally {
        ro.close();
      }
    });
    refuseNewer(file, existing, latest);
  }

  const sqlite = wrap(file, 'open', () => new Database(file, sqliteOpts));
  try {
    wrap(file, 'configure', () => {
      sqlite.pragma('journal_mode = WAL');
      sqlite.pragma('foreign_keys = ON');
      sqlite.pragma('busy_timeout = 5000');
      sqlite.pragma('synchronous = NORMAL');
    });
    const version = migrate(sqlite, file, migrations, latest);
    return {
      file,
      sqlite,
      schemaVersion: version,
      close: () => {
        if (sqlite.open) sqlite.close();
      },
    };
  } catch (e) {
    sqlite.close();
    throw e;
  }
}

function migrate(sqlite: Database.Database, file: string, migrations: readonly Migration[], latest: number): number {
  let current = wrap(file, 'read the schema version of', () => sqlite.pragma('user_version', { simple: true }) as number);
  // Checked again here: another process may have upgraded the file since the read-only look.
  refuseNewer(file, current, latest);
  for (const m of migrations) {
    if (m.version <= current) continue;
    wrap(file, `apply migration ${m.version} (${m.name}) to`, () => {
      sqlite
        .transaction(() => {
          if (typeof m.up === 'string') sqlite.exec(m.up);
          else m.up(sqlite);
          // PRAGMA does not take bound parameters; the version is a checked integer.
          sqlite.pragma(`user_version = ${m.version}`);
        })
        .immediate();
    });
    current = m.version;
  }
  return current;
}

function refuseNewer(file: string, version: number, latest: number): void {
  if (version > latest) {
    throw new LungDeskError(
      'db.newer-schema',
      `database ${file} has schema version ${version}, newer than this LungDesk (${latest}): upgrade LungDesk or open another data folder`,
      { file, detail: { version, latest } },
    );
  }
}

function checkedMigrations(list: readonly Migration[]): readonly Migration[] {
  list.forEach((m, i) => {
    if (!Number.isInteger(m.version) || m.version !== i + 1) {
      throw new LungDeskError('internal', `migration list is out of order: entry ${i} has version ${m.version}, expected ${i + 1}`);
    }
  });
  return list;
}

function wrap<T>(file: string, what: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof LungDeskError) throw e;
    let message = e instanceof Error ? e.message : String(e);
    // The addon, not the file, is at fault: say what to rebuild instead of blaming the data.
    if (/bindings file|NODE_MODULE_VERSION|ERR_DLOPEN_FAILED|better_sqlite3\.node/.test(message)) {
      message = `better-sqlite3's native addon could not be loaded (rebuild it for this runtime: npm rebuild better-sqlite3): ${message.split('\n')[0]}`;
    }
    throw new LungDeskError('db.failed', `could not ${what} database ${file}: ${message}`, { file, cause: e });
  }
}
