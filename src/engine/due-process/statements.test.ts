import { expect, it } from 'vitest';
import { dsaStatementProblems, type DsaStatement } from '../../core/dsa-statement.js';
import { isStandingError } from '../../core/errors.js';
import type { NoticeBody } from '../../core/notice.js';
import { CITY_TEST_SCHEME } from '../../test-support/city-test-scheme.js';
import { describeStores, linesOf, testEngineOn, type TestStoreKind } from '../../test-support/engine.js';
import { checkAction, entitle, findDecision, partyAdd } from '../decisions/check.js';
import type { EngineDeps } from '../deps.js';
import { publishScheme } from '../evaluation/publish.js';
import { importRecords } from '../ingest/ingest.js';
import { addAccount } from '../tenancy/accounts.js';
import { exportStatements } from './statements.js';

const DAY = 86_400_000;

async function setUp(start: number, store: TestStoreKind) {
  const deps = await testEngineOn(store, start);
  await deps.store.transaction(async (tx) => {
    await tx.ensureAuthorities(['city', 'town'], start);
    await tx.addGrant('city', 'flight.board', start);
    await tx.addGrant('town', 'flight.board', start);
  });
  await publishScheme(deps, CITY_TEST_SCHEME);
  // A second authority whose scheme names no basis: its ground is contractual.
  await publishScheme(
    deps,
    CITY_TEST_SCHEME.replace('authority: city', 'authority: town')
      .replace('scheme: city-test', 'scheme: town-test')
      .replace('basis: Municipal Regulation 7 (2026)\n', '')
      .replace('traffic.jaywalking', 'traffic.speeding'),
  );
  await addAccount(deps, { name: 'rita', authority: 'city', roles: ['reporter'] });
  await addAccount(deps, { name: 'tom', authority: 'town', roles: ['reporter'] });
  await partyAdd(deps, 'skyways');
  await partyAdd(deps, 'other');
  await entitle(deps, 'skyways', 'flight.board');
  await entitle(deps, 'other', 'flight.board');
  return deps;
}

async function report(deps: EngineDeps, authority: string, kind: string, keys: string[]): Promise<void> {
  const raws = keys.map((key) => ({
    key,
    authority,
    subject: 'person:pat',
    kind,
    occurredAt: new Date(deps.clock.now()).toISOString(),
  }));
  const r = await importRecords(deps, linesOf(raws), {
    submittedBy: authority === 'city' ? 'rita' : 'tom',
    onlyAuthority: authority,
  });
  expect(r.rejected).toBe(0);
}

async function all(deps: EngineDeps, q: Parameters<typeof exportStatements>[1]): Promise<DsaStatement[]> {
  const out: DsaStatement[] = [];
  for await (const s of exportStatements(deps, q)) out.push(s);
  return out;
}

