import { readFileSync } from 'node:fs';
import type { ActionDef } from '../core/actions.js';
import { manualClock } from '../engine/clock.js';
import type { EngineDeps } from '../engine/deps.js';
import type { SourceLine } from '../engine/record-source.js';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';

export const ACTIONS = JSON.parse(readFileSync(new URL('../../data/actions.json', import.meta.url), 'utf8')) as ActionDef[];

export function exampleScheme(name: string): string {
  return readFileSync(new URL(`../../examples/${name}.yaml`, import.meta.url), 'utf8');
}

/** A real SQLite store in memory with a hand-driven clock. */
export function testEngine(start = Date.parse('2026-06-01T00:00:00Z')): EngineDeps & { clock: ReturnType<typeof manualClock> } {
  return { store: openSqliteStore(':memory:', { actions: ACTIONS }), clock: manualClock(start) };
}

/** Raw record objects as one batch of import lines. */
export async function* linesOf(raws: readonly unknown[], batch = 1000): AsyncGenerator<SourceLine[]> {
  for (let i = 0; i < raws.length; i += batch) yield raws.slice(i, i + batch).map((raw, j) => ({ line: i + j + 1, raw }));
}
