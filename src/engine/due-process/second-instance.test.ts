import { expect, it } from 'vitest';
import { CITY_TEST_SCHEME } from '../../test-support/city-test-scheme.js';
import { describeStores, linesOf, testEngineOn, type TestStoreKind } from '../../test-support/engine.js';
import type { manualClock } from '../clock.js';
import { verifyAudit } from '../audit/audit.js';
import { checkAction, entitle, partyAdd } from '../decisions/check.js';
import type { EngineDeps } from '../deps.js';
import { publishScheme } from '../evaluation/publish.js';
import { importRecords } from '../ingest/ingest.js';
import { actingAs, addAccount } from '../tenancy/accounts.js';
import { addAuthority } from '../tenancy/auth.js';
import { grantAction } from '../tenancy/registry.js';
import { appealBodies, setAppealBody } from './appeal-bodies.js';
import { decideAppeal, fileAppeal } from './appeals.js';
import { decideSecondInstance, offersOf, requestSecondInstance, secondInstanceQueue } from './second-instance.js';

const DAY = 86_400_000;
const T0 = Date.parse('2026-03-01T00:00:00Z');

async function setUp(store: TestStoreKind, scheme = CITY_TEST_SCHEME) {
  const deps = await testEngineOn(store, T0);
  for (const name of ['city', 'court']) await addAuthority(deps, { name, kind: 'government' });
  await grantAction(deps, 'city', 'flight.board');
  await publishScheme(deps, scheme);
  await addAccount(deps, { name: 'rita', authority: 'city', roles: ['reporter', 'reviewer'] });
  await addAccount(deps, { name: 'vera', authority: 'city', roles: ['reviewer'] });
  await addAccount(deps, { name: 'victor', authority: 'city', roles: ['reviewer'] });
  await addAccount(deps, { name: 'judge', authority: 'court', roles: ['reviewer'] });
  await addAccount(deps, { name: 'pat', roles: ['subject'], subject: 'person:pat' });
  await partyAdd(deps, 'skyways');
  await entitle(deps, 'skyways', 'flight.board');
  await partyAdd(deps, 'ferries');
  await entitle(deps, 'ferries', 'flight.board');
  const raws = ['j1', 'j2'].map((key) => ({
    key,
    authority: 'city',
    subject: 'person:pat',
    kind: 'traffic.jaywalking',
    occurredAt: new Date(T0 - DAY).toISOString(),
  }));
  expect((await importRecords(deps, linesOf(raws), { submittedBy: 'rita', onlyAuthority: 'city' })).rejected).toBe(0);
  return deps;
}

const clock = (deps: EngineDeps) => deps.clock as ReturnType<typeof manualClock>;
const listing = async (deps: EngineDeps) =>
  (await deps.store.transaction((tx) => tx.listingsOfSubject('person:pat')))[0]!;
const flight = (deps: EngineDeps, party = 'skyways') =>
  checkAction(deps, { subject: 'person:pat', action: 'flight.board', party });

/** Pat appeals in time on day 1; vera upholds on day 12 (after the effect instant): the listing is active. */
async function upheld(deps: EngineDeps) {
  clock(deps).set(T0 + DAY);
  const a = await fileAppeal(deps, {
    listing: (await listing(deps)).id,
    statement: 'I was not there.',
    as: await actingAs(deps, 'pat'),
  });
  clock(deps).set(T0 + 12 * DAY);
  await decideAppeal(deps, {
    appeal: a.id,
    outcome: 'uphold',
    reasons: 'Two records stand.',
    as: await actingAs(deps, 'vera'),
  });
  expect((await listing(deps)).state).toBe('active');
  return a;
}

