import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { manualClock } from '../engine/clock.js';
import { entitle, partyAdd } from '../engine/decisions/check.js';
import { createAccessLogWriter } from '../engine/decisions/access-log-writer.js';
import type { EngineDeps } from '../engine/deps.js';
import { publishScheme } from '../engine/evaluation/publish.js';
import { importRecords } from '../engine/ingest/ingest.js';
import { addAccount } from '../engine/tenancy/accounts.js';
import {
  createApiKey,
  issueEnrolment,
  requireKey,
  requireSession,
  revokeApiKey,
  setPassword,
} from '../engine/tenancy/auth.js';
import { grantAction } from '../engine/tenancy/registry.js';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import { CITY_TEST_SCHEME } from '../test-support/city-test-scheme.js';
import { ACTIONS, linesOf, testEngine } from '../test-support/engine.js';
import { buildApp, type App, type AppOptions, type HttpDeps } from './app.js';
import { threadedLongReads } from './long-reads.js';

const T0 = Date.parse('2026-06-01T09:00:00Z');
const DAY = 86_400_000;
const PASSWORD = 'correct horse battery';

const dir = mkdtempSync(join(tmpdir(), 'standing-edge-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const apps: App[] = [];
const stores: EngineDeps[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.close();
  for (const d of stores.splice(0)) await d.store.close();
});

const jaywalk = (key: string, subject: string, daysAgo: number, data: Record<string, unknown> = {}) => ({
  key,
  authority: 'city',
  subject,
  kind: 'traffic.jaywalking',
  occurredAt: new Date(T0 - daysAgo * DAY).toISOString(),
  data,
});

async function account(
  deps: EngineDeps,
  name: string,
  roles: string[],
  extra: { authority?: string; subject?: string },
) {
  await addAccount(deps, { name, roles, ...extra });
  await setPassword(deps, name, PASSWORD);
}

/** City's staff (rita reports, ada administers, audrey audits), subjects pat and sam, an airline that checks. */
async function world(deps: EngineDeps & { clock: { now(): number } } = testEngine(T0)) {
  await grantAction(deps, 'city', 'flight.board');
  await publishScheme(deps, CITY_TEST_SCHEME);
  await partyAdd(deps, 'airline');
  await entitle(deps, 'airline', 'flight.board');
  const airline = (await createApiKey(deps, { party: 'airline' })).secret;
  const reporter = (await createApiKey(deps, { authority: 'city', roles: ['reporter'] })).secret;
  const auditor = (await createApiKey(deps, { authority: 'city', roles: ['auditor'] })).secret;
  await account(deps, 'ada', ['admin'], { authority: 'city' });
  await account(deps, 'desk', ['registrar'], {});
  await account(deps, 'pat', ['subject'], { subject: 'person:pat' });
  await account(deps, 'sam', ['subject'], { subject: 'person:sam' });
  const r = await importRecords(deps, linesOf([jaywalk('J-1', 'person:pat', 3), jaywalk('J-2', 'person:sam', 2)]));
  expect(r.rejected).toBe(0);
  const http: HttpDeps = {
    ...deps,
    accessLog: createAccessLogWriter(deps.store),
    auth: { key: (s) => requireKey(deps, s), session: (t) => requireSession(deps, t) },
  };
  return { deps, http, airline, reporter, auditor };
}

async function appOf(http: HttpDeps, options: AppOptions = {}): Promise<App> {
  const app = await buildApp(http, options);
  apps.push(app);
  return app;
}

const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });

