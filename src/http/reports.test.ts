import { afterEach, describe, expect, it } from 'vitest';
import { publishScheme } from '../engine/evaluation/publish.js';
import { setReports } from '../engine/reports/reports.js';
import { addAccount } from '../engine/tenancy/accounts.js';
import { createApiKey, setPassword } from '../engine/tenancy/auth.js';
import { grantAction } from '../engine/tenancy/registry.js';
import { testEngine } from '../test-support/engine.js';
import { CITY_TEST_SCHEME } from '../test-support/city-test-scheme.js';
import { call, realApp, type Credential } from '../test-support/http.js';
import type { App } from './app.js';

const T0 = Date.parse('2026-06-01T09:00:00Z');
const PASSWORD = 'correct horse battery';

let app: App | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function world() {
  const deps = testEngine(T0);
  await grantAction(deps, 'city', 'flight.board');
  await publishScheme(deps, CITY_TEST_SCHEME);
  for (const [name, roles, extra] of [
    ['pat', ['subject'], { subject: 'person:pat' }],
    ['ann', ['subject'], { subject: 'person:ann' }],
    ['rev', ['reviewer'], { authority: 'city' }],
  ] as const) {
    await addAccount(deps, { name, roles: [...roles], ...extra });
    await setPassword(deps, name, PASSWORD);
  }
  app = await realApp(deps);
  const session = async (account: string): Promise<Credential> => {
    const res = await app!.inject({ method: 'POST', url: '/v1/sessions', payload: { account, password: PASSWORD } });
    return { type: 'session', token: String(res.json<{ token: string }>().token) };
  };
  const acmeKey: Credential = {
    type: 'key',
    secret: (await createApiKey(deps, { authority: 'acme', roles: ['reporter'], label: 'platform' })).secret,
  };
  const cityKey: Credential = {
    type: 'key',
    secret: (await createApiKey(deps, { authority: 'city', roles: ['reviewer'] })).secret,
  };
  return {
    deps,
    app,
    pat: await session('pat'),
    ann: await session('ann'),
    rev: await session('rev'),
    acmeKey,
    cityKey,
  };
}

const jaywalk = (over: Record<string, unknown> = {}) => ({
  authority: 'city',
  subject: 'person:ann',
  kind: 'traffic.jaywalking',
  occurredAt: '2026-06-01T08:00:00Z',
  data: { street: 'Main St' },
  description: 'Crossed against the red light.',
  ...over,
});

