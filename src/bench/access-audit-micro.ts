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
import type { Store, StoreTx } from '../store/store.js';
import { runStoreMicro } from './store-micro.js';

const CALLS = ['isEntitled', 'appendAccess', 'appendAudit'] as const;
type Call = (typeof CALLS)[number];

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

await runStoreMicro({ slug: 'access', calls: CALLS, seed, call });
