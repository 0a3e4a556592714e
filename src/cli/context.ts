import { readFileSync } from 'node:fs';
import type { ActionDef } from '../core/actions.js';
import type { Config } from '../config.js';
import { fixedClock, systemClock, type Clock } from '../engine/clock.js';
import type { EngineDeps } from '../engine/deps.js';
import { sweep } from '../engine/evaluation/sweep.js';
import { openStore as openStoreAt } from '../store/open.js';
import type { Store } from '../store/store.js';
import type { Output } from './output.js';
import { fail, isStandingError } from '../core/errors.js';

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

/** The file `standing demo` builds by default. */
export const DEMO_DB = './standing-demo.db';

/**
 * Opens an existing store, or creates one (`init`, `demo`) with the shipped actions: the store
 * decides what the name means and whether it exists (src/store/open.ts). The default database
 * missing while the demo's is here (the README's quick start without `export STANDING_DB`) is
 * pointed out before `standing init` is suggested.
 */
export async function openStore(
  path: string,
  create: boolean | 'replace' = false,
  replica?: ReplicaChoice,
): Promise<Store> {
  return openStoreAt(path, {
    ...(create ? { create, actions: builtinActions() } : path === './standing.db' ? { suggest: DEMO_DB } : {}),
    ...(replica === undefined ? {} : { replica }),
  });
}

/**
 * Creates the database (`create` true, or 'replace' to replace what is there), runs `fn` on it
 * with its location, and closes it whatever happens (a second close, after a server that
 * closed it, does nothing).
 */
export async function withNewStore<T>(
  ctx: CliContext,
  db: string,
  create: true | 'replace',
  /** What DB_EXISTS says instead of the store's message, if anything. */
  hints: { readonly exists?: string },
  fn: (deps: EngineDeps, location: string) => Promise<T>,
): Promise<T> {
  const opened = await openStore(db, create).catch((e: unknown) => {
    if (hints.exists !== undefined && isStandingError(e) && e.code === 'DB_EXISTS')
      fail('DB_EXISTS', hints.exists, { field: 'db' });
    throw e;
  });
  const store = closingOnce(opened);
  try {
    return await fn({ store, clock: clockOf(ctx.config) }, store.location);
  } finally {
    await store.close();
  }
}

/**
 * As withStore, or `undefined` without calling `fn` when there is no database (`scheme
 * check` works on a file alone).
 */
export async function withStoreIfAny<T>(
  ctx: CliContext,
  db: string | undefined,
  fn: (deps: EngineDeps) => Promise<T>,
): Promise<T | undefined> {
  const store = await openStore(dbPath(ctx, db)).catch((e: unknown) => {
    if (isStandingError(e) && e.code === 'DB_NOT_FOUND') return undefined;
    throw e;
  });
  if (store === undefined) return undefined;
  try {
    return await fn({ store, clock: clockOf(ctx.config) });
  } finally {
    await store.close();
  }
}

function closingOnce(store: Store): Store {
  let closing: Promise<void> | undefined;
  return Object.assign(Object.create(store) as Store, { close: () => (closing ??= store.close()) });
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
