import { readFileSync } from 'node:fs';
import type { ActionDef } from '../core/actions.js';
import { fixedClock } from '../engine/clock.js';
import { entitle, partyAdd } from '../engine/decisions/check.js';
import { createApiKey } from '../engine/tenancy/auth.js';
import { grantAction } from '../engine/tenancy/registry.js';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import type { StoreTx } from '../store/store.js';

const DAY = 86_400_000;

/**
 * Puts subjects person:FROM … person:TO-1 on the air-travel ban, active since ten days
 * before `now`; every other one holds a deny of flight.board, the rest hold nothing (their
 * answer is allow). What the decision benchmarks' checks read.
 */
export async function seedSanctionedSubjects(tx: StoreTx, from: number, to: number, now: number): Promise<void> {
  const since = now - 10 * DAY;
  for (let i = from; i < to; i++) {
    const subject = `person:${i}`;
    const id = await tx.insertListing({
      authority: 'city',
      scheme: 'city-citizen',
      list: 'air-travel-ban',
      listType: 'blacklist',
      subject,
      version: 1,
      noticedAt: now - 20 * DAY,
      state: 'active',
      effectAt: since,
      activeSince: since,
      appealed: false,
      endedAt: null,
      endReason: null,
      term: null,
      termEndsAt: null,
      receivedAt: now - 20 * DAY,
    });
    if (i % 2 === 0) {
      await tx.replaceSanctions(id, [
        {
          listingId: id,
          subject,
          action: 'flight.board',
          effect: 'deny',
          limit: null,
          authority: 'city',
          scheme: 'city-citizen',
          list: 'air-travel-ban',
          since,
        },
      ]);
    }
  }
}

/**
 * A SQLite store at `path` for the decision benchmarks: city may sanction flight.board, the
 * airline is entitled to check it, and `subjects` persons are seeded as seedSanctionedSubjects
 * says. Returns the airline's API key.
 */
export async function buildSanctionedStore(path: string, subjects: number, now: number): Promise<string> {
  const actions = JSON.parse(readFileSync(new URL('../../data/actions.json', import.meta.url), 'utf8')) as ActionDef[];
  const store = openSqliteStore(path, { create: true, actions });
  const deps = { store, clock: fixedClock(now) };
  await grantAction(deps, 'city', 'flight.board');
  await partyAdd(deps, 'airline');
  await entitle(deps, 'airline', 'flight.board');
  const { secret } = await createApiKey(deps, { party: 'airline', label: 'bench' });
  for (let from = 0; from < subjects; from += 10_000)
    await store.transaction((tx) => seedSanctionedSubjects(tx, from, Math.min(subjects, from + 10_000), now));
  await store.close();
  return secret;
}