describe('reports from the public over HTTP', () => {
  it('files to an open authority; a human reviewer triages; the subject’s file names the public; rejection is final', async () => {
    const { deps, app: a, pat, ann, rev, acmeKey, cityKey } = await world();
    const closed = await call(a, 'POST', '/v1/reports', pat, jaywalk());
    expect([closed.status, closed.body.code]).toEqual([409, 'REPORTS_CLOSED']);
    await setReports(deps, 'city', { open: true, perDay: 2 });
    const pub = await call(a, 'GET', '/v1/public/authorities', { type: 'none' });
    expect(
      (pub.body.authorities as { name: string; reports: unknown }[]).find((x) => x.name === 'city')?.reports,
    ).toEqual({
      open: true,
      perDay: 2,
    });

    const filed = await call(a, 'POST', '/v1/reports', pat, jaywalk());
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    expect(filed.body).toMatchObject({ state: 'open', reporter: 'pat', reporterAuthority: null });
    const byKey = await call(a, 'POST', '/v1/reports', acmeKey, jaywalk({ occurredAt: '2026-06-01T07:00:00Z' }));
    expect(byKey.body).toMatchObject({ reporterAuthority: 'acme' });
    const self = await call(a, 'POST', '/v1/reports', ann, jaywalk());
    expect([self.status, self.body.code, self.body.field]).toEqual([400, 'REPORT_INVALID', 'subject']);
    const big = await call(a, 'POST', '/v1/reports', pat, jaywalk({ data: { blob: 'x'.repeat(17_000) } }));
    expect([big.status, big.body.code]).toEqual([400, 'RECORD_DATA_TOO_LARGE']);
    await call(a, 'POST', '/v1/reports', pat, jaywalk());
    const limited = await call(a, 'POST', '/v1/reports', pat, jaywalk());
    expect([limited.status, limited.body.code]).toEqual([429, 'REPORT_RATE_LIMITED']);
    expect(((await call(a, 'GET', '/v1/me/reports', pat)).body.reports as unknown[]).length).toBe(2);

    const keyQueue = await call(a, 'GET', '/v1/reports', cityKey);
    expect([keyQueue.status, keyQueue.body.code]).toEqual([403, 'REVIEWER_MUST_BE_HUMAN']);
    const queue = await call(a, 'GET', '/v1/reports?authority=city', rev);
    expect(queue.status).toBe(200);
    expect((queue.body.reports as { reporterAcceptanceRate: unknown }[]).length).toBe(3);

    const id = String(filed.body.id);
    const ok = await call(a, 'POST', `/v1/reports/${id}/decision`, rev, { outcome: 'accept', reasons: 'Camera 12.' });
    expect(ok.body).toMatchObject({ state: 'accepted', recordKey: `report-${id}` });
    const again = await call(a, 'POST', `/v1/reports/${id}/decision`, rev, { outcome: 'reject', reasons: 'No.' });
    expect([again.status, again.body.code]).toEqual([409, 'REPORT_DECIDED']);
    const other = String(byKey.body.id);
    const no = await call(a, 'POST', `/v1/reports/${other}/decision`, rev, { outcome: 'reject', reasons: 'Unclear.' });
    expect(no.body).toMatchObject({ state: 'rejected', reasons: 'Unclear.' });
    const missing = await call(a, 'POST', '/v1/reports/nope/decision', rev, { outcome: 'reject', reasons: 'x' });
    expect([missing.status, missing.body.code]).toEqual([404, 'REPORT_NOT_FOUND']);

    const records = await call(a, 'GET', '/v1/me/records', ann);
    expect(records.status).toBe(200);
    const list = (records.body.records ?? records.body) as { key: string; reportedBy?: string }[];
    expect(list.map((r) => [r.key, r.reportedBy])).toEqual([[`report-${id}`, 'a member of the public']]);
    const dispute = await call(a, 'POST', `/v1/records/city/report-${id}/disputes`, ann, { statement: 'Not me.' });
    expect(dispute.status).toBe(201);
    const queue2 = await call(a, 'GET', '/v1/reports?state=all', rev);
    const pats = (queue2.body.reports as { reporter: string; reporterAcceptanceRate: number | null }[]).filter(
      (r) => r.reporter === 'pat',
    );
    expect(pats.map((r) => r.reporterAcceptanceRate)).toEqual([1, 1]);
  });
});

describe('an authority opens itself to reports over HTTP', () => {
  it('its admin opens and closes it (audited, idempotent); another authority’s admin cannot; filing follows the setting', async () => {
    const w = await world();
    for (const [name, authority] of [
      ['ada', 'city'],
      ['tom', 'acme'],
    ] as const) {
      await addAccount(w.deps, { name, roles: ['admin'], authority });
      await setPassword(w.deps, name, PASSWORD);
    }
    const signIn = async (account: string): Promise<Credential> => {
      const res = await w.app.inject({ method: 'POST', url: '/v1/sessions', payload: { account, password: PASSWORD } });
      return { type: 'session', token: String(res.json<{ token: string }>().token) };
    };
    const ada = await signIn('ada');
    const tom = await signIn('tom');
    const closed = await call(w.app, 'POST', '/v1/reports', w.pat, jaywalk());
    expect(closed.body.code).toBe('REPORTS_CLOSED');
    const opened = await call(w.app, 'PUT', '/v1/authorities/city/reports', ada, { open: true, perDay: 3 });
    expect(opened).toMatchObject({ status: 200, body: { authority: 'city', open: true, perDay: 3, changed: true } });
    const again = await call(w.app, 'PUT', '/v1/authorities/city/reports', ada, { open: true });
    expect(again.body).toMatchObject({ open: true, perDay: 3, changed: false });
    expect((await call(w.app, 'PUT', '/v1/authorities/city/reports', tom, { open: false })).status).toBe(403);
    expect((await call(w.app, 'PUT', '/v1/authorities/city/reports', w.rev, { open: false })).status).toBe(403);
    expect((await call(w.app, 'PUT', '/v1/authorities/city/reports', ada, { open: 'yes' })).status).toBe(400);
    expect((await call(w.app, 'POST', '/v1/reports', w.pat, jaywalk())).status).toBe(201);
    const public_ = await call(w.app, 'GET', '/v1/public/authorities', undefined);
    expect(JSON.stringify(public_.body)).toContain('"reports"');
    const { verifyAudit } = await import('../engine/audit/audit.js');
    expect((await verifyAudit(w.deps)).ok).toBe(true);
  });
});
