/**
 * Opening the registry database (Node only): an embedded SQLite file through better-sqlite3,
 * or PostgreSQL when the location is a `postgres://` / `postgresql://` URL. Opening brings the
 * schema up to date (migrations.ts). The server and the CLI default to the same place:
 * DATABASE_URL when it is set, else `<dataDir>/registry.sqlite`.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { InputError } from '../../core/errors.js';
import { migrateRegistry } from './migrations.js';
import type { RegistryDatabase, RegistryDialect } from './schema.js';

/** File name of the embedded database inside the server's data folder. */
export const REGISTRY_SQLITE_FILE = 'registry.sqlite';

export interface RegistryLocation {
  dialect: RegistryDialect;
  /** SQLite file path (absolute) or PostgreSQL connection URL. */
  target: string;
  /** How messages name the database (a URL without its password). */
  name: string;
}

export interface RegistryDb {
  db: Kysely<RegistryDatabase>;
  dialect: RegistryDialect;
  name: string;
  close(): Promise<void>;
}

/** Hides the password of a connection URL. */
export function redactUrl(url: string): string {
  return url.replace(/^(\w+:\/\/[^:/@]*):[^@/]*@/, '$1:***@');
}

/** Reads `postgres://...`, `postgresql://...`, `sqlite:PATH`, `file:PATH` or a plain file path. */
export function registryLocation(spec: string): RegistryLocation {
  const text = spec.trim();
  if (text === '') throw new InputError('empty database location', { field: '--db' }, 'BAD_OPTION');
  if (/^postgres(ql)?:\/\//i.test(text)) return { dialect: 'postgres', target: text, name: redactUrl(text) };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text) && !/^file:/i.test(text))
    throw new InputError('unsupported database URL (postgres://... or a SQLite file path)', {
      file: redactUrl(text),
    });
  const path = resolve(text.replace(/^(sqlite|file):(\/\/)?/i, ''));
  return { dialect: 'sqlite', target: path, name: text };
}

/** The database the server uses: DATABASE_URL when set, else `<dataDir>/registry.sqlite`. */
export function defaultRegistrySpec(config: { databaseUrl?: string; dataDir: string }): string {
  const url = config.databaseUrl?.trim();
  return url ? url : join(config.dataDir, REGISTRY_SQLITE_FILE);
}

export interface OpenRegistryOptions {
  /**
   * Create a SQLite file that does not exist yet (default true). Reading commands pass false so
   * that a mistyped path is an error, not a new empty registry.
   */
  create?: boolean;
}

function openSqlite(location: RegistryLocation, options: OpenRegistryOptions): Kysely<RegistryDatabase> {
  if (options.create === false && !existsSync(location.target))
    throw new InputError(
      'no registry database here (sacroguide registry import creates one)',
      { file: location.name },
      'NOT_FOUND',
    );
  let database: Database.Database;
  try {
    mkdirSync(dirname(location.target), { recursive: true });
    database = new Database(location.target);
    database.pragma('journal_mode = WAL');
    database.pragma('synchronous = NORMAL');
    database.pragma('foreign_keys = ON');
    database.pragma('busy_timeout = 10000');
  } catch (e) {
    throw new InputError(`cannot open the SQLite database: ${(e as Error).message}`, { file: location.name });
  }
  return new Kysely<RegistryDatabase>({ dialect: new SqliteDialect({ database }) });
}

function openPostgres(location: RegistryLocation): Kysely<RegistryDatabase> {
  const pool = new pg.Pool({ connectionString: location.target, max: 8 });
  // An idle client losing its connection must not crash the process; the next query reports it.
  pool.on('error', () => {});
  return new Kysely<RegistryDatabase>({ dialect: new PostgresDialect({ pool }) });
}

/** Opens (creating when needed, see options) and migrates the registry at `spec` (see registryLocation). */
export async function openRegistry(spec: string, options: OpenRegistryOptions = {}): Promise<RegistryDb> {
  const location = registryLocation(spec);
  const db = location.dialect === 'sqlite' ? openSqlite(location, options) : openPostgres(location);
  try {
    await migrateRegistry(db, { dialect: location.dialect, name: location.name });
  } catch (e) {
    await db.destroy().catch(() => {});
    if (e instanceof InputError) throw e;
    throw new InputError(`cannot use the database: ${(e as Error).message}`, { file: location.name });
  }
  return { db, dialect: location.dialect, name: location.name, close: () => db.destroy() };
}
