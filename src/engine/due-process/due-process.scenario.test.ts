import { expect, it } from 'vitest';
import { isStandingError } from '../../core/errors.js';
import type { NoticeBody } from '../../core/notice.js';
import { CITY_TEST_SCHEME } from '../../test-support/city-test-scheme.js';
import { describeStores, linesOf, testEngineOn, type TestStoreKind } from '../../test-support/engine.js';
import { actingAs, addAccount } from '../tenancy/accounts.js';
import { createApiKey } from '../tenancy/auth.js';
import type { Principal } from '../../core/principal.js';
import { decideAppeal, fileAppeal } from './appeals.js';
import { checkAction } from '../decisions/check.js';
import type { EngineDeps } from '../deps.js';
import { decideDispute, fileDispute } from './disputes.js';
import { importRecords } from '../ingest/ingest.js';
import { publishScheme } from '../evaluation/publish.js';
import { sweep } from '../evaluation/sweep.js';

const DAY = 86_400_000;

async function setUp(
  start: number,
  store: TestStoreKind,
): Promise<EngineDeps & { clock: { now(): number; set(t: number): void; advance(ms: number): void } }> {
  const deps = await testEngineOn(store, start);
  await deps.store.transaction(async (tx) => {
    await tx.ensureAuthorities(['city'], start);
    await tx.addGrant('city', 'flight.board', start);
  });
  await publishScheme(deps, CITY_TEST_SCHEME);
  await addAccount(deps, { name: 'rita', authority: 'city', roles: ['reporter', 'reviewer'] });
  await addAccount(deps, { name: 'vic', authority: 'city', roles: ['reviewer'] });
  await addAccount(deps, { name: 'pat', roles: ['subject'], subject: 'person:pat' });
  return deps;
}

const jaywalk = (key: string, at: number) => ({
  key,
  authority: 'city',
  subject: 'person:pat',
  kind: 'traffic.jaywalking',
  occurredAt: new Date(at).toISOString(),
});

async function report(deps: EngineDeps, raw: unknown): Promise<void> {
  const r = await importRecords(deps, linesOf([raw]), { submittedBy: 'rita', onlyAuthority: 'city' });
  expect(r.rejected).toBe(0);
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (isStandingError(e)) return e.code;
    throw e;
  }
  return 'no error';
}

const inbox = (deps: EngineDeps) => deps.store.transaction((tx) => tx.messagesOf('person:pat'));
const listings = (deps: EngineDeps) => deps.store.transaction((tx) => tx.listingsOfSubject('person:pat'));
const board = (deps: EngineDeps) => checkAction(deps, { subject: 'person:pat', action: 'flight.board', party: null });

