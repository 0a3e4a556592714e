import { expect, it } from 'vitest';
import type { NoticeBody } from '../../core/notice.js';
import { CITY_TEST_SCHEME } from '../../test-support/city-test-scheme.js';
import { describeStores, linesOf, testEngineOn, type TestStoreKind } from '../../test-support/engine.js';
import { checkAction } from '../decisions/check.js';
import type { EngineDeps } from '../deps.js';
import { publishScheme } from '../evaluation/publish.js';
import { sweep } from '../evaluation/sweep.js';
import { importRecords } from '../ingest/ingest.js';
import { actingAs, addAccount } from '../tenancy/accounts.js';
import { fileAppeal } from './appeals.js';
import { subjectFilePart } from './subject-file.js';

const DAY = 86_400_000;
/** The test scheme with a maximum term of 30 days on its ban; jaywalking lapses after a year. */
const TERMED = CITY_TEST_SCHEME.replace('    type: blacklist\n', '    type: blacklist\n    maxTerm: P30D\n');

async function setUp(start: number, store: TestStoreKind, scheme = TERMED) {
  const deps = await testEngineOn(store, start);
  await deps.store.transaction(async (tx) => {
    await tx.ensureAuthorities(['city'], start);
    await tx.addGrant('city', 'flight.board', start);
  });
  await publishScheme(deps, scheme);
  await addAccount(deps, { name: 'rita', authority: 'city', roles: ['reporter'] });
  await addAccount(deps, { name: 'pat', roles: ['subject'], subject: 'person:pat' });
  return deps;
}

async function jaywalk(deps: EngineDeps, key: string): Promise<void> {
  const raw = {
    key,
    authority: 'city',
    subject: 'person:pat',
    kind: 'traffic.jaywalking',
    occurredAt: new Date(deps.clock.now()).toISOString(),
  };
  const r = await importRecords(deps, linesOf([raw]), { submittedBy: 'rita', onlyAuthority: 'city' });
  expect(r.rejected).toBe(0);
}

const listings = (deps: EngineDeps) => deps.store.transaction((tx) => tx.listingsOfSubject('person:pat'));
const inbox = (deps: EngineDeps) => deps.store.transaction((tx) => tx.messagesOf('person:pat'));
const board = (deps: EngineDeps) => checkAction(deps, { subject: 'person:pat', action: 'flight.board', party: null });
const entries = (deps: EngineDeps, type: string) =>
  deps.store.transaction(async (tx) => (await tx.auditEntries('city', 0, 10_000)).filter((e) => e.type === type));