describe('authentication before validation', () => {
  it('answers an anonymous caller of a secured route 401, whatever its body', async () => {
    const { http } = await world();
    const app = await appOf(http);
    for (const payload of ['{}', '{"records":"nope"}', 'not json', '{"a":1,"a":2}']) {
      const res = await app.inject({
        method: 'POST',
        url: '/v1/records',
        headers: { 'content-type': 'application/json' },
        payload,
      });
      expect(res.statusCode, payload).toBe(401);
      expect(res.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
    }
    // The query string too: an anonymous reader of a listing page is refused before its filters are read.
    const q = await app.inject({ method: 'GET', url: '/v1/listings?limit=nonsense' });
    expect(q.statusCode).toBe(401);
  });

  it('answers a principal without the role 403 before its body is validated', async () => {
    const { http, airline } = await world();
    const app = await appOf(http);
    const res = await app.inject({ method: 'POST', url: '/v1/records', headers: bearer(airline), payload: {} });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'FORBIDDEN' });
    const check = await app.inject({ method: 'POST', url: '/v1/checks', headers: bearer(airline), payload: {} });
    expect(check.statusCode).toBe(400); // the party holds the role: now its body is judged
  });
});

describe('what happened to a credential', () => {
  it('answers a revoked API key 401 KEY_REVOKED, an unknown one UNAUTHENTICATED', async () => {
    const { deps, http, reporter } = await world();
    const app = await appOf(http);
    const id = /^stk_(.{12})_/.exec(reporter)![1]!;
    await revokeApiKey(deps, id);
    const revoked = await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(reporter) });
    expect(revoked.statusCode).toBe(401);
    expect(revoked.json()).toMatchObject({ code: 'KEY_REVOKED' });
    const wrong = `${reporter.slice(0, -1)}${reporter.endsWith('A') ? 'B' : 'A'}`;
    const unknown = await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(wrong) });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('answers an expired session 401 SESSION_EXPIRED, and then (deleted) UNAUTHENTICATED', async () => {
    const deps = testEngine(T0);
    const { http } = await world(deps);
    const app = await appOf(http);
    const s = await app.inject({
      method: 'POST',
      url: '/v1/sessions',
      payload: { account: 'pat', password: PASSWORD },
    });
    const token = s.json<{ token: string }>().token;
    deps.clock.advance(12 * 3_600_000);
    const expired = await app.inject({ method: 'GET', url: '/v1/me', headers: { authorization: `Session ${token}` } });
    expect(expired.json()).toMatchObject({ code: 'SESSION_EXPIRED' });
    expect(expired.statusCode).toBe(401);
    const again = await app.inject({ method: 'GET', url: '/v1/me', headers: { authorization: `Session ${token}` } });
    expect(again.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});

describe('attempt limits', () => {
  const tight = {
    signInPerAccount: { max: 3, windowMs: 60_000 },
    signInPerAddress: { max: 5, windowMs: 60_000 },
    enrolPerAddress: { max: 4, windowMs: 60_000 },
    enrolPerCode: { max: 2, windowMs: 60_000 },
  };
  const signIn = (app: App, account: string, password: string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url: '/v1/sessions', headers, payload: { account, password } });

  it('refuses a fourth sign-in for one account with 429 and Retry-After; another account is unaffected', async () => {
    const { http } = await world();
    const app = await appOf(http, { attemptLimits: tight });
    for (let i = 0; i < 3; i++) expect((await signIn(app, 'pat', 'wrong password')).statusCode).toBe(401);
    const limited = await signIn(app, 'pat', PASSWORD);
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ code: 'RATE_LIMITED' });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect((await signIn(app, 'sam', PASSWORD)).statusCode).toBe(201);
  });

  it('limits one client address across accounts; behind a trusted proxy the address is X-Forwarded-For’s', async () => {
    const { http } = await world();
    const app = await appOf(http, { attemptLimits: tight, trustProxy: true });
    const from = (ip: string) => ({ 'x-forwarded-for': ip });
    for (let i = 0; i < 5; i++) await signIn(app, `nobody${i}`, 'wrong password', from('203.0.113.7'));
    const limited = await signIn(app, 'sam', PASSWORD, from('203.0.113.7'));
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBeDefined();
    expect((await signIn(app, 'sam', PASSWORD, from('198.51.100.9'))).statusCode).toBe(201);
  });

  it('does not let an untrusted X-Forwarded-For name a fresh address', async () => {
    const { http } = await world();
    const app = await appOf(http, { attemptLimits: tight });
    for (let i = 0; i < 5; i++)
      await signIn(app, `nobody${i}`, 'wrong password', { 'x-forwarded-for': `203.0.113.${i}` });
    expect((await signIn(app, 'sam', PASSWORD, { 'x-forwarded-for': '198.51.100.9' })).statusCode).toBe(429);
  });

  it('limits enrolment attempts per code and per address', async () => {
    const { deps, http } = await world();
    const app = await appOf(http, { attemptLimits: tight, trustProxy: true });
    const { code } = await issueEnrolment(deps, { registrar: 'desk', subject: 'person:pat' });
    const enrol = (c: string, ip: string, account = 'pat2') =>
      app.inject({
        method: 'POST',
        url: '/v1/enrolments',
        headers: { 'x-forwarded-for': ip },
        payload: { code: c, account, password: 'short' },
      });
    // Two tries with the code (too short a password each time), then the code is held back, from any address.
    expect((await enrol(code, '203.0.113.1')).json()).toMatchObject({ code: 'PASSWORD_WEAK' });
    expect((await enrol(code.toLowerCase(), '203.0.113.2')).statusCode).toBe(400);
    const held = await enrol(code, '203.0.113.3');
    expect(held.statusCode).toBe(429);
    expect(held.headers['retry-after']).toBeDefined();
    // One address guessing codes is stopped after four.
    for (let i = 0; i < 4; i++) await enrol(`GUESS${i}ABCDE`, '198.51.100.1');
    expect((await enrol('GUESSXABCDE', '198.51.100.1')).statusCode).toBe(429);
    expect((await enrol('GUESSXABCDE', '198.51.100.2')).statusCode).toBe(400);
  });
});

