import { readdirSync, readFileSync } from 'node:fs';
import type { ActionDef } from '../core/actions.js';
import { fixedClock } from '../engine/clock.js';
import type { EngineDeps } from '../engine/deps.js';
import { importRecords, importSource } from '../engine/ingest/ingest.js';
import { checkScheme, publishScheme } from '../engine/evaluation/publish.js';
import { grantShare } from '../engine/tenancy/sharing.js';
import { openRecordSource } from '../engine/ingest/record-source.js';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import { NOW, type BenchPaths } from './bench-config.js';
import { settle, type PhaseResult } from './phase.js';

export function shippedActions(): ActionDef[] {
  return JSON.parse(readFileSync(new URL('../../data/actions.json', import.meta.url), 'utf8')) as ActionDef[];
}

/** The example schemes (examples/*.yaml), in file-name order as `standing demo` publishes them. */
export function exampleSchemes(): string[] {
  const dir = new URL('../../examples/', import.meta.url);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => readFileSync(new URL(f, dir), 'utf8'));
}

/** As seedCity does: the operator grants each scheme's sanctioned actions and the sharing of its other sources, then the scheme is published. */
export async function publishExamples(deps: EngineDeps): Promise<number> {
  const now = deps.clock.now();
  let published = 0;
  for (const source of exampleSchemes()) {
    const doc = await deps.store.transaction(async (tx) => {
      const parsed = await checkScheme(tx, source);
      if (!parsed.ok) throw parsed.errors[0]!;
      const { authority } = parsed.doc;
      await tx.ensureAuthorities([authority], now);
      for (const l of parsed.doc.lists) for (const s of l.sanctions) await tx.addGrant(authority, s.action, now);
      return parsed.doc;
    });
    for (const from of doc.sources)
      if (from !== doc.authority) await grantShare(deps, { from, to: doc.authority, purpose: 'benchmark' });
    await publishScheme(deps, source);
    published++;
  }
  return published;
}

/**
 * Phase 1(a): the NDJSON file through `importRecords` (read and prepared on a thread, as
 * `standing import` does) into a fresh SQLite store with the
 * four example schemes active; timed from the first read to the end of the closing sweep,
 * so every affected subject's derived state is included.
 */
export async function standingImport(paths: BenchPaths, expected: number): Promise<Omit<PhaseResult, 'maxRssKiB'>> {
  const store = openSqliteStore(paths.standingDb, { create: true, actions: shippedActions() });
  const deps: EngineDeps = { store, clock: fixedClock(NOW) };
  try {
    const schemes = await publishExamples(deps);
    settle();
    const started = performance.now();
    let storedAt = started;
    const counts = await importRecords(deps, importSource(openRecordSource(paths.ndjson, 'ndjson')).batches, {
      onProgress: () => {
        storedAt = performance.now();
      },
    });
    const endedAt = performance.now();
    const seconds = (endedAt - started) / 1000;
    if (counts.accepted !== expected || counts.rejected !== 0) {
      throw new Error(
        `import stored ${counts.accepted} records and rejected ${counts.rejected}; expected ${expected} stored`,
      );
    }
    const judged = await store.transaction(async (tx) => {
      const out: Record<string, number> = {};
      for (const v of await tx.schemeVersions()) out[v.scheme] = (await tx.summarizeStates(v)).judged;
      return out;
    });
    return {
      phase: 'standing-import',
      seconds,
      records: counts.accepted,
      detail: {
        schemes,
        storeSeconds: (storedAt - started) / 1000,
        // The closing sweep evaluates every subject the import touched under every active scheme.
        sweepSeconds: (endedAt - storedAt) / 1000,
        judgedSubjects: judged,
      },
    };
  } finally {
    await store.close();
  }
}
