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
