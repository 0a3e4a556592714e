import { SqliteQueryCompiler } from 'kysely';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { NoticeBody } from '../../core/notice.js';
import type { NewListing } from '../due-process-port.js';
import { openSqliteStore } from '../sqlite/sqlite-store.js';
import type { StoreTx } from '../store.js';

/*
 * The store calls a derive makes for every listing it notices or puts in force (a notice and
 * its inbox slot, its e-mail and the subject's contact settings, an outbox event, an exemption's
 * read, the subject's checks, a meta value, the listing's sanctions) build and compile no query
 * after their first call: building one costs microseconds, thousands of times in an import's
 * closing sweep (docs/bench.md, "The import's closing sweep, compiled once").
 */

const REF = { authority: 'city', scheme: 'civic' };

const listing = (subject: string): NewListing => ({
  ...REF,
  list: 'ban',
  listType: 'blacklist',
  subject,
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

const body = (id: number, subject: string): NoticeBody =>
  ({
    listing: id,
    subject,
    authority: 'city',
    scheme: 'civic',
    version: 1,
    list: { id: 'ban', title: 'Ban', type: 'blacklist', condition: 'score < 0' },
    sanctions: [],
    basis: null,
    automated: true,
    facts: { records: [] },
    noticedAt: new Date(1).toISOString(),
    effectAt: new Date(2).toISOString(),
    effectProvisional: true,
    termEndsAt: null,
    appeal: { until: new Date(3).toISOString(), how: 'POST /v1/listings/1/appeal' },
  }) as unknown as NoticeBody;

/** What a derive writes and reads for one listing it notices and puts in force. */
async function oneListing(tx: StoreTx, subject: string): Promise<void> {
  const id = await tx.insertListing(listing(subject));
  await tx.getExemption(REF, 'ban', subject);
  const message = await tx.insertNotice({ subject, authority: 'city', at: 1, body: body(id, subject) });
  await tx.getSubjectSettings(subject);
  await tx.insertNoticeMail({
    messageId: message,
    listingId: id,
    subject,
    address: null,
    language: 'en',
    state: 'no-address',
    nextAttemptAt: null,
    createdAt: 1,
  });
  await tx.getMeta('access-retention');
  await tx.accessLogOf(subject);
  await tx.insertOutboxEvent({
    id: `evt_${subject}`,
    type: 'sanction.in-force',
    at: 1,
    authority: 'city',
    subject,
    schemaVersion: 1,
    payload: '{}',
    parties: [],
  });
  const sanction = {
    listingId: id,
    subject,
    effect: 'deny' as const,
    limit: null,
    ...REF,
    list: 'ban',
    since: 1,
  };
  await tx.replaceSanctions(id, [
    { ...sanction, action: 'flight.board' },
    { ...sanction, action: 'internet.bandwidth', effect: 'limit', limit: { kbps: 256 } },
  ]);
}

describe('a derive’s writes for each listing (SQLite)', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('compile no query after their first call', async () => {
    const store = openSqliteStore(':memory:');
    try {
      const compiles = vi.spyOn(SqliteQueryCompiler.prototype, 'compileQuery');
      await store.transaction(async (tx) => {
        await tx.ensureAuthorities(['city'], 1);
        await oneListing(tx, 'p-1');
        const first = compiles.mock.calls.length;
        await oneListing(tx, 'p-2');
        await oneListing(tx, 'p-3');
        expect(compiles.mock.calls.length).toBe(first);
        // And the writes took: both subjects' sanctions, notices and events are there.
        expect((await tx.activeSanctions('p-3', 'internet.bandwidth'))[0]?.limit).toEqual({ kbps: 256 });
        expect(await tx.noticesOfSubject('p-2')).toHaveLength(1);
        expect((await tx.outboxEvents(0, 10)).map((e) => e.subject)).toEqual(['p-1', 'p-2', 'p-3']);
      });
    } finally {
      await store.close();
    }
  });
});