describe('security headers', () => {
  it('sends a CSP without inline script, frame denial and nosniff on pages and API answers', async () => {
    const { http } = await world();
    const app = await appOf(http);
    for (const url of ['/', '/v1/health', '/v1/me']) {
      const res = await app.inject({ method: 'GET', url });
      const csp = String(res.headers['content-security-policy']);
      // Pages may run their own scripts; the API's JSON answers may load nothing at all.
      expect(csp, url).toContain(url.startsWith('/v1/') ? "default-src 'none'" : "script-src 'self'");
      expect(csp, url).toContain("frame-ancestors 'none'");
      expect(csp, url).not.toContain('unsafe-inline');
      expect(res.headers['x-frame-options'], url).toBe('DENY');
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
    }
  });

  it('gives the API reference (/docs) its own policy: no inline script, no frames, no upgrade to HTTPS', async () => {
    const { http } = await world();
    const app = await appOf(http);
    const res = await app.inject({ method: 'GET', url: '/docs' });
    expect(res.statusCode).toBe(200);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toMatch(/script-src 'self'/);
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('upgrade-insecure-requests');
  });

  it('has pages that need no inline script or style (web/static/index.html)', () => {
    const html = readFileSync(new URL('../../web/static/index.html', import.meta.url), 'utf8');
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/<style|\sstyle=|\son[a-z]+=/i);
  });
});

describe('Secure session cookies', () => {
  const cookieOf = async (options: AppOptions, headers: Record<string, string>) => {
    const { http } = await world();
    const app = await appOf(http, options);
    const res = await app.inject({
      method: 'POST',
      url: '/v1/sessions',
      headers,
      payload: { account: 'pat', password: PASSWORD },
    });
    expect(res.statusCode).toBe(201);
    return String(res.headers['set-cookie']);
  };

  it('are Secure behind a trusted TLS proxy (X-Forwarded-Proto: https), and not on plain HTTP', async () => {
    expect(await cookieOf({ trustProxy: true }, { 'x-forwarded-proto': 'https' })).toMatch(/; Secure/);
    expect(await cookieOf({ trustProxy: '127.0.0.1' }, { 'x-forwarded-proto': 'https' })).toMatch(/; Secure/);
    expect(await cookieOf({ trustProxy: true }, {})).not.toMatch(/Secure/);
    // An untrusted client cannot claim HTTPS either way; it only decides nothing.
    expect(await cookieOf({}, { 'x-forwarded-proto': 'https' })).not.toMatch(/Secure/);
  });

  it('are always Secure when configured so', async () => {
    const cookie = await cookieOf({ secureCookies: true }, {});
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
  });
});

