/**
 * What the store micro-benchmarks share (key-lookup-micro.ts, due-process-micro.ts,
 * access-audit-micro.ts): each of their calls is made `--calls` times in one transaction, so a
 * round measures the repository (query building, statement cache, row mapping) and not the
 * transaction around it. SQLite always; PostgreSQL too with `--pg URL` (a throwaway schema, a
 * twentieth of the calls: each is a round trip). With `--base DIR` it also loads `DIR/store/...`
 * (another build, e.g. the commit before a change) and alternates the builds round by round in
 * this one process; each build's median round is reported, as µs a call.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import type { Store, StoreTx } from '../store/store.js';

interface Build {
  readonly name: string;
  readonly open: (kind: 'sqlite' | 'postgres') => Promise<Store>;
}

export interface StoreMicro<C extends string> {
  /** A word for the temporary files and schemas. */
  readonly slug: string;
  /** The calls measured, in the order reported. */
  readonly calls: readonly C[];
  /** Fills a fresh store with what the calls read. */
  readonly seed: (store: Store) => Promise<void>;
  /** Makes call `c` once, the `i`th time in its round. */
  readonly call: (tx: StoreTx, c: C, i: number) => Promise<unknown>;
  /** More to measure once the calls are reported, with the rounds and calls asked for. */
  readonly after?: (rounds: number, calls: number) => void;
}

export const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function runStoreMicro<C extends string>(bench: StoreMicro<C>): Promise<void> {
  const { values } = parseArgs({
    options: {
      calls: { type: 'string', default: '20000' },
      rounds: { type: 'string', default: '9' },
      base: { type: 'string' },
      pg: { type: 'string' },
    },
  });
  const schemas: string[] = [];
  const dbDir = mkdtempSync(join(tmpdir(), `standing-${bench.slug}-bench-`));
  const loadBuild = async (name: string, dir: URL): Promise<Build> => {
    const { openSqliteStore } = (await import(new URL('store/sqlite/sqlite-store.js', dir).href)) as {
      openSqliteStore: (path: string, o: { create: boolean }) => Store;
    };
    const { openPostgresStore } = (await import(new URL('store/postgres/postgres-store.js', dir).href)) as {
      openPostgresStore: (url: string, o: { create: boolean; schema?: string }) => Promise<Store>;
    };
    const slug = name.replace(/\W/g, '_');
    const schema = `bench_${bench.slug.replace(/\W/g, '_')}_${slug}_${process.pid}`;
    schemas.push(schema);
    return {
      name,
      open: async (kind) =>
        kind === 'sqlite'
          ? openSqliteStore(join(dbDir, `${slug}.db`), { create: true })
          : openPostgresStore(values.pg!, { create: true, schema }),
    };
  };
  const round = (store: Store, c: C, calls: number): Promise<number> =>
    store.transaction(async (tx) => {
      const t0 = performance.now();
      for (let i = 0; i < calls; i++) await bench.call(tx, c, i);
      return ((performance.now() - t0) * 1000) / calls;
    });
  try {
    const builds = [await loadBuild('this build', new URL('../', import.meta.url))];
    if (values.base !== undefined) builds.push(await loadBuild('base', pathToFileURL(`${resolve(values.base)}/`)));
    for (const kind of values.pg === undefined ? (['sqlite'] as const) : (['sqlite', 'postgres'] as const)) {
      const calls = kind === 'sqlite' ? Number(values.calls) : Math.ceil(Number(values.calls) / 20);
      const stores = await Promise.all(builds.map((b) => b.open(kind)));
      for (const s of stores) await bench.seed(s);
      for (const c of bench.calls) {
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
    bench.after?.(Number(values.rounds), Number(values.calls));
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
