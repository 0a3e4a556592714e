import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../cli/context.js';
import { isStandingError } from '../../core/errors.js';
import { createApiKey } from '../../engine/tenancy/auth.js';
import { entitle, partyAdd } from '../../engine/decisions/check.js';
import { fixedClock } from '../../engine/clock.js';
import type { App } from '../../http/app.js';
import { call, realApp } from '../../test-support/http.js';
import { dropSchema } from '../../test-support/postgres.js';
import type { ReplicaLag, Store } from '../store.js';
import { replayTarget } from './postgres-replica.js';
import { openPostgresStore } from './postgres-store.js';

// A real primary and streaming replica, started here from the PostgreSQL binaries (not STANDING_TEST_PG).
const SCRIPT = new URL('../../../scripts/ci-postgres-replica.sh', import.meta.url).pathname;

function postgresBinaries(): boolean {
  const onPath = (process.env.PATH ?? '').split(delimiter).some((d) => d !== '' && existsSync(join(d, 'initdb')));
  const debian =
    existsSync('/usr/lib/postgresql') &&
    readdirSync('/usr/lib/postgresql').some((v) => existsSync(join('/usr/lib/postgresql', v, 'bin', 'pg_basebackup')));
  return onPath || debian;
}

const SKIP_REASON =
  "no PostgreSQL binaries (initdb, pg_basebackup) on PATH or under /usr/lib/postgresql/*/bin; install Debian's postgresql package to run it";
const skip = !postgresBinaries();
if (skip) console.warn(`replica.test.ts: skipped, ${SKIP_REASON}`);

const NOW = Date.parse('2026-06-01T00:00:00Z');
const MAX_LAG = 1500;

