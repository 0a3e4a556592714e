/**
 * A micro-benchmark of the store calls behind authentication when the key cache misses
 * (engine/tenancy/auth.ts): `getApiKey`, `touchApiKey` and `getSession`, each called
 * `--calls` times in one transaction, so a round measures the repository (query building,
 * statement cache, row mapping) and not the transaction around it. SQLite always; PostgreSQL
 * too with `--pg URL` (a throwaway schema). With `--base DIR` it also loads `DIR/store/...`
 * (another build, e.g. the commit before a change) and alternates the builds round by round
 * in this one process; each build's median round is reported, as µs a call.
 *
 *   node dist/bench/key-lookup-micro.js [--calls N] [--rounds R] [--base DIR] [--pg URL]
 */
import type { Store, StoreTx } from '../store/store.js';
import { SQLITE_DIALECT } from '../store/sql/dialect.js';
import { median, runStoreMicro } from './store-micro.js';

const CALLS = ['getApiKey', 'touchApiKey', 'getSession'] as const;
type Call = (typeof CALLS)[number];

async function seed(store: Store): Promise<void> {
  await store.transaction(async (tx) => {
    await tx.ensureAuthorities(['city'], 1);
    await tx.insertAccount({ name: 'ann', authority: 'city', roles: ['admin'], subject: null, createdAt: 1 });
    await tx.insertApiKey({
      id: 'k1',
      hash: 'a'.repeat(64),
      authority: 'city',
      roles: ['reporter', 'reviewer'],
      party: null,
      label: 'ingest',
      createdAt: 1,
      lastUsedAt: null,
      revokedAt: null,
      createdBy: 'ann',
    });
    await tx.insertSession({ tokenHash: 'b'.repeat(64), account: 'ann', createdAt: 1, expiresAt: 2e12 });
  });
}

const call = (tx: StoreTx, c: Call, i: number): Promise<unknown> =>
  c === 'getApiKey'
    ? tx.getApiKey('k1')
    : c === 'touchApiKey'
      ? tx.touchApiKey('k1', i)
      : tx.getSession('b'.repeat(64));

/** What compiling the key lookup once (src/store/sql/compiled.ts) saves: building and compiling it on every call. */
function after(rounds: number, calls: number): void {
  const times: number[] = [];
  for (let r = 0; r <= rounds; r++) {
    const t0 = performance.now();
    for (let i = 0; i < calls; i++)
      SQLITE_DIALECT.sql.selectFrom('api_keys').selectAll().where('id', '=', `k${i}`).compile();
    if (r > 0) times.push(((performance.now() - t0) * 1000) / calls);
  }
  process.stdout.write(`building and compiling the key lookup with Kysely: ${median(times).toFixed(2)} µs a call\n`);
}

await runStoreMicro({ slug: 'keys', calls: CALLS, seed, call, after });
