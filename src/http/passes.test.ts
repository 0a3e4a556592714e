import { afterEach, describe, expect, it } from 'vitest';
import { entitle, partyAdd } from '../engine/decisions/check.js';
import { LOTTERY } from '../test-support/lottery-scheme.js';
import { publishScheme } from '../engine/evaluation/publish.js';
import { addAccount } from '../engine/tenancy/accounts.js';
import { createApiKey, setPassword } from '../engine/tenancy/auth.js';
import { addAction, grantAction } from '../engine/tenancy/registry.js';
import { testEngine } from '../test-support/engine.js';
import { call, realApp, type Credential } from '../test-support/http.js';
import type { App } from './app.js';
import type { AttemptLimits } from './attempt-limits.js';

const T0 = Date.parse('2026-06-01T09:00:00Z');
const PASSWORD = 'correct horse battery';

let app: App | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function world(attemptLimits?: AttemptLimits) {
  const deps = testEngine(T0);
  await addAction(deps, { name: 'casino.enter', domain: 'gambling', effect: 'deny' });
  await grantAction(deps, 'lottery', 'casino.enter');
  await publishScheme(deps, LOTTERY);
  await partyAdd(deps, 'casino');
  await entitle(deps, 'casino', 'casino.enter');
  await partyAdd(deps, 'bank');
  const casino: Credential = { type: 'key', secret: (await createApiKey(deps, { party: 'casino' })).secret };
  const bank: Credential = { type: 'key', secret: (await createApiKey(deps, { party: 'bank' })).secret };
  await addAccount(deps, { name: 'pat', roles: ['subject'], subject: 'person:pat' });
  await setPassword(deps, 'pat', PASSWORD);
  app = await realApp(deps, attemptLimits ? { attemptLimits } : {});
  const res = await app.inject({
    method: 'POST',
    url: '/v1/sessions',
    payload: { account: 'pat', password: PASSWORD },
  });
  const pat: Credential = { type: 'session', token: String(res.json<{ token: string }>().token) };
  return { deps, app, pat, casino, bank };
}

describe('passes and self-exclusion over HTTP', () => {
  it('a subject self-excludes; the casino’s check denies; a pass shows the same answer; revoking stops it', async () => {
    const { app: a, pat, casino, bank } = await world();
    expect((await call(a, 'GET', '/v1/me/exclusions', pat)).body.offered).toEqual([
      expect.objectContaining({ list: 'self-excluded', minTerm: 'P1M', maxTerm: 'P2Y' }),
    ]);
    const ex = await call(a, 'POST', '/v1/me/exclusions', pat, { list: 'self-excluded', term: 'P6M' });
    expect(ex.status, JSON.stringify(ex.body)).toBe(201);
    expect(ex.body).toMatchObject({ state: 'active', term: 'P6M', termEndsAt: '2026-12-01T09:00:00.000Z' });
    const check = await call(a, 'POST', '/v1/checks', casino, { subject: 'person:pat', action: 'casino.enter' });
    expect(check.body).toMatchObject({ effect: 'deny', reasons: [expect.objectContaining({ list: 'self-excluded' })] });
    const early = await call(a, 'DELETE', `/v1/me/exclusions/${String(ex.body.id)}`, pat);
    expect([early.status, early.body.code]).toEqual([409, 'SELF_EXCLUSION_LOCKED']);

    const made = await call(a, 'POST', '/v1/me/passes', pat, { purpose: 'casino.enter', ttl: 'P2D' });
    expect(made.status).toBe(201);
    expect(made.headers['cache-control']).toBe('no-store');
    const token = String(made.body.token);
    const v = await call(a, 'GET', `/v1/passes/${token}`);
    expect(v.status).toBe(200);
    expect((v.body.check as Record<string, unknown>).effect).toBe('deny');
    expect((v.body.check as Record<string, unknown>).reasons).toEqual(check.body.reasons);
    expect(JSON.stringify(v.body)).not.toMatch(/score|records/);
    // The list of passes never shows a token.
    const listed = await call(a, 'GET', '/v1/me/passes', pat);
    expect(JSON.stringify(listed.body)).not.toContain(token);

    const tooLong = await call(a, 'POST', '/v1/me/passes', pat, { purpose: 'casino.enter', ttl: 'P31D' });
    expect([tooLong.status, tooLong.body.code]).toEqual([400, 'PASS_TTL_TOO_LONG']);

    // A pass for the bank only: anyone else, the casino included, is refused.
    const forBank = await call(a, 'POST', '/v1/me/passes', pat, { purpose: 'casino.enter', recipient: 'party:bank' });
    const bankToken = String(forBank.body.token);
    expect((await call(a, 'GET', `/v1/passes/${bankToken}`)).status).toBe(403);
    expect((await call(a, 'GET', `/v1/passes/${bankToken}`, casino)).body.code).toBe('PASS_NOT_FOR_YOU');
    expect((await call(a, 'GET', `/v1/passes/${bankToken}`, bank)).status).toBe(200);

    expect((await call(a, 'DELETE', `/v1/me/passes/${String(made.body.id)}`, pat)).body.status).toBe('revoked');
    const after = await call(a, 'GET', `/v1/passes/${token}`);
    expect([after.status, after.body.code]).toEqual([410, 'PASS_REVOKED']);

    const log = (await call(a, 'GET', '/v1/me/access-log', pat)).body.entries as Record<string, unknown>[];
    expect(log.map((e) => [e.party, e.effect])).toEqual([
      ['casino', 'deny'],
      ['pass holder', 'deny'],
      ['pass holder (not party:bank)', 'refused'],
      ['pass holder (not party:bank)', 'refused'],
      ['pass holder (party:bank)', 'deny'],
      ['pass holder', 'refused'],
    ]);
  });

  it('limits verification attempts per token and per address', async () => {
    const many = { max: 1000, windowMs: 60_000 };
    const { app: a, pat } = await world({
      signInPerAccount: many,
      signInPerAddress: many,
      enrolPerAddress: many,
      enrolPerCode: many,
      passPerAddress: { max: 5, windowMs: 60_000 },
      passPerToken: { max: 3, windowMs: 60_000 },
    });
    const made = await call(a, 'POST', '/v1/me/passes', pat, { purpose: 'casino.enter' });
    const token = String(made.body.token);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await call(a, 'GET', `/v1/passes/${token}`)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    // Guessing other tokens from one address runs into the address limit.
    const guesses: number[] = [];
    for (let i = 0; i < 3; i++) guesses.push((await call(a, 'GET', `/v1/passes/guess-${i}`)).status);
    expect(guesses).toEqual([404, 429, 429]);
  });
});
