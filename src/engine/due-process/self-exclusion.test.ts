import { expect, it } from 'vitest';
import { isStandingError } from '../../core/errors.js';
import { parseScheme } from '../../core/scheme-parse.js';
import { ACTIONS, describeStores, testEngineOn } from '../../test-support/engine.js';
import { LOTTERY } from '../../test-support/lottery-scheme.js';
import { verifyAudit } from '../audit/audit.js';
import { checkAction } from '../decisions/check.js';
import type { EngineDeps } from '../deps.js';
import { publishScheme } from '../evaluation/publish.js';
import { sweep } from '../evaluation/sweep.js';
import { OPERATOR_PRINCIPAL } from '../../core/principal.js';
import { actingAs, addAccount } from '../tenancy/accounts.js';
import { addAction, grantAction } from '../tenancy/registry.js';
import { fileAppeal } from './appeals.js';
import { endSelfExclusion, selfExclude, selfExclusionLists, selfExclusionsOf } from './self-exclusion.js';

const T0 = Date.parse('2026-06-01T09:00:00Z');
const DAY = 86_400_000;
const SUBJECT = 'person:pat';

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (isStandingError(e)) return e.code;
    throw e;
  }
  return 'no error';
}

type Deps = EngineDeps & { clock: { advance(ms: number): void } };

async function setUp(store: 'sqlite' | 'postgres', scheme = LOTTERY): Promise<Deps> {
  const deps = await testEngineOn(store, T0);
  await addAction(deps, { name: 'casino.enter', domain: 'gambling', effect: 'deny', description: 'Enter a casino' });
  await grantAction(deps, 'lottery', 'casino.enter');
  await publishScheme(deps, scheme);
  await addAccount(deps, { name: 'pat', roles: ['subject'], subject: SUBJECT });
  await addAccount(deps, { name: 'lee', roles: ['subject'], subject: 'person:lee' });
  return deps;
}

const enter = (deps: EngineDeps) => checkAction(deps, { subject: SUBJECT, action: 'casino.enter', party: null });

