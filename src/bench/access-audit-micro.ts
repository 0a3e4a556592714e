/**
 * A micro-benchmark of the access-log and audit calls written once (src/store/sql/access-repo.ts,
 * audit-repo.ts): `isEntitled` (a check's entitlement read), `appendAccess` of a batch of 8 (a
 * check's append where no group-commit thread takes it: PostgreSQL, an in-memory SQLite) and
 * `appendAudit` after `auditHead` (one audit entry, with the chain's lock on PostgreSQL), each
 * called `--calls` times in one transaction, so a round measures the repository (query
 * building, statement cache, row mapping) and not the transaction around it. SQLite always; PostgreSQL
 * too with `--pg URL` (a throwaway schema). With `--base DIR` it also loads `DIR/store/...`
 * (another build, e.g. the commit before a change) and alternates the builds round by round
 * in this one process; each build's median round is reported, as µs a call.
 *
 *   node dist/bench/access-audit-micro.js [--calls N] [--rounds R] [--base DIR] [--pg URL]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import type { Store, StoreTx } from '../store/store.js';

const schemas: string[] = [];

type Opener = (kind: 'sqlite' | 'postgres') => Promise<Store>;

interface Build {
  readonly name: string;
  readonly open: Opener;
}

const CALLS = ['isEntitled', 'appendAccess', 'appendAudit'] as const;
type Call = (typeof CALLS)[number];

async function loadBuild(name: string, dir: URL, dbDir: string, pgUrl: string | undefined): Promise<Build> {
  const { openSqliteStore } = (await import(new URL('store/sqlite/sqlite-store.js', dir).href)) as {
    openSqliteStore: (path: string, o: { create: boolean }) => Store;
  };
  const { openPostgresStore } = (await import(new URL('store/postgres/postgres-store.js', dir).href)) as {
    openPostgresStore: (url: string, o: { create: boolean; schema?: string }) => Promise<Store>;
  };
  const slug = name.replace(/\W/g, '_');
  schemas.push(`bench_access_${slug}_${process.pid}`);
  return {
    name,
    open: async (kind) =>
      kind === 'sqlite'
        ? openSqliteStore(join(dbDir, `${slug}.db`), { create: true })
        : openPostgresStore(pgUrl!, { create: true, schema: `bench_access_${slug}_${process.pid}` }),
  };
}

async function seed(store: Store): Promise<void> {
  await store.transaction(async (tx) => {
    await tx.ensureAuthorities(['city'], 1);
    await tx.addAction({ name: 'flight.board', domain: 'travel', effect: 'deny' });
    await tx.addParty('airline', 1);
    await tx.entitle('airline', 'flight.board', 1);
  });
}

const BATCH = Array.from({ length: 8 }, (_, i) => ({
  subject: `p${i}`,
  party: 'airline',
  action: 'flight.board',
  effect: 'allow' as const,
  at: 1_000 + i,
}));

const call = async (tx: StoreTx, c: Call, i: number): Promise<unknown> => {
  if (c === 'isEntitled') return tx.isEntitled('airline', 'flight.board');
  if (c === 'appendAccess') return tx.appendAccess(BATCH);
  const head = await tx.auditHead('city');
  const seq = (head?.seq ?? 0) + 1;
  return tx.appendAudit({
    chain: 'city',
    seq,
    at: i,
    type: 'record-deletion',
    payload: '{}',
    prev: head?.hash ?? '0'.repeat(64),
    hash: `h${seq}`,
  });
};

async function round(store: Store, c: Call, calls: number): Promise<number> {
  return store.transaction(async (tx) => {
    const t0 = performance.now();
    for (let i = 0; i < calls; i++) await call(tx, c, i);
    return ((performance.now() - t0) * 1000) / calls;
  });
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      calls: { type: 'string', default: '20000' },
      rounds: { type: 'string', default: '9' },
      base: { type: 'string' },
      pg: { type: 'string' },
    },
  });
  const dbDir = mkdtempSync(join(tmpdir(), 'standing-access-bench-'));
  try {
    const builds = [await loadBuild('this build', new URL('../', import.meta.url), dbDir, values.pg)];
    if (values.base !== undefined)
      builds.push(await loadBuild('base', pathToFileURL(`${resolve(values.base)}/`), dbDir, values.pg));
    for (const kind of values.pg === undefined ? (['sqlite'] as const) : (['sqlite', 'postgres'] as const)) {
      const calls = kind === 'sqlite' ? Number(values.calls) : Math.ceil(Number(values.calls) / 20);
      const stores = await Promise.all(builds.map((b) => b.open(kind)));
      for (const s of stores) await seed(s);
      for (const c of CALLS) {
        const times = builds.map((): number[] => []);
        for (const s of stores) await round(s, c, calls); // warm-up
        for (let r = 0; r < Number(values.rounds); r++)
          for (const i of r % 2 === 0 ? builds.keys() : [...builds.keys()].reverse())
            times[i]!.push(await round(stores[i]!, c, calls));
        process.stdout.write(
          `${kind} ${c} (${calls} calls a round): ${builds.map((b, i) => `${b.name} ${median(times[i]!).toFixed(2)} µs`).join(', ')}\n`,
        );
      }
      for (const s of stores) await s.close();
    }
  } finally {
    if (values.pg !== undefined) {
      const c = new pg.Client({ connectionString: values.pg });
      await c.connect();
      for (const s of schemas) await c.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
      await c.end();
    }
    rmSync(dbDir, { recursive: true, force: true });
  }
}

await main();
