import { existsSync, readFileSync } from 'node:fs';
import type { ActionDef } from '../core/actions.js';
import type { Config } from '../config.js';
import { fixedClock, systemClock, type Clock } from '../engine/clock.js';
import type { EngineDeps } from '../engine/deps.js';
import { sweep } from '../engine/evaluation/sweep.js';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import { isPostgresUrl, openPostgresStore } from '../store/postgres/postgres-store.js';
import type { Store } from '../store/store.js';
import type { Output } from './output.js';
import { fail, isStandingError, StandingError } from '../core/errors.js';

/** What every command gets: configuration, where to write, and how to reach the store. */
export interface CliContext {
  readonly config: Config;
  readonly output: Output;
}

/** The built-in action registry shipped as data (SPEC §4). */
export function builtinActions(): ActionDef[] {
  return JSON.parse(readFileSync(new URL('../../data/actions.json', import.meta.url), 'utf8')) as ActionDef[];
}

export function clockOf(config: Config): Clock {
  return config.now === null ? systemClock : fixedClock(config.now);
}

export function dbPath(ctx: CliContext, db: string | undefined): string {
  return db ?? ctx.config.db;
}

/** A read replica for `serve` (PostgreSQL only): its URL and the lag bound in ms (default 1000). */
export interface ReplicaChoice {
  readonly url: string;
  readonly maxLagMs?: number;
}

/**
 * Opens an existing store, or creates one (`init`): a `postgres://` or `postgresql://` URL
 * names a PostgreSQL database, anything else a SQLite file (SPEC §9).
 */
export async function openStore(
  path: string,
  create: boolean | 'replace' = false,
  replica?: ReplicaChoice,
): Promise<Store> {
  const options = create ? { create: true, replace: create === 'replace', actions: builtinActions() } : {};
  if (isPostgresUrl(path)) {
    return openPostgresStore(
      path,
      replica === undefined ? options : { ...options, replica: replica.url, maxReplicaLagMs: replica.maxLagMs },
    );
  }
  if (replica !== undefined)
    fail('CONFIG_INVALID', 'a read replica needs a PostgreSQL database (--db postgres://…)', { field: 'replica' });
  try {
    return openSqliteStore(path, options);
  } catch (e) {
    throw create ? e : withDemoHint(e, path);
  }
}

/** The file `standing demo` builds by default. */
export const DEMO_DB = './standing-demo.db';

/**
 * The default database is missing but the demo's is here (the README's quick start without
 * `export STANDING_DB`): point to it before suggesting `standing init`.
 */
function withDemoHint(e: unknown, path: string): unknown {
  if (!isStandingError(e) || e.code !== 'DB_NOT_FOUND' || path !== './standing.db' || !existsSync(DEMO_DB)) return e;
  return new StandingError(
    'DB_NOT_FOUND',
    `no database at ${path}, but the demo's is here: pass --db ${DEMO_DB} or run \`export STANDING_DB=${DEMO_DB}\` (or \`npx standing init\` for a new empty one)`,
    e.at,
  );
}

/**
 * Opens the database, runs `fn` without sweeping first, and closes the store whatever
 * happens: for the commands that must see what is due before it is done (`sweep`, a
 * retention dry run).
 */
export async function withStore<T>(
  ctx: CliContext,
  db: string | undefined,
  fn: (deps: EngineDeps) => Promise<T>,
): Promise<T> {
  const store = await openStore(dbPath(ctx, db));
  try {
    return await fn({ store, clock: clockOf(ctx.config) });
  } finally {
    await store.close();
  }
}

/**
 * Opens the database, sweeps what is due (SPEC §6: every command does), runs `fn`,
 * and closes the store whatever happens.
 */
export async function withEngine<T>(
  ctx: CliContext,
  db: string | undefined,
  fn: (deps: EngineDeps) => Promise<T>,
): Promise<T> {
  return withStore(ctx, db, async (deps) => {
    await sweep(deps);
    return fn(deps);
  });
}