describeStores('self-exclusion', (store) => {
  it('is active at once for the chosen term, with no notice or appeal; checks deny; the sweep ends it at term', async () => {
    const deps = await setUp(store);
    expect(await selfExclusionLists(deps, SUBJECT)).toEqual([
      {
        authority: 'lottery',
        scheme: 'gaming',
        list: 'self-excluded',
        title: 'Self-excluded from gambling',
        minTerm: 'P1M',
        maxTerm: 'P2Y',
      },
    ]);
    expect((await enter(deps)).effect).toBe('allow');
    const l = await selfExclude(deps, {
      subject: SUBJECT,
      list: 'self-excluded',
      term: 'P6M',
      by: await actingAs(deps, 'pat'),
    });
    expect(l).toMatchObject({ state: 'active', activeSince: T0, effectAt: T0, term: 'P6M' });
    expect(l.termEndsAt).toBe(Date.parse('2026-12-01T09:00:00Z'));
    const c = await enter(deps);
    expect(c.effect).toBe('deny');
    expect(c.reasons).toEqual([
      expect.objectContaining({ list: 'self-excluded', authority: 'lottery', listing: l.id }),
    ]);
    // No notice: the inbox says it is active, at the subject's request.
    const inbox = await deps.store.transaction((tx) => tx.messagesOf(SUBJECT));
    expect(inbox.map((m) => m.kind)).toEqual(['listing-active']);
    expect(
      await codeOf(fileAppeal(deps, { listing: l.id, statement: 'let me back in', as: await actingAs(deps, 'pat') })),
    ).toBe('SELF_EXCLUSION_LOCKED');
    expect(await codeOf(endSelfExclusion(deps, SUBJECT, l.id))).toBe('SELF_EXCLUSION_LOCKED');
    // The evaluation (no condition holds, no records) never ends it; a day before its term it stands.
    deps.clock.advance(182 * DAY);
    await sweep(deps);
    expect((await enter(deps)).effect).toBe('deny');
    deps.clock.advance(DAY);
    await sweep(deps);
    expect((await enter(deps)).effect).toBe('allow');
    const [ended] = await selfExclusionsOf(deps, SUBJECT);
    expect(ended).toMatchObject({ state: 'ended', endReason: 'term-reached', endedAt: l.termEndsAt });
    expect(await deps.store.transaction((tx) => tx.getExemption(l, l.list, SUBJECT))).toBeUndefined();
    expect((await verifyAudit(deps)).ok).toBe(true);
  });

  it('refuses a term outside the bounds, a list that offers none, a second one, another subject’s account', async () => {
    const deps = await setUp(store);
    const pat = await actingAs(deps, 'pat');
    const ex = (over: Partial<Parameters<typeof selfExclude>[1]>) =>
      codeOf(selfExclude(deps, { subject: SUBJECT, list: 'self-excluded', term: 'P6M', by: pat, ...over }));
    expect(await ex({ term: 'P2W' })).toBe('SELF_EXCLUSION_TERM');
    expect(await ex({ term: 'P3Y' })).toBe('SELF_EXCLUSION_TERM');
    expect(await ex({ list: 'nope' })).toBe('SELF_EXCLUSION_NOT_OFFERED');
    expect(await ex({ subject: 'org:acme', by: OPERATOR_PRINCIPAL })).toBe('SELF_EXCLUSION_NOT_OFFERED');
    expect(await ex({ by: await actingAs(deps, 'lee') })).toBe('FORBIDDEN');
    expect(await ex({ term: 'P2Y' })).toBe('no error');
    expect(await ex({})).toBe('SELF_EXCLUSION_EXISTS');
  });

  it('is not ended by a new version that changes the list’s sanctions', async () => {
    const deps = await setUp(store);
    await selfExclude(deps, { subject: SUBJECT, list: 'self-excluded', term: 'P1Y', by: await actingAs(deps, 'pat') });
    // Version 2 limits instead of denying: the list's sanctions change, which ends condition listings.
    await addAction(deps, { name: 'betting.stake', domain: 'gambling', effect: 'limit' });
    await grantAction(deps, 'lottery', 'betting.stake');
    await publishScheme(
      deps,
      LOTTERY.replace(
        '      - { action: casino.enter, effect: deny }',
        '      - { action: casino.enter, effect: deny }\n      - { action: betting.stake, effect: limit, limit: { eur: 10 } }',
      ),
    );
    await sweep(deps);
    expect((await selfExclusionsOf(deps, SUBJECT))[0]?.state).toBe('active');
    expect((await enter(deps)).effect).toBe('deny');
  });

  it('audit verify names a self-exclusion whose term was changed in the database', async () => {
    const deps = await setUp(store);
    const l = await selfExclude(deps, {
      subject: SUBJECT,
      list: 'self-excluded',
      term: 'P1Y',
      by: await actingAs(deps, 'pat'),
    });
    expect((await verifyAudit(deps)).ok).toBe(true);
    await deps.store.transaction((tx) => tx.updateListing(l.id, { ...l, termEndsAt: T0 + DAY }));
    const report = await verifyAudit(deps);
    expect(report.problems[0]).toMatchObject({ table: 'listings', id: l.id });
  });
});

it('scheme check: a self-exclusion list has no condition, is no redlist, and its bounds fit in each other', () => {
  const registry = new Map(
    [...ACTIONS, { name: 'casino.enter', domain: 'gambling', effect: 'deny' as const }].map((a) => [a.name, a]),
  );
  const codes = (yaml: string): string[] => {
    const r = parseScheme(yaml, { registry });
    return r.ok ? [] : r.errors.map((e) => `${e.code} ${e.message} ${JSON.stringify(e.at)}`);
  };
  expect(codes(LOTTERY)).toEqual([]);
  expect(codes(LOTTERY.replace('    type: blacklist\n', '    type: blacklist\n    when: "true"\n')).join()).toContain(
    'has no condition',
  );
  expect(codes(LOTTERY.replace('P1M, maxTerm: P2Y', 'P3Y, maxTerm: P2Y')).join()).toContain('longer than maxTerm');
  expect(codes(LOTTERY.replace('maxTerm: P5Y', 'maxTerm: P1Y')).join()).toContain("longer than the list's maxTerm");
  // Without selfExclusion the condition is required, as before.
  expect(codes(LOTTERY.replace('    selfExclusion: { minTerm: P1M, maxTerm: P2Y }\n', '')).join()).toContain('when');
});