describeStores('second instance (SPEC §6)', (store) => {
  it('asked in time it does not suspend; the first reviewer may not decide; overturn ends, exempts and tells the parties that checked', async () => {
    const deps = await setUp(store);
    // Skyways is told "deny" only once the listing is in force; ferries checks before then (allowed): not told.
    clock(deps).set(T0 + 2 * DAY);
    expect((await flight(deps, 'ferries')).effect).toBe('allow');
    const a = await upheld(deps);
    clock(deps).set(T0 + 13 * DAY);
    expect((await flight(deps)).effect).toBe('deny');
    const [offer] = await offersOf(deps, 'person:pat');
    expect(offer).toMatchObject({ appeal: a.id, available: true, deadline: T0 + 22 * DAY, within: 'P10D', body: null });

    clock(deps).set(T0 + 14 * DAY);
    const s = await requestSecondInstance(deps, {
      appeal: a.id,
      statement: 'The first review ignored my alibi.',
      as: await actingAs(deps, 'pat'),
    });
    expect(s).toMatchObject({ reviewers: 'city', firstReviewer: 'vera', suspends: false, state: 'pending' });
    expect((await listing(deps)).state).toBe('active');
    expect((await flight(deps)).effect).toBe('deny');
    await expect(
      requestSecondInstance(deps, { appeal: a.id, statement: 'Again.', as: await actingAs(deps, 'pat') }),
    ).rejects.toMatchObject({
      code: 'SECOND_INSTANCE_EXISTS',
    });
    expect(
      (await deps.store.transaction((tx) => secondInstanceQueue(tx, { reviewers: 'city' }))).map((x) => x.id),
    ).toEqual([s.id]);

    // The reviewer of the first decision may not decide the second; nor an API key; nor one who submitted a record.
    await expect(
      decideSecondInstance(deps, {
        id: s.id,
        outcome: 'overturn',
        reasons: 'Agreed.',
        as: await actingAs(deps, 'vera'),
      }),
    ).rejects.toMatchObject({ code: 'SECOND_INSTANCE_REVIEWER' });
    await expect(
      decideSecondInstance(deps, {
        id: s.id,
        outcome: 'overturn',
        reasons: 'Agreed.',
        as: { type: 'staff', authority: 'city', roles: ['reviewer'], account: null, key: 'k1' },
      }),
    ).rejects.toMatchObject({ code: 'REVIEWER_MUST_BE_HUMAN' });
    await expect(
      decideSecondInstance(deps, {
        id: s.id,
        outcome: 'overturn',
        reasons: 'Agreed.',
        as: await actingAs(deps, 'rita'),
      }),
    ).rejects.toMatchObject({ code: 'REVIEW_CONFLICT' });

    clock(deps).set(T0 + 15 * DAY);
    const d = await decideSecondInstance(deps, {
      id: s.id,
      outcome: 'overturn',
      reasons: 'The alibi holds.',
      as: await actingAs(deps, 'victor'),
    });
    expect(d).toMatchObject({ state: 'overturned', decidedBy: 'victor', exempt: true });
    expect(await listing(deps)).toMatchObject({ state: 'ended', endReason: 'overturned' });
    expect((await flight(deps)).effect).toBe('allow');
    const lifted = await deps.store.transaction((tx) => tx.liftedNoticesOf({ subject: 'person:pat' }));
    expect(lifted.map((n) => [n.party, n.actions, n.cause])).toEqual([
      ['skyways', ['flight.board'], `second-instance:${s.id}`],
    ]);
    const inbox = await deps.store.transaction((tx) => tx.messagesOf('person:pat'));
    const decided = inbox.find((m) => m.kind === 'second-instance-decided')!;
    expect(decided.body).toMatchObject({ outcome: 'overturned', told: ['skyways'] });
    expect(String(decided.body.text)).toMatch(/skyways/);
    expect(inbox.find((m) => m.kind === 'listing-ended')?.body).toMatchObject({
      reason: 'overturned',
      told: ['skyways'],
    });
    await expect(
      decideSecondInstance(deps, {
        id: s.id,
        outcome: 'uphold',
        reasons: 'Again.',
        as: await actingAs(deps, 'victor'),
      }),
    ).rejects.toMatchObject({ code: 'APPEAL_DECIDED' });
    expect((await verifyAudit(deps)).problems).toEqual([]);
  });

  it('goes to the appeal body the operator named: only its reviewers decide; upheld, the listing continues', async () => {
    const deps = await setUp(store);
    expect(await setAppealBody(deps, 'city', 'court')).toBe(true);
    expect(await setAppealBody(deps, 'city', 'court')).toBe(false);
    expect(await appealBodies(deps)).toEqual([
      { authority: 'city', body: 'court' },
      { authority: 'court', body: null },
    ]);
    await expect(setAppealBody(deps, 'city', 'nowhere')).rejects.toMatchObject({ code: 'AUTHORITY_NOT_FOUND' });
    await expect(setAppealBody(deps, 'city', 'city')).rejects.toMatchObject({ code: 'ARGUMENT_INVALID' });
    const a = await upheld(deps);
    const s = await requestSecondInstance(deps, {
      appeal: a.id,
      statement: 'Please look again.',
      as: await actingAs(deps, 'pat'),
    });
    expect(s.reviewers).toBe('court');
    await expect(
      decideSecondInstance(deps, {
        id: s.id,
        outcome: 'overturn',
        reasons: 'Agreed.',
        as: await actingAs(deps, 'victor'),
      }),
    ).rejects.toMatchObject({ code: 'SECOND_INSTANCE_REVIEWER' });
    const d = await decideSecondInstance(deps, {
      id: s.id,
      outcome: 'uphold',
      reasons: 'The records stand.',
      as: await actingAs(deps, 'judge'),
    });
    expect(d.state).toBe('upheld');
    expect((await listing(deps)).state).toBe('active');
    expect(await deps.store.transaction((tx) => tx.liftedNoticesOf({}))).toEqual([]);
    // Cleared, later second instances go back to the authority's own reviewers.
    expect(await setAppealBody(deps, 'city', null)).toBe(true);
    expect((await appealBodies(deps))[0]).toEqual({ authority: 'city', body: null });
    expect((await verifyAudit(deps)).problems).toEqual([]);
  });

  it('is refused too late, before an appeal is upheld, after an overturn, and to anyone but the subject', async () => {
    const deps = await setUp(store);
    clock(deps).set(T0 + DAY);
    const l = await listing(deps);
    const a = await fileAppeal(deps, { listing: l.id, statement: 'Not me.', as: await actingAs(deps, 'pat') });
    await expect(
      requestSecondInstance(deps, { appeal: a.id, statement: 'x', as: await actingAs(deps, 'pat') }),
    ).rejects.toMatchObject({
      code: 'SECOND_INSTANCE_UNAVAILABLE',
    });
    clock(deps).set(T0 + 12 * DAY);
    await decideAppeal(deps, { appeal: a.id, outcome: 'uphold', reasons: 'Stands.', as: await actingAs(deps, 'vera') });
    await expect(
      requestSecondInstance(deps, { appeal: a.id, statement: 'x', as: await actingAs(deps, 'vera') }),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    // The window: P10D from the decision, closed at its end.
    clock(deps).set(T0 + 22 * DAY);
    await expect(
      requestSecondInstance(deps, { appeal: a.id, statement: 'x', as: await actingAs(deps, 'pat') }),
    ).rejects.toMatchObject({
      code: 'SECOND_INSTANCE_TOO_LATE',
    });
    expect((await offersOf(deps, 'person:pat'))[0]).toMatchObject({ available: false, deadline: T0 + 22 * DAY });
  });

  it('an overturned appeal has no second instance', async () => {
    const deps = await setUp(store);
    clock(deps).set(T0 + DAY);
    const a = await fileAppeal(deps, {
      listing: (await listing(deps)).id,
      statement: 'Not me.',
      as: await actingAs(deps, 'pat'),
    });
    await decideAppeal(deps, {
      appeal: a.id,
      outcome: 'overturn',
      reasons: 'Not justified.',
      as: await actingAs(deps, 'vera'),
    });
    await expect(
      requestSecondInstance(deps, { appeal: a.id, statement: 'x', as: await actingAs(deps, 'pat') }),
    ).rejects.toMatchObject({
      code: 'SECOND_INSTANCE_UNAVAILABLE',
    });
  });

  it('suspends the listing when the scheme says secondInstanceSuspends, within its own window', async () => {
    // Its own scheme id: compiled versions are cached by authority, scheme and version.
    const scheme = CITY_TEST_SCHEME.replace('scheme: city-test', 'scheme: city-suspends').replace(
      '    type: blacklist\n',
      '    type: blacklist\n    secondInstance: P20D\n    secondInstanceSuspends: true\n',
    );
    const deps = await setUp(store, scheme);
    const a = await upheld(deps);
    clock(deps).set(T0 + 13 * DAY);
    expect((await flight(deps)).effect).toBe('deny');
    clock(deps).set(T0 + 25 * DAY);
    const s = await requestSecondInstance(deps, {
      appeal: a.id,
      statement: 'Please look again.',
      as: await actingAs(deps, 'pat'),
    });
    expect(s).toMatchObject({ suspends: true, deadline: T0 + 32 * DAY });
    expect((await listing(deps)).state).toBe('suspended');
    expect((await flight(deps)).effect).toBe('allow');
    clock(deps).set(T0 + 26 * DAY);
    await decideSecondInstance(deps, {
      id: s.id,
      outcome: 'uphold',
      reasons: 'Stands.',
      as: await actingAs(deps, 'victor'),
    });
    expect((await listing(deps)).state).toBe('active');
    expect((await flight(deps)).effect).toBe('deny');
    expect((await verifyAudit(deps)).problems).toEqual([]);
  });

  it('audit verify names a second instance, a sanction-lifted notification or an appeal body changed behind the log', async () => {
    const deps = await setUp(store);
    await setAppealBody(deps, 'city', 'court');
    await setAppealBody(deps, 'city', null);
    const a = await upheld(deps);
    clock(deps).set(T0 + 13 * DAY);
    await flight(deps);
    clock(deps).set(T0 + 14 * DAY);
    const s = await requestSecondInstance(deps, { appeal: a.id, statement: 'Again.', as: await actingAs(deps, 'pat') });
    await decideSecondInstance(deps, {
      id: s.id,
      outcome: 'overturn',
      reasons: 'Wrong.',
      as: await actingAs(deps, 'victor'),
    });
    expect((await verifyAudit(deps)).problems).toEqual([]);
    const [n] = await deps.store.transaction((tx) => tx.liftedNoticesOf({}));
    await deps.store.transaction((tx) =>
      tx.updateSecondInstance({
        ...s,
        state: 'upheld',
        decidedBy: 'victor',
        decidedAt: 1,
        reasons: 'x',
        exempt: false,
      }),
    );
    expect((await verifyAudit(deps)).problems[0]).toMatchObject({ table: 'second_instances' });
    await deps.store.transaction(async (tx) => {
      const [si] = await tx.secondInstancesOf({});
      const decision = (await tx.auditEntries('city', 0, 10_000)).filter((e) => e.type === 'decision').at(-1)!;
      const p = JSON.parse(decision.payload) as { by: string; reasons: string };
      await tx.updateSecondInstance({
        ...si!,
        state: 'overturned',
        decidedBy: p.by,
        decidedAt: decision.at,
        reasons: p.reasons,
        exempt: true,
      });
    });
    expect((await verifyAudit(deps)).problems).toEqual([]);
    await deps.store.transaction((tx) => tx.insertLiftedNotice({ ...n!, party: 'nobody' }));
    expect((await verifyAudit(deps)).problems[0]).toMatchObject({ table: 'lifted_notices' });
  });

  it('audit verify names an appeal body set behind the log', async () => {
    const deps = await setUp(store);
    await deps.store.transaction((tx) => tx.setMeta('appeal_bodies', JSON.stringify({ city: 'court' })));
    expect((await verifyAudit(deps)).problems[0]).toMatchObject({ table: 'appeal_bodies' });
  });
});
