import { expect, it } from 'vitest';
import { isStandingError } from '../../core/errors.js';
import type { NoticeBody } from '../../core/notice.js';
import { CITY_TEST_SCHEME } from '../../test-support/city-test-scheme.js';
import { describeStores, linesOf, testEngineOn, type TestStoreKind } from '../../test-support/engine.js';
import { ensureAuthorities, verifyAudit } from '../audit/audit.js';
import { checkAction } from '../decisions/check.js';
import type { EngineDeps } from '../deps.js';
import { publishScheme } from '../evaluation/publish.js';
import { sweep } from '../evaluation/sweep.js';
import { importRecords } from '../ingest/ingest.js';
import { retractRecord } from '../ingest/records.js';
import { actingAs, addAccount } from '../tenancy/accounts.js';
import { grantAction } from '../tenancy/registry.js';
import { decideAppeal, fileAppeal } from './appeals.js';
import { openManualListing, openManualListings } from './manual-listings.js';

const DAY = 86_400_000;
/** The test scheme plus a court-ordered travel ban listed by decision, for at most 60 days. */
const WITH_MANUAL = (id: string): string =>
  `${CITY_TEST_SCHEME.replace('scheme: city-test', `scheme: ${id}`)}  - id: court-order
    title: Travel ban by court order
    type: blacklist
    manual: true
    maxTerm: P60D
    sanctions:
      - action: flight.board
        effect: deny
        justification: A court ordered the subject not to leave the city
        basis: Code of Civil Procedure art. 255
`;

async function setUp(store: TestStoreKind, scheme: string, start = Date.parse('2026-03-01T00:00:00Z')) {
  const deps = await testEngineOn(store, start);
  await grantAction(deps, 'city', 'flight.board');
  await deps.store.transaction((tx) => ensureAuthorities(tx, ['tax'], start));
  await publishScheme(deps, WITH_MANUAL(scheme));
  await addAccount(deps, { name: 'ada', authority: 'city', roles: ['admin'] });
  await addAccount(deps, { name: 'ava', authority: 'city', roles: ['admin', 'reviewer'] });
  await addAccount(deps, { name: 'rev', authority: 'city', roles: ['reviewer'] });
  await addAccount(deps, { name: 'rita', authority: 'city', roles: ['reporter'] });
  await addAccount(deps, { name: 'taxadmin', authority: 'tax', roles: ['admin'] });
  await addAccount(deps, { name: 'pat', roles: ['subject'], subject: 'person:pat' });
  return deps;
}

const decision = (scheme: string, extra: Record<string, unknown> = {}) => ({
  subject: 'person:pat',
  scheme,
  list: 'court-order',
  reason: 'Ordered not to travel pending trial (case 2026-C-17)',
  basis: 'Code of Civil Procedure art. 255',
  evidence: 'https://court.example/orders/2026-C-17',
  key: 'ORDER-2026-C-17',
  ...extra,
});

const listings = (deps: EngineDeps) => deps.store.transaction((tx) => tx.listingsOfSubject('person:pat'));
const inbox = (deps: EngineDeps) => deps.store.transaction((tx) => tx.messagesOf('person:pat'));
const board = (deps: EngineDeps) => checkAction(deps, { subject: 'person:pat', action: 'flight.board', party: null });
async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'no error';
  } catch (e) {
    if (isStandingError(e)) return e.code;
    throw e;
  }
}