describeStores('maximum terms and receipt', (store) => {
  it('ends a listing at its maximum term though the subject still qualifies, and lists again only on newer records', async () => {
    const t0 = Date.parse('2026-03-01T00:00:00Z');
    const deps = await setUp(t0, store);
    await jaywalk(deps, 'J-1');
    await jaywalk(deps, 'J-2');
    const [noticed] = await listings(deps);
    // Provisional: issue + P2D + the P10D window; the term runs 30 days from the effect instant.
    expect(noticed).toMatchObject({
      state: 'noticed',
      receivedAt: null,
      effectAt: t0 + 12 * DAY,
      term: 'P30D',
      termEndsAt: t0 + 42 * DAY,
    });
    const notice = (await inbox(deps))[0]!.body as unknown as NoticeBody;
    expect(notice).toMatchObject({
      effectProvisional: true,
      termEndsAt: new Date(t0 + 42 * DAY).toISOString(),
    });

    // Unread, the notice counts as received 2 days after issue; the window passes 10 days later.
    deps.clock.set(t0 + 13 * DAY);
    await sweep(deps);
    expect((await listings(deps))[0]).toMatchObject({
      state: 'active',
      receivedAt: t0 + 2 * DAY,
      activeSince: t0 + 12 * DAY,
    });
    expect((await entries(deps, 'listing-receipt')).map((e) => JSON.parse(e.payload) as unknown)).toEqual([
      expect.objectContaining({ how: 'default', receivedAt: t0 + 2 * DAY, effectAt: t0 + 12 * DAY }),
    ]);
    expect((await board(deps)).effect).toBe('deny');

    deps.clock.set(t0 + 50 * DAY);
    await sweep(deps);
    const [ended] = await listings(deps);
    expect(ended).toMatchObject({ state: 'ended', endReason: 'term-reached', endedAt: t0 + 42 * DAY });
    expect((await board(deps)).effect).toBe('allow');
    // Last: the end itself; before it, who was told of the lifted sanctions (SPEC §6), written as the listing moved.
    expect((await inbox(deps)).at(-1)).toMatchObject({ kind: 'listing-ended', body: { reason: 'term-reached' } });
    expect((await inbox(deps)).at(-2)).toMatchObject({ kind: 'sanction-lifted' });
    // Still grade D on the same two records, yet a re-evaluation of everyone opens nothing.
    await publishScheme(deps, TERMED.replace('title: City test scheme', 'title: City test scheme, retitled'));
    deps.clock.advance(DAY);
    await sweep(deps);
    expect(await listings(deps)).toHaveLength(1);

    // A record received after the end is a new fact: a new listing with a new notice and window.
    await jaywalk(deps, 'J-3');
    const after = await listings(deps);
    expect(after).toHaveLength(2);
    expect(after[1]).toMatchObject({ state: 'noticed', effectAt: deps.clock.now() + 12 * DAY });
  });

  it("takes the operator's default term when the list names none", async () => {
    const t0 = Date.parse('2026-03-01T00:00:00Z');
    // Its own id: compiled versions are cached per process by (authority, scheme, version).
    const deps = await setUp(t0, store, CITY_TEST_SCHEME.replace('scheme: city-test', 'scheme: city-default-term'));
    await jaywalk(deps, 'J-1');
    await jaywalk(deps, 'J-2');
    expect((await listings(deps))[0]).toMatchObject({ term: 'P5Y', termEndsAt: Date.parse('2031-03-13T00:00:00Z') });
  });

  it('runs the window from when the subject reads its inbox, fixes the effect instant and audits it', async () => {
    const t0 = Date.parse('2026-03-01T00:00:00Z');
    const deps = await setUp(t0, store);
    await jaywalk(deps, 'J-1');
    await jaywalk(deps, 'J-2');
    deps.clock.advance(5 * 3_600_000);
    // Staff reading the subject's file is not receipt.
    await subjectFilePart(deps, 'person:pat', 'inbox');
    expect((await listings(deps))[0]!.receivedAt).toBeNull();
    await subjectFilePart(deps, 'person:pat', 'inbox', true);
    const read = t0 + 5 * 3_600_000;
    expect((await listings(deps))[0]).toMatchObject({
      receivedAt: read,
      effectAt: read + 10 * DAY,
      termEndsAt: read + 40 * DAY,
    });
    expect((await inbox(deps)).at(-1)).toMatchObject({
      kind: 'effect-fixed',
      body: { effectAt: new Date(read + 10 * DAY).toISOString() },
    });
    expect((await entries(deps, 'listing-receipt')).map((e) => JSON.parse(e.payload) as unknown)).toEqual([
      expect.objectContaining({ how: 'read', receivedAt: read, effectAt: read + 10 * DAY }),
    ]);
    // Reading again changes nothing.
    await subjectFilePart(deps, 'person:pat', 'listings', true);
    expect(await entries(deps, 'listing-receipt')).toHaveLength(1);
    // The window closes at the fixed instant, not the provisional one: an appeal a minute later is late.
    deps.clock.set(read + 10 * DAY + 60_000);
    const appeal = await fileAppeal(deps, {
      listing: (await listings(deps))[0]!.id,
      statement: 'Too late?',
      as: await actingAs(deps, 'pat'),
    });
    expect(appeal.late).toBe(true);
    expect((await listings(deps))[0]).toMatchObject({ state: 'active', activeSince: read + 10 * DAY });
  });
});