describe('strict JSON bodies', () => {
  const post = (app: App, secret: string, payload: string | Buffer) =>
    app.inject({
      method: 'POST',
      url: '/v1/records',
      headers: { ...bearer(secret), 'content-type': 'application/json' },
      payload,
    });

  it('refuses invalid UTF-8 with BODY_ENCODING_INVALID', async () => {
    const { http, reporter } = await world();
    const app = await appOf(http);
    const bytes = Buffer.concat([
      Buffer.from(
        '{"records":[{"key":"U-1","subject":"person:pat","kind":"traffic.jaywalking","occurredAt":"2026-05-01T00:00:00Z","data":{"n":"',
      ),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('"}}]}'),
    ]);
    const res = await post(app, reporter, bytes);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'BODY_ENCODING_INVALID' });
  });

  it('refuses a repeated member name at any depth, naming its path', async () => {
    const { http, reporter } = await world();
    const app = await appOf(http);
    const res = await post(
      app,
      reporter,
      '{"records":[{"key":"D-1","subject":"person:pat","kind":"traffic.jaywalking","occurredAt":"2026-05-01T00:00:00Z","data":{"x":1,"x":2}}]}',
    );
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'BODY_DUPLICATE_KEY', field: 'records.0.data.x' });
    const top = await app.inject({
      method: 'POST',
      url: '/v1/sessions',
      headers: { 'content-type': 'application/json' },
      payload: '{"account":"pat","account":"sam","password":"correct horse battery"}',
    });
    expect(top.json()).toMatchObject({ code: 'BODY_DUPLICATE_KEY', field: 'account' });
  });

  it('refuses the one record holding an integer beyond ±(2^53 − 1), naming the field, and keeps the others', async () => {
    const { http, reporter } = await world();
    const app = await appOf(http);
    const good = JSON.stringify(jaywalk('N-1', 'person:pat', 1, { n: 9007199254740991 }));
    const res = await post(
      app,
      reporter,
      `{"records":[${good},{"key":"N-2","subject":"person:pat","kind":"traffic.jaywalking","occurredAt":"2026-05-01T00:00:00Z","data":{"n":9007199254740993}}]}`,
    );
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      results: [{ index: 0, status: 'inserted' }],
      errors: [{ index: 1, code: 'RECORD_FIELD_INVALID', field: 'data.n', message: expect.any(String) as unknown }],
    });
    const stored = await app.inject({ method: 'GET', url: '/v1/records/city/N-1', headers: bearer(reporter) });
    expect(stored.json<{ data: unknown }>().data).toEqual({ n: 9007199254740991 });
    // Anywhere else in a body it is the request's error.
    const other = await app.inject({
      method: 'POST',
      url: '/v1/sessions',
      headers: { 'content-type': 'application/json' },
      payload: '{"account":"pat","password":"x","n":12345678901234567890}',
    });
    expect(other.json()).toMatchObject({ code: 'BODY_NUMBER_UNSAFE', field: 'n' });
  });

  it('keeps __proto__ and constructor as ordinary data: stored, read back, idempotent', async () => {
    const { http, reporter } = await world();
    const app = await appOf(http);
    const text =
      '{"records":[{"key":"P-1","subject":"person:pat","kind":"traffic.jaywalking","occurredAt":"2026-05-01T00:00:00Z","data":{"__proto__":{"polluted":true},"constructor":{"prototype":1}}}]}';
    const first = await post(app, reporter, text);
    expect(first.json()).toEqual({ results: [{ index: 0, status: 'inserted' }], errors: [] });
    expect((await post(app, reporter, text)).json()).toEqual({
      results: [{ index: 0, status: 'duplicate' }],
      errors: [],
    });
    const stored = await app.inject({ method: 'GET', url: '/v1/records/city/P-1', headers: bearer(reporter) });
    expect(stored.statusCode).toBe(200);
    expect(stored.body).toContain('"data":{"__proto__":{"polluted":true},"constructor":{"prototype":1}}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('record keys of every allowed length', () => {
  it('takes a 200-character key through import, lookup, retraction and dispute', async () => {
    const deps = testEngine(T0);
    const { http, reporter } = await world(deps);
    const app = await appOf(http);
    const key = `K/${'é'.repeat(98)}${'x'.repeat(100)}`;
    expect(key).toHaveLength(200);
    const put = await app.inject({
      method: 'POST',
      url: '/v1/records',
      headers: bearer(reporter),
      payload: { records: [jaywalk(key, 'person:pat', 1)] },
    });
    expect(put.json()).toMatchObject({ results: [{ index: 0, status: 'inserted' }] });
    const url = `/v1/records/city/${encodeURIComponent(key)}`;
    const got = await app.inject({ method: 'GET', url, headers: bearer(reporter) });
    expect(got.statusCode).toBe(200);
    expect(got.json()).toMatchObject({ key });
    const s = await app.inject({
      method: 'POST',
      url: '/v1/sessions',
      payload: { account: 'pat', password: PASSWORD },
    });
    const pat = { authorization: `Session ${s.json<{ token: string }>().token}` };
    const dispute = await app.inject({
      method: 'POST',
      url: `${url}/disputes`,
      headers: pat,
      payload: { statement: 'I was not there' },
    });
    expect(dispute.statusCode, dispute.body).toBe(201);
    const retract = await app.inject({
      method: 'POST',
      url: `${url}/retraction`,
      headers: bearer(reporter),
      payload: { reason: 'entered in error' },
    });
    expect(retract.statusCode, retract.body).toBe(200);
  });
});

describe('long reads off the path that answers checks', () => {
  it('answers a check while an audit verify of a large store runs', async () => {
    const file = join(dir, 'verify.db');
    const deps = { store: openSqliteStore(file, { create: true, actions: ACTIONS }), clock: manualClock(T0) };
    stores.push(deps);
    const { http, airline, auditor } = await world(deps);
    const many = Array.from({ length: 60_000 }, (_, i) => jaywalk(`M-${i}`, `person:m${i % 5000}`, 1 + (i % 300)));
    const r = await importRecords(deps, linesOf(many, 5000));
    expect(r.rejected).toBe(0);
    const app = await appOf({ ...http, longReads: threadedLongReads(file) });
    const checkOnce = () =>
      app.inject({
        method: 'POST',
        url: '/v1/checks',
        headers: bearer(airline),
        payload: { subject: 'person:pat', action: 'flight.board' },
      });
    expect((await checkOnce()).statusCode).toBe(200); // the access log's writer thread starts with the first check
    const order: string[] = [];
    const started = Date.now();
    const verify = app.inject({ method: 'GET', url: '/v1/audit/city/verify', headers: bearer(auditor) }).then((res) => {
      order.push('verify');
      return { res, ms: Date.now() - started };
    });
    await new Promise((go) => setTimeout(go, 20));
    const checkStarted = Date.now();
    const check = await checkOnce();
    const checkMs = Date.now() - checkStarted;
    order.push('check');
    expect(check.statusCode, check.body).toBe(200);
    const v = await verify;
    expect(v.res.statusCode, v.res.body).toBe(200);
    expect(v.res.json()).toMatchObject({ ok: true });
    expect(order).toEqual(['check', 'verify']);
    expect(checkMs).toBeLessThan(v.ms / 4);
  }, 120_000);
});
