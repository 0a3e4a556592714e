import { expect, it } from 'vitest';
import { CITY_TEST_SCHEME } from '../test-support/city-test-scheme.js';
import { testEngine } from '../test-support/engine.js';
import { call, realApp, type Credential } from '../test-support/http.js';
import { publishScheme } from '../engine/evaluation/publish.js';
import { addAccount } from '../engine/tenancy/accounts.js';
import { setPassword, signIn } from '../engine/tenancy/auth.js';
import { grantAction } from '../engine/tenancy/registry.js';

const SCHEME = `${CITY_TEST_SCHEME.replace('scheme: city-test', 'scheme: city-orders')}  - { id: by-order, type: watchlist, manual: true, maxTerm: P90D }
`;

it('opens a listing by decision over HTTP, answers the same decision unchanged, and reports bad batch items by index', async () => {
  const deps = testEngine(Date.parse('2026-06-01T00:00:00Z'));
  await grantAction(deps, 'city', 'flight.board');
  await publishScheme(deps, SCHEME);
  await addAccount(deps, { name: 'ada', authority: 'city', roles: ['admin'] });
  await setPassword(deps, 'ada', 'correct horse battery');
  const ada: Credential = {
    type: 'session',
    token: (await signIn(deps, { account: 'ada', password: 'correct horse battery' })).token,
  };
  const app = await realApp(deps);
  const decision = {
    key: 'O-7',
    subject: 'person:zed',
    scheme: 'city-orders',
    list: 'by-order',
    reason: 'Ordered by the court',
    basis: 'CCP art. 1',
    evidence: 'https://court.example/o/7',
    term: 'P30D',
  };
  const opened = await call(app, 'POST', '/v1/listings/decisions', ada, decision);
  expect(opened.status).toBe(201);
  expect(opened.body).toMatchObject({ outcome: 'opened', key: 'O-7', state: 'noticed', authority: 'city' });
  expect((await call(app, 'POST', '/v1/listings/decisions', ada, decision)).body).toMatchObject({
    outcome: 'unchanged',
  });
  const conflict = await call(app, 'POST', '/v1/listings/decisions', ada, { ...decision, reason: 'Other' });
  expect([conflict.status, conflict.body.code]).toEqual([409, 'DECISION_CONFLICT']);
  const long = await call(app, 'POST', '/v1/listings/decisions', ada, {
    ...decision,
    key: 'O-8',
    subject: 'person:yan',
    term: 'P1Y',
  });
  expect([long.status, long.body.code]).toEqual([400, 'TERM_TOO_LONG']);

  const batch = await call(app, 'POST', '/v1/listings/decisions/batch', ada, {
    decisions: [
      { ...decision, key: 'B-1', subject: 'person:b1' },
      { ...decision, key: 'B-2', subject: 'person:b2', list: 'air-travel-ban' },
      'nonsense',
      { ...decision, key: 'B-4', subject: 'person:b4' },
    ],
  });
  expect(batch.status).toBe(200);
  expect((batch.body.results as { index: number }[]).map((r) => r.index)).toEqual([0, 3]);
  expect((batch.body.errors as { index: number; code: string }[]).map((e) => [e.index, e.code])).toEqual([
    [1, 'LIST_NOT_MANUAL'],
    [2, 'DECISION_INVALID'],
  ]);
  await app.close();
});