describeStores('statements of reasons', (store) => {
  it('gives every notice the restriction, both kinds of automation, the ground and every redress with its deadline', async () => {
    const t0 = Date.parse('2026-03-01T00:00:00Z');
    const deps = await setUp(t0, store);
    await report(deps, 'city', 'traffic.jaywalking', ['J-1', 'J-2']);
    const [m] = await deps.store.transaction((tx) => tx.messagesOf('person:pat'));
    const n = m!.body as unknown as NoticeBody;
    expect(n.automatedDetection).toBe(true);
    expect(n.automatedDecision).toBe(true);
    expect(n.ground).toEqual({ kind: 'legal', text: 'Municipal Regulation 7 (2026)' });
    expect(n.scope).toContain('deny flight.board');
    expect(n.scope).toContain(`until ${n.termEndsAt}`);
    expect(n.redress?.map((r) => [r.kind, r.until, r.within])).toEqual([
      ['appeal', n.effectAt, null],
      ['second-instance', null, 'P10D'],
      ['record-dispute', null, 'P30D'],
    ]);
  });

  it('answers a check with a decision id found again in the access log, and the scheme versions it rests on', async () => {
    const t0 = Date.parse('2026-03-01T00:00:00Z');
    const deps = await setUp(t0, store);
    const allow = await checkAction(deps, { subject: 'person:pat', action: 'flight.board', party: 'skyways' });
    expect(allow.schemes).toEqual([]);
    await report(deps, 'city', 'traffic.jaywalking', ['J-1', 'J-2']);
    deps.clock.set(t0 + 13 * DAY);
    await report(deps, 'town', 'traffic.speeding', ['S-1', 'S-2']);
    deps.clock.set(t0 + 26 * DAY);
    const { sweep } = await import('../evaluation/sweep.js');
    await sweep(deps);
    const deny = await checkAction(deps, { subject: 'person:pat', action: 'flight.board', party: 'skyways' });
    expect(deny.effect).toBe('deny');
    expect(deny.schemes).toEqual([
      { authority: 'city', scheme: 'city-test', version: 1 },
      { authority: 'town', scheme: 'town-test', version: 1 },
    ]);
    expect(deny.decision).toMatch(/^[0-9a-f-]{36}$/);
    expect(deny.decision).not.toBe(allow.decision);
    const log = await deps.store.transaction((tx) => tx.accessLogOf('person:pat'));
    expect(log.map((r) => r.decision)).toEqual([allow.decision, deny.decision]);
    expect(await findDecision(deps, deny.decision, 'skyways')).toMatchObject({
      party: 'skyways',
      effect: 'deny',
      subject: 'person:pat',
    });
    expect(await findDecision(deps, deny.decision, null)).toMatchObject({ decision: deny.decision });
    // Another relying party cannot find (nor probe) it.
    const err = await findDecision(deps, deny.decision, 'other').catch((e: unknown) => e);
    expect(isStandingError(err) && err.code).toBe('DECISION_NOT_FOUND');
  });

  it('exports each notice as a valid statement, filtered by authority and instant', async () => {
    const t0 = Date.parse('2026-03-01T00:00:00Z');
    const deps = await setUp(t0, store);
    await report(deps, 'city', 'traffic.jaywalking', ['J-1', 'J-2']);
    deps.clock.set(t0 + 5 * DAY);
    await report(deps, 'town', 'traffic.speeding', ['S-1', 'S-2']);
    const every = await all(deps, {});
    expect(every.map((s) => s.puid)).toHaveLength(2);
    for (const s of every) expect(dsaStatementProblems(s)).toEqual([]);
    const [city, town] = every;
    expect(city).toMatchObject({
      decision_provision: 'DECISION_PROVISION_PARTIAL_SUSPENSION',
      decision_visibility: null,
      decision_ground: 'DECISION_GROUND_ILLEGAL_CONTENT',
      illegal_content_legal_ground: 'Municipal Regulation 7 (2026)',
      automated_detection: 'Yes',
      automated_decision: 'AUTOMATED_DECISION_FULLY',
      source_type: 'SOURCE_VOLUNTARY',
      account_type: 'ACCOUNT_TYPE_PRIVATE',
      content_date: '2026-03-01',
      application_date: '2026-03-13',
      end_date_service_restriction: '2031-03-13',
    });
    expect(city!.puid).toMatch(/^standing-city-listing-\d+$/);
    // The subject's id is not in the statement: the database is public.
    expect(JSON.stringify(every)).not.toContain('person:pat');
    expect(town).toMatchObject({
      decision_ground: 'DECISION_GROUND_INCOMPATIBLE_CONTENT',
      incompatible_content_ground: 'the published scheme town-test, version 1, of town',
    });
    expect((await all(deps, { authority: 'town' })).map((s) => s.puid)).toEqual([town!.puid]);
    expect((await all(deps, { since: t0 + DAY })).map((s) => s.puid)).toEqual([town!.puid]);
    expect(await all(deps, { since: t0 + 6 * DAY })).toEqual([]);
  });
});
