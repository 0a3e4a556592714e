/**
 * A micro-benchmark of the due-process store calls on the hot paths: `activeSanctions` (every
 * check reads it), `getAccount` (every request signed in with a session) and `replaceSanctions`
 * (a listing becoming active or ending), each called `--calls` times in one transaction, so a
 * round measures the repository (query building, statement cache, row mapping) and not the
 * transaction around it. SQLite always; PostgreSQL too with `--pg URL` (a throwaway schema).
 * With `--base DIR` it also loads `DIR/store/...` (another build, e.g. the commit before a
 * change) and alternates the builds round by round in this one process; each build's median
 * round is reported, as µs a call.
 *
 *   node dist/bench/due-process-micro.js [--calls N] [--rounds R] [--base DIR] [--pg URL]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import type { ActiveSanctionRow } from '../store/due-process-port.js';
import type { Store, StoreTx } from '../store/store.js';

const schemas: string[] = [];

interface Build {
  readonly name: string;
  readonly open: (kind: 'sqlite' | 'postgres') => Promise<Store>;
}

const CALLS = ['activeSanctions', 'getAccount', 'replaceSanctions'] as const;
type Call = (typeof CALLS)[number];

async function loadBuild(name: string, dir: URL, dbDir: string, pgUrl: string | undefined): Promise<Build> {
  const { openSqliteStore } = (await import(new URL('store/sqlite/sqlite-store.js', dir).href)) as {
    openSqliteStore: (path: string, o: { create: boolean }) => Store;
  };
  const { openPostgresStore } = (await import(new URL('store/postgres/postgres-store.js', dir).href)) as {
    openPostgresStore: (url: string, o: { create: boolean; schema?: string }) => Promise<Store>;
  };
  const slug = name.replace(/\W/g, '_');
  const schema = `bench_due_${slug}_${process.pid}`;
  schemas.push(schema);
  return {
    name,
    open: async (kind) =>
      kind === 'sqlite'
        ? openSqliteStore(join(dbDir, `${slug}.db`), { create: true })
        : openPostgresStore(pgUrl!, { create: true, schema }),
  };
}

const sanctions = (listingId: number): ActiveSanctionRow[] =>
  ['rental.deposit', 'internet.bandwidth'].map((action, i) => ({
    listingId,
    subject: 'p-1',
    action,
    effect: i === 0 ? 'deny' : 'limit',
    limit: i === 0 ? null : { kbps: 256 },
    authority: 'city',
    scheme: 'fare',
    list: 'evaders',
    since: 1,
  }));

let listing = 0;

async function seed(store: Store): Promise<void> {
  await store.transaction(async (tx) => {
    await tx.ensureAuthorities(['city'], 1);
    await tx.insertAccount({ name: 'ann', authority: 'city', roles: ['admin'], subject: null, createdAt: 1 });
    for (const list of ['evaders', 'dodgers']) {
      listing = await tx.insertListing({
        authority: 'city',
        scheme: 'fare',
        list,
        listType: 'blacklist',
        subject: 'p-1',
        version: 1,
        noticedAt: 1,
        state: 'active',
        effectAt: 1,
        activeSince: 1,
        appealed: false,
        endedAt: null,
        endReason: null,
        term: null,
        termEndsAt: null,
        receivedAt: null,
      });
      await tx.replaceSanctions(listing, sanctions(listing));
    }
  });
}

const call = (tx: StoreTx, c: Call): Promise<unknown> =>
  c === 'activeSanctions'
    ? tx.activeSanctions('p-1', 'rental.deposit')
    : c === 'getAccount'
      ? tx.getAccount('ann')
      : tx.replaceSanctions(listing, sanctions(listing));

async function round(store: Store, c: Call, calls: number): Promise<number> {
  return store.transaction(async (tx) => {
    const t0 = performance.now();
    for (let i = 0; i < calls; i++) await call(tx, c);
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
  const dbDir = mkdtempSync(join(tmpdir(), 'standing-due-bench-'));
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
