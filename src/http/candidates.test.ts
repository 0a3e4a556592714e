import { expect, it } from 'vitest';
import type { EngineDeps } from '../engine/deps.js';
import { importRecords } from '../engine/ingest/ingest.js';
import { publishScheme } from '../engine/evaluation/publish.js';
import { sweep } from '../engine/evaluation/sweep.js';
import { addAccount } from '../engine/tenancy/accounts.js';
import { addAuthority, setPassword, signIn } from '../engine/tenancy/auth.js';
import { grantAction } from '../engine/tenancy/registry.js';
import { CITY_TEST_SCHEME } from '../test-support/city-test-scheme.js';
import { linesOf, testEngine } from '../test-support/engine.js';
import { call, realApp, type Credential } from '../test-support/http.js';

const HARSHER = CITY_TEST_SCHEME.replace('points: -40', 'points: -60');
const PASSWORD = 'correct horse battery';

async function setUp() {
  const deps: EngineDeps = testEngine(Date.parse('2026-03-01T00:00:00Z'));
  await addAuthority(deps, { name: 'city', kind: 'government' });
  await grantAction(deps, 'city', 'flight.board');
  await publishScheme(deps, CITY_TEST_SCHEME);
  const who: Record<string, Credential> = {};
  for (const name of ['ada', 'bea', 'cy']) {
    await addAccount(deps, { name, authority: 'city', roles: ['admin'] });
    await setPassword(deps, name, PASSWORD);
    who[name] = { type: 'session', token: (await signIn(deps, { account: name, password: PASSWORD })).token };
  }
  const raw = {
    key: 'j1',
    authority: 'city',
    subject: 'person:pat',
    kind: 'traffic.jaywalking',
    occurredAt: '2026-02-01T00:00:00Z',
  };
  await importRecords(deps, linesOf([raw]));
  await sweep(deps);
  return { deps, app: await realApp(deps), who };
}

it('over HTTP: a shadow is published (202), compared, promoted held by the gate, approved by another admin only', async () => {
  const { app, who } = await setUp();
  const shadow = await call(app, 'POST', '/v1/schemes', who.ada, { source: HARSHER, shadow: true });
  expect(shadow).toMatchObject({ status: 202, body: { status: 'shadow', version: 2, subjects: 1 } });
  const cmp = await call(app, 'GET', '/v1/schemes/city/city-test/compare', who.bea);
  expect(cmp.body).toMatchObject({ liveVersion: 1, shadowVersion: 2, differing: 1 });
  const promoted = await call(app, 'POST', '/v1/schemes/city/city-test/versions/2/promote', who.bea);
  expect(promoted).toMatchObject({ status: 202, body: { status: 'pending', gate: { opened: 1, held: true } } });
  const list = await call(app, 'GET', '/v1/schemes/candidates', who.bea);
  expect(list.body.versions).toMatchObject([{ version: 2, status: 'pending', canApprove: false }]);
  expect((await call(app, 'POST', '/v1/schemes/city/city-test/versions/2/approve', who.bea)).body).toMatchObject({
    code: 'APPROVER_IS_AUTHOR',
  });
  // Ada published the shadow, Bea asked for it live: a third admin approves.
  expect((await call(app, 'POST', '/v1/schemes/city/city-test/versions/2/approve', who.ada)).status).toBe(403);
  const approved = await call(app, 'POST', '/v1/schemes/city/city-test/versions/2/approve', who.cy);
  expect(approved).toMatchObject({ status: 200, body: { status: 'live', version: 2, created: true } });
  // A publication above the gate is held too (the same content as version 1 ends the new listing).
  const held = await call(app, 'POST', '/v1/schemes', who.ada, { source: CITY_TEST_SCHEME });
  expect(held).toMatchObject({ status: 202, body: { status: 'pending', version: 3 } });
});

it('over HTTP: a shadow version is withdrawn by an admin, once; a fourth shadow is refused', async () => {
  const { app, who } = await setUp();
  for (const p of [-45, -50, -55]) {
    const r = await call(app, 'POST', '/v1/schemes', who.ada, {
      source: CITY_TEST_SCHEME.replace('points: -40', `points: ${p}`),
      shadow: true,
    });
    expect(r.status).toBe(202);
  }
  const fourth = await call(app, 'POST', '/v1/schemes', who.ada, { source: HARSHER, shadow: true });
  expect([fourth.status, fourth.body.code]).toEqual([409, 'SHADOW_LIMIT']);
  // Each shadow is compared by its number; without one, the latest.
  const second = await call(app, 'GET', '/v1/schemes/city/city-test/compare?version=3', who.bea);
  expect([second.status, second.body.shadowVersion]).toEqual([200, 3]);
  expect((await call(app, 'GET', '/v1/schemes/city/city-test/compare', who.bea)).body.shadowVersion).toBe(4);
  expect((await call(app, 'GET', '/v1/schemes/city/city-test/compare?version=9', who.bea)).status).toBe(404);
  const withdrawn = await call(app, 'POST', '/v1/schemes/city/city-test/versions/3/withdraw', who.bea);
  expect(withdrawn).toMatchObject({
    status: 200,
    body: { authority: 'city', scheme: 'city-test', version: 3, status: 'withdrawn', by: 'bea' },
  });
  const again = await call(app, 'POST', '/v1/schemes/city/city-test/versions/3/withdraw', who.bea);
  expect([again.status, again.body.code]).toEqual([409, 'SCHEME_CANDIDATE_STATE']);
  const list = await call(app, 'GET', '/v1/schemes/candidates', who.bea);
  expect((list.body.versions as { version: number }[]).map((v) => v.version)).toEqual([2, 4]);
  expect((await call(app, 'POST', '/v1/schemes', who.ada, { source: HARSHER, shadow: true })).body).toMatchObject({
    status: 'shadow',
    version: 5,
  });
});