function script(command: string, dir: string): string {
  const r = spawnSync('bash', [SCRIPT, command, dir], { encoding: 'utf8', timeout: 90_000 });
  if (r.status !== 0)
    throw new Error(`ci-postgres-replica.sh ${command} failed (${r.status ?? r.signal}): ${r.stderr}`);
  return r.stdout;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `probe` until it returns a value, or fails after `ms`. */
async function eventually<T>(what: string, probe: () => Promise<T | undefined>, ms = 15_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** What one read saw, and where: `replica` is the lag bound when the replica answered. */
async function readMeta(
  store: Store,
  key: string,
): Promise<{ value: string | undefined; replica: ReplicaLag | undefined }> {
  return store.read(async (tx, replica) => ({ value: await tx.getMeta(key), replica }));
}

describe("replayTarget (where an idle primary's insert position really is)", () => {
  const BLOCK = 8192n;
  const SEGMENT = 16n * 1024n * 1024n;
  it('steps back over the header of an empty page, and only then', () => {
    expect(replayTarget(3n * SEGMENT + 40n, BLOCK, SEGMENT)).toBe(3n * SEGMENT); // first page of a segment: long header
    expect(replayTarget(3n * SEGMENT + 5n * BLOCK + 24n, BLOCK, SEGMENT)).toBe(3n * SEGMENT + 5n * BLOCK); // short header
    expect(replayTarget(3n * SEGMENT + 5n * BLOCK + 40n, BLOCK, SEGMENT)).toBe(3n * SEGMENT + 5n * BLOCK + 40n); // a record ends there
    expect(replayTarget(3n * SEGMENT + 0x1100n, BLOCK, SEGMENT)).toBe(3n * SEGMENT + 0x1100n);
  });
});

describe('a replica for a SQLite database', () => {
  it('is refused: a read replica needs PostgreSQL', async () => {
    await expect(
      openStore(join(tmpdir(), 'never-created.db'), false, { url: 'postgres://127.0.0.1:1/x' }),
    ).rejects.toThrow(/a read replica needs a PostgreSQL database/);
  });
});

describe.skipIf(skip)(`Reads from a streaming replica${skip ? ` (skipped: ${SKIP_REASON})` : ''}`, () => {
  let dir: string;
  let primaryUrl: string;
  let replicaUrl: string;
  let admin: pg.Client; // superuser connection to the replica, to pause and resume its replay
  let store: Store;
  const schema = `t_replica_${process.pid}`;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'standing-replica-'));
    [primaryUrl, replicaUrl] = script('start', dir).trim().split('\n') as [string, string];
    store = await openPostgresStore(primaryUrl, {
      create: true,
      schema,
      actions: [{ name: 'flight.board', domain: 'aviation', effect: 'deny' }],
      replica: replicaUrl,
      maxReplicaLagMs: MAX_LAG,
    });
    admin = new pg.Client({ connectionString: replicaUrl });
    await admin.connect();
  }, 120_000);

  afterAll(async () => {
    await admin?.end().catch(() => undefined);
    await store?.close();
    if (primaryUrl !== undefined) await dropSchema(primaryUrl, schema).catch(() => undefined);
    if (dir !== undefined) {
      script('stop', dir);
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('reads on the replica within the bound, and transactions on the primary', async () => {
    await store.transaction((tx) => tx.setMeta('colour', 'red'));
    const seen = await eventually('the write to reach the replica', async () => {
      const r = await readMeta(store, 'colour');
      return r.value === 'red' && r.replica !== undefined ? r.replica : undefined;
    });
    expect(seen.maxLagMs).toBe(MAX_LAG);
    expect(seen.lagMs).toBeGreaterThanOrEqual(0);
    expect(seen.lagMs).toBeLessThanOrEqual(MAX_LAG);
  });

  it('answers from the replica with old data while within the bound, then from the primary once the replica may be further behind', async () => {
    await store.transaction((tx) => tx.setMeta('level', 'one'));
    await eventually('the replica to hold level one', async () =>
      (await readMeta(store, 'level')).value === 'one' ? true : undefined,
    );
    await admin.query('SELECT pg_wal_replay_pause()');
    try {
      await eventually('replay to pause', async () =>
        (await admin.query<{ s: string }>('SELECT pg_get_wal_replay_pause_state() AS s')).rows[0]!.s === 'paused'
          ? true
          : undefined,
      );
      await store.transaction((tx) => tx.setMeta('level', 'two'));
      const committedAt = performance.now();
      // The write is committed: a transaction (the read-your-own-write path) sees it on the primary.
      expect(await store.transaction((tx) => tx.getMeta('level'))).toBe('two');
      // Until the lag the store can prove exceeds the bound, the replica answers without the write,
      // and the bound it states covers the write's age; then the primary answers, with the write.
      let staleReads = 0;
      const fallback = await eventually('reads to fall back to the primary', async () => {
        const startedAt = performance.now();
        const r = await readMeta(store, 'level');
        if (r.replica === undefined) return r;
        expect(r.value).toBe('one');
        expect(r.replica.lagMs).toBeGreaterThanOrEqual(Math.floor(startedAt - committedAt));
        expect(r.replica.lagMs).toBeLessThanOrEqual(MAX_LAG);
        staleReads++;
        return undefined;
      });
      expect(fallback.value).toBe('two');
      expect(staleReads).toBeGreaterThan(0);
    } finally {
      await admin.query('SELECT pg_wal_replay_resume()');
    }
    const back = await eventually('reads to return to the replica', async () => {
      const r = await readMeta(store, 'level');
      return r.replica !== undefined ? r : undefined;
    });
    expect(back.value).toBe('two');
  });

  it('goes on answering from the primary when the replica stops, and returns to it when it is back', async () => {
    await eventually('a replica read', async () => (await readMeta(store, 'level')).replica);
    await admin.end();
    script('stop-replica', dir);
    try {
      // The first read may still be sent to the replica (its last sample is recent): it is run again on the primary.
      const r = await readMeta(store, 'level');
      expect(r).toEqual({ value: 'two', replica: undefined });
      await store.transaction((tx) => tx.setMeta('level', 'three'));
      expect(await readMeta(store, 'level')).toEqual({ value: 'three', replica: undefined });
    } finally {
      script('start-replica', dir);
      admin = new pg.Client({ connectionString: replicaUrl });
      await admin.connect();
    }
    const back = await eventually('reads to return to the restarted replica', async () => {
      const r = await readMeta(store, 'level');
      return r.replica !== undefined ? r : undefined;
    });
    expect(back.value).toBe('three');
  });

  it('states the lag bound in the decision answer when the replica answered', async () => {
    const deps = { store, clock: fixedClock(NOW) };
    await partyAdd(deps, 'airline');
    await entitle(deps, 'airline', 'flight.board');
    const { secret } = await createApiKey(deps, { party: 'airline', label: 'replica test' });
    let app: App | undefined;
    try {
      app = await realApp(deps);
      const answer = await eventually('a decision answered by the replica', async () => {
        const res = await call(
          app!,
          'POST',
          '/v1/checks',
          { type: 'key', secret },
          { subject: 'person:1', action: 'flight.board' },
        );
        // The key and the entitlement may not have reached the replica yet: 401/403 until they have.
        return res.status === 200 && res.body.staleness !== undefined ? res.body : undefined;
      });
      expect(answer).toMatchObject({
        subject: 'person:1',
        action: 'flight.board',
        effect: 'allow',
        staleness: { maxLagMs: MAX_LAG },
      });
      expect((answer.staleness as ReplicaLag).lagMs).toBeLessThanOrEqual(MAX_LAG);
    } finally {
      await app?.close();
    }
  });

  it('refuses a replica URL that names a server which is not a standby', async () => {
    const e = await openPostgresStore(primaryUrl, { schema, replica: primaryUrl }).then(
      async (s) => {
        await s.close();
        return undefined;
      },
      (err: unknown) => err,
    );
    expect(isStandingError(e) && e.code).toBe('CONFIG_INVALID');
    expect(String((e as Error).message)).toMatch(/not a standby/);
  });

  it('refuses a replica URL that names another database of the standby', async () => {
    const other = new URL(replicaUrl);
    other.pathname = '/postgres';
    await expect(openPostgresStore(primaryUrl, { schema, replica: other.toString() })).rejects.toThrow(
      /names database postgres, the primary's is standing_test/,
    );
  });
});
