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
import type { ActiveSanctionRow } from '../store/due-process-port.js';
import type { Store, StoreTx } from '../store/store.js';
import { runStoreMicro } from './store-micro.js';

const CALLS = ['activeSanctions', 'getAccount', 'replaceSanctions'] as const;
type Call = (typeof CALLS)[number];

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

await runStoreMicro({ slug: 'due', calls: CALLS, seed, call });