describeStores('listings by decision', (store) => {
  it('opens a noticed listing whose notice is the decision, then window, term and end like a scored one; the sweep never ends it', async () => {
    const deps = await setUp(store, 'manual-life');
    const t0 = deps.clock.now();
    // A record the scored list reads, so the sweep evaluates the subject (and would end an unmatched listing).
    const jay = {
      key: 'J-1',
      authority: 'city',
      subject: 'person:pat',
      kind: 'traffic.jaywalking',
      occurredAt: new Date(t0).toISOString(),
    };
    expect((await importRecords(deps, linesOf([jay]), { submittedBy: 'rita' })).rejected).toBe(0);

    const opened = await openManualListing(
      deps,
      decision('manual-life', { term: 'P30D' }),
      await actingAs(deps, 'ada'),
    );
    expect(opened).toMatchObject({
      outcome: 'opened',
      state: 'noticed',
      effectAt: t0 + 12 * DAY,
      termEndsAt: t0 + 42 * DAY,
    });
    const notice = (await inbox(deps)).find((m) => m.kind === 'notice')!.body as unknown as NoticeBody;
    expect(notice).toMatchObject({
      automatedDetection: false,
      automatedDecision: false,
      basis: 'Code of Civil Procedure art. 255',
      ground: { kind: 'legal', text: 'Code of Civil Procedure art. 255' },
      decision: {
        key: 'ORDER-2026-C-17',
        by: 'ada',
        reason: 'Ordered not to travel pending trial (case 2026-C-17)',
        evidence: 'https://court.example/orders/2026-C-17',
        term: 'P30D',
      },
    });
    expect(notice.scope).toMatch(/the term the decision set/);

    // Receipt defaults after 2 days, the window passes, sanctions apply.
    deps.clock.set(t0 + 13 * DAY);
    await sweep(deps);
    expect((await listings(deps))[0]).toMatchObject({ state: 'active', activeSince: t0 + 12 * DAY });
    expect((await board(deps)).effect).toBe('deny');

    // The subject's only record is retracted: nothing qualifies, yet the decision stands.
    await retractRecord(deps, { authority: 'city', key: 'J-1', reason: 'entered in error', by: 'rita' });
    deps.clock.advance(DAY);
    await sweep(deps);
    expect((await listings(deps))[0]!.state).toBe('active');
    // A new version of the scheme (other title) leaves it in force too.
    await publishScheme(deps, WITH_MANUAL('manual-life').replace('title: City test scheme', 'title: Retitled'));
    await sweep(deps);
    expect((await listings(deps))[0]!.state).toBe('active');

    // Its term ends it.
    deps.clock.set(t0 + 43 * DAY);
    await sweep(deps);
    expect((await listings(deps))[0]).toMatchObject({
      state: 'ended',
      endReason: 'term-reached',
      endedAt: t0 + 42 * DAY,
    });
    expect((await board(deps)).effect).toBe('allow');
    expect((await verifyAudit(deps)).problems).toEqual([]);
  });

  it('suspends on an appeal in the window; the opener may not review it, another reviewer overturns it', async () => {
    const deps = await setUp(store, 'manual-appeal');
    const { listing } = await openManualListing(deps, decision('manual-appeal'), await actingAs(deps, 'ava'));
    deps.clock.advance(DAY);
    const appeal = await fileAppeal(deps, {
      listing,
      statement: 'The trial is over.',
      as: await actingAs(deps, 'pat'),
    });
    expect((await listings(deps))[0]!.state).toBe('suspended');
    expect(
      await codeOf(
        decideAppeal(deps, { appeal: appeal.id, outcome: 'overturn', reasons: 'x', as: await actingAs(deps, 'ava') }),
      ),
    ).toBe('REVIEW_CONFLICT');
    await decideAppeal(deps, {
      appeal: appeal.id,
      outcome: 'overturn',
      reasons: 'The trial ended.',
      as: await actingAs(deps, 'rev'),
    });
    expect((await listings(deps))[0]).toMatchObject({ state: 'ended', endReason: 'overturned' });
    expect((await verifyAudit(deps)).problems).toEqual([]);
  });

  it('lets only an admin of the scheme’s authority list by decision', async () => {
    const deps = await setUp(store, 'manual-perm');
    for (const as of ['rev', 'rita', 'taxadmin', 'pat'])
      expect(await codeOf(openManualListing(deps, decision('manual-perm'), await actingAs(deps, as)))).toBe(
        'FORBIDDEN',
      );
    expect(await listings(deps)).toEqual([]);
    expect((await openManualListing(deps, decision('manual-perm'), await actingAs(deps, 'ada'))).outcome).toBe(
      'opened',
    );
  });

  it('is idempotent by decision key and refuses conflicts, long terms, scored lists and a second open listing', async () => {
    const deps = await setUp(store, 'manual-keys');
    const first = await openManualListing(deps, decision('manual-keys'), await actingAs(deps, 'ada'));
    // The list's maximum term is the default term.
    expect(first.termEndsAt).toBe(first.effectAt + 60 * DAY);
    expect(await openManualListing(deps, decision('manual-keys'), await actingAs(deps, 'ada'))).toMatchObject({
      outcome: 'unchanged',
      listing: first.listing,
    });
    expect(
      await codeOf(openManualListing(deps, decision('manual-keys', { reason: 'Other' }), await actingAs(deps, 'ada'))),
    ).toBe('DECISION_CONFLICT');
    expect(
      await codeOf(openManualListing(deps, decision('manual-keys', { key: 'K2' }), await actingAs(deps, 'ada'))),
    ).toBe('LISTING_OPEN');
    expect(
      await codeOf(
        openManualListing(deps, decision('manual-keys', { key: 'K3', term: 'P61D' }), await actingAs(deps, 'ada')),
      ),
    ).toBe('TERM_TOO_LONG');
    expect(
      await codeOf(
        openManualListing(
          deps,
          decision('manual-keys', { key: 'K4', list: 'air-travel-ban' }),
          await actingAs(deps, 'ada'),
        ),
      ),
    ).toBe('LIST_NOT_MANUAL');
    expect(
      await codeOf(
        openManualListing(deps, decision('manual-keys', { evidence: 'ftp://x' }), await actingAs(deps, 'ada')),
      ),
    ).toBe('DECISION_INVALID');
    expect(await listings(deps)).toHaveLength(1);
  });

  it('opens a batch decision by decision: bad ones are reported by index and write nothing', async () => {
    const deps = await setUp(store, 'manual-batch');
    const other = { ...decision('manual-batch'), subject: 'person:quinn', key: 'Q-1' };
    const r = await openManualListings(
      deps,
      [decision('manual-batch'), { ...other, reason: '' }, other, { ...other, key: 'Q-2', colour: 'red' }],
      await actingAs(deps, 'ada'),
    );
    expect(r.results.map((x) => x.outcome)).toEqual(['opened', 'opened']);
    expect(r.errors.map((e) => [e.index, e.error.code])).toEqual([
      [1, 'DECISION_INVALID'],
      [3, 'DECISION_INVALID'],
    ]);
    const again = await openManualListings(deps, [decision('manual-batch'), other], await actingAs(deps, 'ada'));
    expect(again.results.map((x) => x.outcome)).toEqual(['unchanged', 'unchanged']);
    const manual = await deps.store.transaction((tx) => tx.manualListings());
    expect(manual.map((m) => m.key)).toEqual(['ORDER-2026-C-17', 'Q-1']);
  });
});
