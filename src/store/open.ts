import type { ActionDef } from '../core/actions.js';
import { fail } from '../core/errors.js';
import { backupPostgres, restorePostgres } from './postgres/postgres-backup.js';
import { isPostgresUrl, openPostgresStore } from './postgres/postgres-store.js';
import { backupSqlite, restoreSqlite, type CopyProgress } from './sqlite/sqlite-backup.js';
import { openSqliteStore } from './sqlite/sqlite-store.js';
import type { Store } from './store.js';

/*
 * Where a database is named by a string (SPEC §9): a `postgres://` or `postgresql://` URL names
 * a PostgreSQL database, anything else a SQLite file. The edges (CLI, server threads) name a
 * database and call these; whether a file exists, is created or replaced is each adapter's
 * business, not theirs.
 */

export type { CopyProgress };
export { isPostgresUrl };

export interface OpenStoreOptions {
  /** Create the database (DB_EXISTS when there is one); `'replace'` first removes one that is there. */
  readonly create?: boolean | 'replace';
  /** Actions a new database's registry starts with (the shipped data/actions.json). */
  readonly actions?: readonly ActionDef[];
  /** A read replica (PostgreSQL only): its URL and the lag bound in ms (default 1000). */
  readonly replica?: { readonly url: string; readonly maxLagMs?: number };
  /**
   * A SQLite file to point to when the one named does not exist (the demo's, beside the
   * default database): DB_NOT_FOUND then names it.
   */
  readonly suggest?: string;
}

/** Opens an existing store, or creates one (`create`). */
export async function openStore(location: string, options: OpenStoreOptions = {}): Promise<Store> {
  const { create = false, replica } = options;
  const base = create ? { create: true, replace: create === 'replace', actions: options.actions ?? [] } : {};
  if (isPostgresUrl(location)) {
    return openPostgresStore(
      location,
      replica === undefined ? base : { ...base, replica: replica.url, maxReplicaLagMs: replica.maxLagMs },
    );
  }
  if (replica !== undefined)
    fail('CONFIG_INVALID', 'a read replica needs a PostgreSQL database (--db postgres://…)', { field: 'replica' });
  return openSqliteStore(location, options.suggest === undefined ? base : { ...base, suggest: options.suggest });
}

/** A consistent copy of the database while it is served: SQLite VACUUM INTO (integrity checked), PostgreSQL pg_dump. */
export async function backupStore(
  location: string,
  file: string,
  onProgress?: CopyProgress,
): Promise<{ bytes: number; format: 'sqlite' | 'pg_dump' }> {
  if (isPostgresUrl(location)) return { ...(await backupPostgres(location, file)), format: 'pg_dump' };
  return { ...(await backupSqlite(location, file, onProgress)), format: 'sqlite' };
}

/**
 * A backup into a new database (an existing one only with `force`), brought up to this
 * Standing's schema by opening it, and its storage checked (quick): the problems, if any.
 */
export async function restoreStore(
  file: string,
  location: string,
  force: boolean,
  onProgress?: CopyProgress,
): Promise<{ location: string; ok: boolean; problems: readonly string[] }> {
  if (isPostgresUrl(location)) await restorePostgres(file, location, force);
  else await restoreSqlite(file, location, force, onProgress);
  // Opening applies the migrations a backup made by an older Standing lacks.
  const store = await openStore(location);
  try {
    const storage = await store.checkStorage({ quick: true });
    return { location: store.location, ok: storage.ok, problems: storage.problems };
  } finally {
    await store.close();
  }
}
