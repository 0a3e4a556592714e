import { readFileSync } from 'node:fs';
import type { ActionDef } from '../core/actions.js';
import { manualClock } from '../engine/clock.js';
import type { EngineDeps } from '../engine/deps.js';
import type { SourceLine } from '../engine/ingest/record-source.js';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import { describe } from 'vitest';
import { PG_SKIP_REASON, scratchPostgresStore, TEST_PG_URL } from './postgres.js';

export const ACTIONS = JSON.parse(
  readFileSync(new URL('../../data/actions.json', import.meta.url), 'utf8'),
) as ActionDef[];

export function exampleScheme(name: string): string {
  return readFileSync(new URL(`../../examples/${name}.yaml`, import.meta.url), 'utf8');
}

/** A real SQLite store in memory with a hand-driven clock. */
export function testEngine(
  start = Date.parse('2026-06-01T00:00:00Z'),
): EngineDeps & { clock: ReturnType<typeof manualClock> } {
  return { store: openSqliteStore(':memory:', { actions: ACTIONS }), clock: manualClock(start) };
}

/** The stores engine tests can run on. */
export type TestStoreKind = 'sqlite' | 'postgres';

/** Each store with the reason it cannot run here (null when it can): PostgreSQL needs STANDING_TEST_PG. */
export const TEST_STORES: readonly { readonly kind: TestStoreKind; readonly skip: string | null }[] = [
  { kind: 'sqlite', skip: null },
  { kind: 'postgres', skip: TEST_PG_URL === undefined ? PG_SKIP_REASON : null },
];

/** testEngine on either store; PostgreSQL gets a fresh schema of STANDING_TEST_PG, dropped when the store closes. */
export async function testEngineOn(
  kind: TestStoreKind,
  start = Date.parse('2026-06-01T00:00:00Z'),
): Promise<EngineDeps & { clock: ReturnType<typeof manualClock> }> {
  if (kind === 'sqlite') return testEngine(start);
  return { store: await scratchPostgresStore(TEST_PG_URL!, { actions: ACTIONS }), clock: manualClock(start) };
}

/** Registers `body` once per store, titled `title (kind)`; a store that cannot run is skipped, its reason printed and in the title. */
export function describeStores(title: string, body: (kind: TestStoreKind) => void): void {
  for (const { kind, skip } of TEST_STORES) {
    if (skip !== null) console.warn(`${title} (${kind}): skipped, ${skip}`);
    describe.skipIf(skip !== null)(`${title} (${kind})${skip === null ? '' : ` (skipped: ${skip})`}`, () => body(kind));
  }
}

/** Raw record objects as one batch of import lines. */
export async function* linesOf(raws: readonly unknown[], batch = 1000): AsyncGenerator<SourceLine[]> {
  for (let i = 0; i < raws.length; i += batch)
    yield raws.slice(i, i + batch).map((raw, j) => ({ line: i + j + 1, raw }));
}