describeStores('due process, end to end', (store) => {
  it('walks a person from a first jaywalking record to a flight ban, an appeal, an overturn and a cleared record', async () => {
    const t0 = Date.parse('2026-01-10T09:00:00Z');
    const deps = await setUp(t0, store);

    await report(deps, jaywalk('J-1', t0 - DAY));
    expect(await listings(deps)).toEqual([]);
    expect((await board(deps)).effect).toBe('allow');

    deps.clock.advance(DAY);
    await report(deps, jaywalk('J-2', t0));
    const [listing] = await listings(deps);
    expect(listing).toMatchObject({ state: 'noticed', list: 'air-travel-ban', effectAt: deps.clock.now() + 12 * DAY });
    const [notice] = await inbox(deps);
    expect(notice?.kind).toBe('notice');
    const body = notice!.body as unknown as NoticeBody;
    expect(body).toMatchObject({
      scheme: 'city-test',
      version: 1,
      basis: 'Municipal Regulation 7 (2026)',
      automated: true,
    });
    expect(body.sanctions[0]).toMatchObject({ action: 'flight.board', effect: 'deny' });
    expect(body.facts.contributions.map((c) => [c.key, c.rule, c.points])).toEqual([
      ['J-1', 'jaywalking', -40],
      ['J-2', 'jaywalking', -40],
    ]);
    expect(body.appeal.until).toBe(new Date(listing!.effectAt).toISOString());
    // Noticed is not yet a sanction.
    expect((await board(deps)).effect).toBe('allow');

    deps.clock.advance(3 * DAY);
    const appeal = await fileAppeal(deps, {
      listing: listing!.id,
      statement: 'I was crossing at a green light.',
      as: await actingAs(deps, 'pat'),
    });
    expect(appeal.late).toBe(false);
    expect((await listings(deps))[0]!.state).toBe('suspended');
    // Past the effect instant the suspended listing still does not sanction.
    deps.clock.advance(20 * DAY);
    await sweep(deps);
    expect((await listings(deps))[0]!.state).toBe('suspended');
    expect((await board(deps)).effect).toBe('allow');

    // rita reported J-2, so she may not decide the case (four eyes), though she is a reviewer.
    expect(
      await codeOf(
        decideAppeal(deps, {
          appeal: appeal.id,
          outcome: 'overturn',
          reasons: 'Camera error.',
          as: await actingAs(deps, 'rita'),
        }),
      ),
    ).toBe('REVIEW_CONFLICT');
    // pat is not a reviewer; nobody but a human reviewer decides.
    expect(
      await codeOf(
        decideAppeal(deps, { appeal: appeal.id, outcome: 'overturn', reasons: 'x', as: await actingAs(deps, 'pat') }),
      ),
    ).toBe('FORBIDDEN');
    expect((await listings(deps))[0]!.state).toBe('suspended');

    const decided = await decideAppeal(deps, {
      appeal: appeal.id,
      outcome: 'overturn',
      reasons: 'The camera footage shows a green light.',
      retract: ['J-2'],
      as: await actingAs(deps, 'vic'),
    });
    expect(decided).toMatchObject({ state: 'overturned', decidedBy: 'vic', retracted: ['J-2'] });
    const after = await listings(deps);
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ state: 'ended', endReason: 'overturned' });
    const j2 = await deps.store.transaction((tx) => tx.getRecord('city', 'J-2'));
    expect(j2?.retractedAt).not.toBeNull();
    expect((await board(deps)).effect).toBe('allow');
    expect((await inbox(deps)).map((m) => m.kind)).toEqual(['notice', 'appeal-received', 'appeal-decided']);
    expect(
      await codeOf(
        decideAppeal(deps, { appeal: appeal.id, outcome: 'uphold', reasons: 'again', as: await actingAs(deps, 'vic') }),
      ),
    ).toBe('APPEAL_DECIDED');
    await deps.store.close();
  });

  it('activates at the effect instant, keeps a late appeal active, upholds it, and lapses a year later', async () => {
    const t0 = Date.parse('2026-02-01T00:00:00Z');
    const deps = await setUp(t0, store);
    await report(deps, jaywalk('J-1', t0 - 2 * DAY));
    await report(deps, jaywalk('J-2', t0 - DAY));
    const [l] = await listings(deps);
    expect(l!.state).toBe('noticed');

    deps.clock.set(l!.effectAt - 1);
    await sweep(deps);
    expect((await listings(deps))[0]!.state).toBe('noticed');
    deps.clock.set(l!.effectAt + 30_000);
    await sweep(deps);
    expect((await listings(deps))[0]).toMatchObject({ state: 'active', activeSince: l!.effectAt });
    const denied = await board(deps);
    expect(denied.effect).toBe('deny');
    expect(denied.reasons[0]).toMatchObject({ list: 'air-travel-ban', authority: 'city', listing: l!.id });
    expect(JSON.stringify(denied)).not.toMatch(/score|grade|J-1/);

    const late = await fileAppeal(deps, { listing: l!.id, statement: 'Too harsh.', as: await actingAs(deps, 'pat') });
    expect(late.late).toBe(true);
    expect((await listings(deps))[0]!.state).toBe('active');
    expect((await board(deps)).effect).toBe('deny');
    await decideAppeal(deps, {
      appeal: late.id,
      outcome: 'uphold',
      reasons: 'Both records stand.',
      as: await actingAs(deps, 'vic'),
    });
    expect((await board(deps)).effect).toBe('deny');

    // Months of simulated time: the first record lapses a year after it occurred, the grade recovers, the listing ends.
    for (let month = 1; month <= 13; month++) {
      deps.clock.advance(30 * DAY);
      await sweep(deps);
    }
    const ended = (await listings(deps))[0]!;
    expect(ended).toMatchObject({ state: 'ended', endReason: 'condition-stopped' });
    expect(ended.endedAt).toBe(Date.parse('2027-01-30T00:00:00Z'));
    expect((await board(deps)).effect).toBe('allow');
    expect((await inbox(deps)).map((m) => m.kind)).toEqual([
      'notice',
      'listing-active',
      'appeal-received',
      'appeal-decided',
      // The sanctions were in force: the subject is told who was told (SPEC §6, Sanction lifted), then of the end.
      'sanction-lifted',
      'listing-ended',
    ]);
    await deps.store.close();
  });

  it('exempts an overturned subject until a record received after the decision qualifies it again', async () => {
    const t0 = Date.parse('2026-03-01T00:00:00Z');
    const deps = await setUp(t0, store);
    await report(deps, jaywalk('J-1', t0 - 2 * DAY));
    await report(deps, jaywalk('J-2', t0 - DAY));
    const [l] = await listings(deps);
    const a = await fileAppeal(deps, {
      listing: l!.id,
      statement: 'Please reconsider.',
      as: await actingAs(deps, 'pat'),
    });
    await decideAppeal(deps, {
      appeal: a.id,
      outcome: 'overturn',
      reasons: 'First offences in years.',
      exempt: true,
      as: await actingAs(deps, 'vic'),
    });
    // Still qualifies on the same records, but exempt: no new listing.
    deps.clock.advance(DAY);
    await report(deps, { ...jaywalk('OLD-1', t0 - 400 * DAY) });
    expect((await listings(deps)).filter((x) => x.state !== 'ended')).toEqual([]);
    // A record received after the decision, among the facts, qualifies anew.
    await report(deps, jaywalk('J-3', deps.clock.now() - 1000));
    const open = (await listings(deps)).filter((x) => x.state !== 'ended');
    expect(open).toHaveLength(1);
    expect(open[0]!.state).toBe('noticed');
    await deps.store.close();
  });

  it('lets a subject dispute a record and a reviewer retract it', async () => {
    const t0 = Date.parse('2026-04-01T00:00:00Z');
    const deps = await setUp(t0, store);
    await report(deps, jaywalk('J-1', t0 - 2 * DAY));
    await report(deps, jaywalk('J-2', t0 - DAY));
    expect(
      await codeOf(
        fileDispute(deps, { authority: 'city', key: 'J-2', statement: 'Not me.', as: await actingAs(deps, 'rita') }),
      ),
    ).toBe('FORBIDDEN');
    const d = await fileDispute(deps, {
      authority: 'city',
      key: 'J-2',
      statement: 'Not me.',
      as: await actingAs(deps, 'pat'),
    });
    expect(
      await codeOf(
        fileDispute(deps, { authority: 'city', key: 'J-2', statement: 'Again.', as: await actingAs(deps, 'pat') }),
      ),
    ).toBe('DISPUTE_EXISTS');
    expect(
      await codeOf(
        decideDispute(deps, { dispute: d.id, outcome: 'retract', reasons: 'x', as: await actingAs(deps, 'rita') }),
      ),
    ).toBe('REVIEW_CONFLICT');
    await decideDispute(deps, {
      dispute: d.id,
      outcome: 'retract',
      reasons: 'Wrong person on camera.',
      as: await actingAs(deps, 'vic'),
    });
    const [l] = await listings(deps);
    expect(l).toMatchObject({ state: 'ended', endReason: 'condition-stopped' });
    expect((await inbox(deps)).map((m) => m.kind)).toEqual([
      'notice',
      'dispute-received',
      'dispute-decided',
      'listing-ended',
    ]);
    await deps.store.close();
  });

  it('lets no API key decide: the subject is promised a human reviewer', async () => {
    const t0 = Date.parse('2026-04-01T00:00:00Z');
    const deps = await setUp(t0, store);
    await report(deps, jaywalk('J-1', t0 - 2 * DAY));
    await report(deps, jaywalk('J-2', t0 - DAY));
    const [l] = await listings(deps);
    const a = await fileAppeal(deps, {
      listing: l!.id,
      statement: 'The signal was broken.',
      as: await actingAs(deps, 'pat'),
    });
    const d = await fileDispute(deps, {
      authority: 'city',
      key: 'J-2',
      statement: 'Not me.',
      as: await actingAs(deps, 'pat'),
    });
    const { id } = await createApiKey(deps, { authority: 'city', roles: ['reviewer'] });
    const machine: Principal = { type: 'staff', authority: 'city', roles: ['reviewer'], account: null, key: id };
    expect(await codeOf(decideAppeal(deps, { appeal: a.id, outcome: 'uphold', reasons: 'Stands.', as: machine }))).toBe(
      'REVIEWER_MUST_BE_HUMAN',
    );
    expect(await codeOf(decideDispute(deps, { dispute: d.id, outcome: 'confirm', reasons: 'x', as: machine }))).toBe(
      'REVIEWER_MUST_BE_HUMAN',
    );
    const person: Principal = { type: 'staff', authority: 'city', roles: ['reviewer'], account: 'vic', key: null };
    expect(await decideAppeal(deps, { appeal: a.id, outcome: 'uphold', reasons: 'Stands.', as: person })).toMatchObject(
      {
        state: 'upheld',
        decidedBy: 'vic',
      },
    );
    await deps.store.close();
  });

  it('looks through keys to the person who created them (four-eyes rule)', async () => {
    const t0 = Date.parse('2026-04-01T00:00:00Z');
    const deps = await setUp(t0, store);
    // One admin, two hats: it creates a reporter key, the key reports, and the admin (also a reviewer) would decide.
    await addAccount(deps, { name: 'ada', authority: 'city', roles: ['admin', 'reviewer'] });
    const ada: Principal = {
      type: 'staff',
      authority: 'city',
      roles: ['admin', 'reviewer'],
      account: 'ada',
      key: null,
    };
    const key = await createApiKey(deps, { authority: 'city', roles: ['reporter'] }, ada);
    const byKey = { submittedBy: `key:${key.id}`, onlyAuthority: 'city' };
    expect((await importRecords(deps, linesOf([jaywalk('J-1', t0 - 2 * DAY)]), byKey)).rejected).toBe(0);
    expect((await importRecords(deps, linesOf([jaywalk('J-2', t0 - DAY)]), byKey)).rejected).toBe(0);
    const [l] = await listings(deps);
    const a = await fileAppeal(deps, {
      listing: l!.id,
      statement: 'The signal was broken.',
      as: await actingAs(deps, 'pat'),
    });
    const d = await fileDispute(deps, {
      authority: 'city',
      key: 'J-2',
      statement: 'Not me.',
      as: await actingAs(deps, 'pat'),
    });
    expect(
      await codeOf(
        decideAppeal(deps, { appeal: a.id, outcome: 'uphold', reasons: 'Stands.', as: await actingAs(deps, 'ada') }),
      ),
    ).toBe('REVIEW_CONFLICT');
    expect(await codeOf(decideDispute(deps, { dispute: d.id, outcome: 'confirm', reasons: 'x', as: ada }))).toBe(
      'REVIEW_CONFLICT',
    );
    // A key the operator created has no person behind it to conflict with; another reviewer decides.
    await decideDispute(deps, {
      dispute: d.id,
      outcome: 'confirm',
      reasons: 'The camera is clear.',
      as: await actingAs(deps, 'vic'),
    });
    await deps.store.close();
  });
});
