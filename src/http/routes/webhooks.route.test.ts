import { expect, it } from 'vitest';
import { createAccessLogWriter } from '../../engine/decisions/access-log-writer.js';
import { entitle, partyAdd } from '../../engine/decisions/check.js';
import { addAuthority, createApiKey, requireKey, requireSession } from '../../engine/tenancy/auth.js';
import type { WebhookSettings } from '../../engine/webhooks/worker.js';
import { testEngine } from '../../test-support/engine.js';
import { call } from '../../test-support/http.js';
import { buildApp } from '../app.js';

const SETTINGS: WebhookSettings = { key: 'k'.repeat(40), allowPrivate: true };

async function setUp(settings: WebhookSettings = SETTINGS) {
  const deps = testEngine();
  await addAuthority(deps, { name: 'city', kind: 'government' });
  for (const p of ['skyways', 'railco']) {
    await partyAdd(deps, p);
    await entitle(deps, p, 'flight.board');
  }
  const sky = await createApiKey(deps, { party: 'skyways' });
  const rail = await createApiKey(deps, { party: 'railco' });
  const admin = await createApiKey(deps, { authority: 'city', roles: ['admin'] });
  const reporter = await createApiKey(deps, { authority: 'city', roles: ['reporter'] });
  const app = await buildApp({
    ...deps,
    accessLog: createAccessLogWriter(deps.store),
    auth: { key: (secret) => requireKey(deps, secret), session: (token) => requireSession(deps, token) },
    webhooks: settings,
  });
  const key = (k: { secret: string }) => ({ type: 'key', secret: k.secret }) as const;
  return { app, sky: key(sky), rail: key(rail), admin: key(admin), reporter: key(reporter) };
}

it('lets a relying party and an authority admin manage their own endpoints only, parties only for sanction events', async () => {
  const { app, sky, rail, admin, reporter } = await setUp();
  const made = await call(app, 'POST', '/v1/webhooks', sky, {
    url: 'http://127.0.0.1:9/hook',
    events: ['sanction.lifted'],
  });
  expect(made.status).toBe(201);
  expect(String(made.body.secret)).toMatch(/^whsec_/);
  const id = (made.body.endpoint as { id: string; party: string }).id;
  expect(made.body.endpoint).toMatchObject({ party: 'skyways', authority: null });
  expect(
    (await call(app, 'POST', '/v1/webhooks', sky, { url: 'http://127.0.0.1:9/h', events: ['listing.active'] })).body,
  ).toMatchObject({
    code: 'WEBHOOK_EVENTS_INVALID',
  });
  // Another party neither sees nor touches it.
  expect((await call(app, 'GET', '/v1/webhooks', rail)).body).toEqual({ endpoints: [] });
  expect((await call(app, 'POST', `/v1/webhooks/${id}/disable`, rail)).status).toBe(404);
  expect((await call(app, 'GET', `/v1/webhooks/${id}/deliveries`, admin)).status).toBe(404);
  // The owner lists, rotates, disables, reads the log.
  expect(((await call(app, 'GET', '/v1/webhooks', sky)).body.endpoints as unknown[]).length).toBe(1);
  const rotated = await call(app, 'POST', `/v1/webhooks/${id}/rotate`, sky);
  expect(rotated.status).toBe(200);
  expect(rotated.body.secret).not.toBe(made.body.secret);
  expect((await call(app, 'POST', `/v1/webhooks/${id}/disable`, sky)).body).toMatchObject({ id });
  expect((await call(app, 'GET', `/v1/webhooks/${id}/deliveries`, sky)).body).toEqual({ deliveries: [] });
  // An admin registers its authority's endpoint; a reporter may not; nobody anonymous.
  const city = await call(app, 'POST', '/v1/webhooks', admin, { url: 'http://127.0.0.1:9/city', events: ['*'] });
  expect(city.body.endpoint).toMatchObject({ authority: 'city', party: null });
  expect(
    (await call(app, 'POST', '/v1/webhooks', reporter, { url: 'http://127.0.0.1:9/x', events: ['*'] })).status,
  ).toBe(403);
  expect((await call(app, 'GET', '/v1/webhooks')).status).toBe(401);
  await app.close();
});

it('refuses a loopback webhook URL over HTTP unless the operator allows private addresses', async () => {
  const { app, sky } = await setUp({ ...SETTINGS, allowPrivate: false });
  const r = await call(app, 'POST', '/v1/webhooks', sky, {
    url: 'http://127.0.0.1:9/hook',
    events: ['sanction.lifted'],
  });
  expect(r.status).toBe(400);
  expect(r.body).toMatchObject({ code: 'WEBHOOK_URL_REFUSED' });
  await app.close();
});
