import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Principal } from '../core/principal.js';
import { createAccessLogWriter } from '../engine/decisions/access-log-writer.js';
import { actingAs, addAccount } from '../engine/tenancy/accounts.js';
import { decideAppeal, fileAppeal } from '../engine/due-process/appeals.js';
import { grantAction } from '../engine/tenancy/registry.js';
import { setRetention } from '../engine/ingest/retention.js';
import { sweep } from '../engine/evaluation/sweep.js';
import { testEngine } from '../test-support/engine.js';
import { buildApp, type App } from './app.js';
import type { Authenticator } from './auth.js';

const DAY = 86_400_000;
const T0 = Date.parse('2026-06-01T00:00:00Z');

const SCHEME = `
scheme: city-test
authority: city
title: City test scheme
context: civic
subjects: [person]
score: { base: 100, min: 0, max: 200 }
grades:
  - { id: A, min: 60 }
  - { id: D }
rules:
  - id: jaywalking
    when: record.kind == "traffic.jaywalking"
    points: -40
    lapse: P1Y
lists:
  - id: air-travel-ban
    type: blacklist
    when: subject.grade == "D"
    publish: true
    sanctions:
      - action: flight.board
        effect: deny
        justification: Repeated offences restrict air travel
        basis: Municipal Regulation 7 (2026) art. 9
  - id: watch
    type: watchlist
    when: subject.grade == "D"
`;

const PRIVATE = `
scheme: city-private
public: false
context: civic
rules:
  - { id: any, when: 'record.kind == "traffic.jaywalking"', points: -1 }
`;

const staff = (
  authority: string,
  roles: Extract<Principal, { type: 'staff' }>['roles'],
  account: string | null,
  key: string | null = null,
): Principal => ({
  type: 'staff',
  authority,
  roles,
  account,
  key,
});

// The HTTP edge's own port: fixed tokens stand for principals (real key authentication is tested with engine/auth).
const TOKENS = new Map<string, Principal>([
  ['city-reporter', staff('city', ['reporter'], 'rita')],
  ['city-admin', staff('city', ['admin'], 'ada')],
  ['city-auditor', staff('city', ['auditor'], 'audrey')],
  ['city-reviewer', staff('city', ['reviewer'], 'vic')],
  ['tax-reporter', staff('tax', ['reporter'], null, 'k9')],
  ['tax-admin', staff('tax', ['admin'], 'tad')],
  ['tax-auditor', staff('tax', ['auditor'], 'tia')],
  ['subject-pat', { type: 'subject', subject: 'person:pat', account: 'pat' }],
  ['party-airline', { type: 'party', party: 'airline', key: 'k1' }],
]);

const auth: Authenticator = {
  key: async (secret) => TOKENS.get(secret) ?? null,
  session: async () => null,
};

const rec = (key: string, subject: string, daysAgo: number, extra: Record<string, unknown> = {}) => ({
  key,
  subject,
  kind: 'traffic.jaywalking',
  occurredAt: new Date(T0 - daysAgo * DAY).toISOString(),
  ...extra,
});

let app: App | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function setUp(options: { maxBatch?: number } = {}) {
  const deps = testEngine(T0);
  await grantAction(deps, 'city', 'flight.board');
  const built = await buildApp({ ...deps, auth, accessLog: createAccessLogWriter(deps.store) }, options);
  app = built;
  const call = async (method: 'GET' | 'POST', url: string, token?: string, body?: unknown) => {
    const res = await built.inject({
      method,
      url,
      headers: token ? { authorization: `Bearer ${token}` } : {},
      ...(body !== undefined ? { payload: body as Record<string, unknown> } : {}),
    });
    return { status: res.statusCode, body: res.json<Record<string, unknown>>() };
  };
  return { deps, app: built, call };
}

async function publish(call: Awaited<ReturnType<typeof setUp>>['call'], source = SCHEME) {
  const r = await call('POST', '/v1/schemes', 'city-admin', { source });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body;
}

const count = async (deps: Awaited<ReturnType<typeof setUp>>['deps']) =>
  deps.store.transaction(async (tx) => (await tx.recordsAfterId(0, 1000)).length);

describe('POST /v1/records', () => {
  it('keeps the good records of a batch and reports the bad one by its index', async () => {
    const { deps, call } = await setUp();
    const r = await call('POST', '/v1/records', 'city-reporter', {
      records: [
        rec('J-1', 'person:pat', 3),
        { key: 'J-2', subject: 'nobody', kind: 'traffic.jaywalking', occurredAt: '2026-05-01T00:00:00Z' },
        rec('J-3', 'person:sam', 2),
      ],
    });
    expect(r.status).toBe(200);
    expect(r.body.results).toEqual([
      { index: 0, status: 'inserted' },
      { index: 2, status: 'inserted' },
    ]);
    expect(r.body.errors).toEqual([
      { index: 1, code: 'RECORD_FIELD_INVALID', message: expect.any(String) as string, field: 'subject' },
    ]);
    expect(await count(deps)).toBe(2);
    const stored = await call('GET', '/v1/records/city/J-1', 'city-reporter');
    expect(stored.status).toBe(200);
    expect(stored.body).toMatchObject({
      key: 'J-1',
      authority: 'city',
      subject: 'person:pat',
      submittedBy: 'rita',
      data: {},
      retracted: null,
    });
  });

  it('accepts a resubmission as a duplicate, refuses other content under the same key as a conflict', async () => {
    const { deps, call } = await setUp();
    await call('POST', '/v1/records', 'city-reporter', { records: [rec('J-1', 'person:pat', 3)] });
    const again = await call('POST', '/v1/records', 'city-reporter', {
      records: [rec('J-1', 'person:pat', 3), rec('J-1', 'person:pat', 1)],
    });
    expect(again.status).toBe(200);
    expect(again.body.results).toEqual([{ index: 0, status: 'duplicate' }]);
    expect(again.body.errors).toEqual([
      { index: 1, code: 'RECORD_CONFLICT', message: expect.any(String) as string, field: 'key' },
    ]);
    expect(await count(deps)).toBe(1);
  });

  it('wrong types inside one record are that record’s error; unknown record fields too', async () => {
    const { call } = await setUp();
    const r = await call('POST', '/v1/records', 'city-reporter', {
      records: [{ ...rec('J-1', 'person:pat', 1), data: 'x' }, { ...rec('J-2', 'person:pat', 1), colour: 'red' }, 7],
    });
    expect(r.body.results).toEqual([]);
    expect((r.body.errors as { index: number; code: string }[]).map((e) => [e.index, e.code])).toEqual([
      [0, 'RECORD_FIELD_INVALID'],
      [1, 'RECORD_FIELD_UNKNOWN'],
      [2, 'RECORD_JSON_INVALID'],
    ]);
  });

  it('rejects a whole request that is too large, malformed or of the wrong shape, storing nothing', async () => {
    const { deps, app: a, call } = await setUp({ maxBatch: 3 });
    const big = await call('POST', '/v1/records', 'city-reporter', {
      records: [1, 2, 3, 4].map((i) => rec(`J-${i}`, 'person:pat', 1)),
    });
    expect(big.status).toBe(413);
    expect(big.body.code).toBe('REQUEST_TOO_LARGE');

    const bad = await a.inject({
      method: 'POST',
      url: '/v1/records',
      headers: { authorization: 'Bearer city-reporter', 'content-type': 'application/json' },
      payload: '{"records": [',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ code: string }>().code).toBe('REQUEST_JSON_INVALID');

    const unknown = await call('POST', '/v1/records', 'city-reporter', {
      records: [rec('J-1', 'person:pat', 1)],
      dryRun: true,
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ code: 'REQUEST_INVALID', field: 'body.dryRun' });

    const wrongType = await call('POST', '/v1/records', 'city-reporter', { records: { key: 'J-1' } });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body).toMatchObject({ code: 'REQUEST_INVALID', field: 'body.records' });
    expect(await count(deps)).toBe(0);
  });

  it("answers what Node's HTTP parser refuses (oversized headers or URL, malformed HTTP) with a code too", async () => {
    const { app: a } = await setUp();
    const url = await a.listen({ port: 0, host: '127.0.0.1' });
    const long = await fetch(`${url}/v1/me?after=${'a'.repeat(20_000)}`);
    expect(long.status).toBe(431);
    expect(await long.json()).toEqual({ code: 'REQUEST_TOO_LARGE', message: expect.any(String) as string });
    const { port } = new URL(url);
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () =>
        socket.write('GET /v1/me HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n'),
      );
      let got = '';
      socket.on('data', (d: Buffer) => (got += d.toString()));
      socket.on('end', () => resolve(got));
      socket.on('error', reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 400 /);
    expect(JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4))).toMatchObject({ code: 'REQUEST_INVALID' });
  });

  it('is for reporters of the records’ own authority', async () => {
    const { deps, call } = await setUp();
    expect((await call('POST', '/v1/records', undefined, { records: [] })).status).toBe(401);
    expect((await call('POST', '/v1/records', 'city-admin', { records: [rec('J-1', 'person:pat', 1)] })).status).toBe(
      403,
    );
    expect(
      (await call('POST', '/v1/records', 'party-airline', { records: [rec('J-1', 'person:pat', 1)] })).status,
    ).toBe(403);
    // A tax reporter naming city: that record is refused, its own record (authority defaulted to tax) kept.
    const r = await call('POST', '/v1/records', 'tax-reporter', {
      records: [rec('J-1', 'person:pat', 1, { authority: 'city' }), rec('T-1', 'person:pat', 1)],
    });
    expect(r.status).toBe(200);
    expect(r.body.errors).toEqual([
      { index: 0, code: 'FORBIDDEN', message: expect.any(String) as string, field: 'authority' },
    ]);
    expect(r.body.results).toEqual([{ index: 1, status: 'inserted' }]);
    const t1 = await deps.store.transaction((tx) => tx.getRecord('tax', 'T-1'));
    expect(t1?.submittedBy).toBe('key:k9');
    expect(await deps.store.transaction((tx) => tx.getRecord('city', 'J-1'))).toBeUndefined();
  });
});

describe('records of one authority', () => {
  it('another authority can neither read nor retract them; its own reporter retracts with a reason', async () => {
    const { call } = await setUp();
    await call('POST', '/v1/records', 'city-reporter', { records: [rec('J/1', 'person:pat', 1)] });
    const url = `/v1/records/city/${encodeURIComponent('J/1')}`;
    expect((await call('GET', url, 'tax-reporter')).status).toBe(403);
    expect((await call('GET', url)).status).toBe(401);
    expect((await call('POST', `${url}/retraction`, 'tax-reporter', { reason: 'not ours' })).status).toBe(403);
    expect((await call('POST', `${url}/retraction`, 'city-auditor', { reason: 'no' })).status).toBe(403);
    expect((await call('GET', url, 'city-auditor')).body).toMatchObject({ key: 'J/1', retracted: null });
    expect((await call('POST', `${url}/retraction`, 'city-reporter', { reason: '   ' })).body.code).toBe(
      'REQUEST_INVALID',
    );

    const r = await call('POST', `${url}/retraction`, 'city-reporter', { reason: 'entered twice' });
    expect(r.status).toBe(200);
    expect(r.body.retracted).toEqual({ at: new Date(T0).toISOString(), reason: 'entered twice' });
    expect((await call('POST', `${url}/retraction`, 'city-reporter', { reason: 'again' })).body.code).toBe(
      'RECORD_ALREADY_RETRACTED',
    );
    expect((await call('GET', '/v1/records/city/nope', 'city-reporter')).status).toBe(404);
  });
});

describe('schemes', () => {
  it('publishes for the admin’s own authority only, with every problem of an invalid scheme', async () => {
    const { call } = await setUp();
    const first = await publish(call);
    expect(first).toMatchObject({ authority: 'city', scheme: 'city-test', version: 1, created: true });
    const same = await call('POST', '/v1/schemes', 'city-admin', { source: SCHEME });
    expect(same.status).toBe(200);
    expect(same.body).toMatchObject({ version: 1, created: false });

    const foreign = await call('POST', '/v1/schemes', 'tax-admin', { source: SCHEME });
    expect(foreign.status).toBe(403);
    expect(foreign.body.code).toBe('FORBIDDEN');
    expect((await call('POST', '/v1/schemes', 'city-reporter', { source: SCHEME })).status).toBe(403);

    const invalid = await call('POST', '/v1/schemes', 'city-admin', {
      source: 'scheme: Bad Id\ncontext: civic\nsurprise: 1\n',
    });
    expect(invalid.status).toBe(400);
    const problems = invalid.body.errors as { code: string; line: number; field: string }[];
    expect(problems.map((p) => p.code).sort()).toEqual(['SCHEME_FIELD_INVALID', 'SCHEME_FIELD_UNKNOWN']);
    expect(problems.every((p) => typeof p.line === 'number')).toBe(true);
    const one = await call('POST', '/v1/schemes', 'city-admin', { source: 'scheme: ok\n' });
    expect(one.status).toBe(400);
    expect(one.body.errors).toHaveLength(1);
  });

  it('checks a scheme for any staff, with the proportionality report', async () => {
    const { call } = await setUp();
    const ok = await call('POST', '/v1/schemes/check', 'city-reporter', { source: SCHEME });
    expect(ok.status).toBe(200);
    expect(ok.body.valid).toBe(true);
    expect(ok.body.report).toEqual([
      expect.objectContaining({
        list: 'air-travel-ban',
        action: 'flight.board',
        crossContext: true,
        triggers: ['traffic.jaywalking'],
        longest: 'P1Y',
      }),
    ]);
    const bad = await call('POST', '/v1/schemes/check', 'city-reporter', { source: 'scheme: x\n' });
    expect(bad.body).toMatchObject({
      valid: false,
      errors: [expect.objectContaining({ code: 'SCHEME_FIELD_MISSING', field: 'context' })],
    });
    expect((await call('POST', '/v1/schemes/check', undefined, { source: SCHEME })).status).toBe(401);
    expect((await call('POST', '/v1/schemes/check', 'subject-pat', { source: SCHEME })).status).toBe(403);
  });

  it('shows public schemes to everyone and a non-public one only to its own staff: to others it does not exist', async () => {
    const { call } = await setUp();
    await publish(call);
    await publish(call, PRIVATE);
    const ids = (body: Record<string, unknown>) => (body.versions as { scheme: string }[]).map((v) => v.scheme);
    expect(ids((await call('GET', '/v1/schemes')).body)).toEqual(['city-test']);
    expect(ids((await call('GET', '/v1/schemes', 'tax-admin')).body)).toEqual(['city-test']);
    expect(ids((await call('GET', '/v1/schemes', 'city-reporter')).body)).toEqual(['city-private', 'city-test']);

    for (const url of ['/v1/schemes/city/city-private', '/v1/schemes/city/city-private/versions/1']) {
      expect((await call('GET', url)).status).toBe(404);
      const other = await call('GET', url, 'tax-admin');
      expect(other.status).toBe(404);
      expect(other.body.code).toBe('SCHEME_NOT_FOUND');
      expect((await call('GET', url, 'city-auditor')).status).toBe(200);
    }
    const v = await call('GET', '/v1/schemes/city/city-test/versions/1');
    expect(v.status).toBe(200);
    expect(v.body).toMatchObject({
      scheme: 'city-test',
      version: 1,
      public: true,
      title: 'City test scheme',
      source: SCHEME,
    });
    expect((v.body.content as { lists: unknown[] }).lists).toHaveLength(2);
    expect(v.body.report).toHaveLength(1);
    expect((await call('GET', '/v1/schemes/city/city-test/versions/2')).status).toBe(404);
    expect((await call('GET', '/v1/schemes/city/city-test/versions/x')).body.code).toBe('REQUEST_INVALID');
  });
});

describe('scores', () => {
  it('explain and scores are for the scheme authority’s admins, reviewers and auditors', async () => {
    const { deps, call } = await setUp();
    await publish(call);
    await call('POST', '/v1/records', 'city-reporter', {
      records: [rec('J-1', 'person:pat', 3), rec('J-2', 'person:pat', 2), rec('J-3', 'person:sam', 2)],
    });
    await sweep(deps);
    const url = '/v1/schemes/city/city-test/subjects/person:pat';
    const x = await call('GET', url, 'city-reviewer');
    expect(x.status).toBe(200);
    expect(x.body).toMatchObject({
      subject: 'person:pat',
      version: 1,
      score: 20,
      grade: 'D',
      lists: ['air-travel-ban', 'watch'],
      candidates: 2,
    });
    expect(x.body.contributions).toHaveLength(2);
    const before = await call(
      'GET',
      `${url}?at=${encodeURIComponent(new Date(T0 - 2.5 * DAY).toISOString())}`,
      'city-auditor',
    );
    expect(before.body).toMatchObject({ score: 60, grade: 'A' });
    expect((await call('GET', `${url}?at=yesterday`, 'city-auditor')).body).toMatchObject({
      code: 'INSTANT_INVALID',
      field: 'at',
    });
    expect((await call('GET', `${url}?colour=red`, 'city-auditor')).body.code).toBe('REQUEST_INVALID');
    expect((await call('GET', url, 'city-reporter')).status).toBe(403);
    expect((await call('GET', url, 'tax-admin')).status).toBe(403);
    expect((await call('GET', url, 'party-airline')).status).toBe(403);
    expect((await call('GET', '/v1/schemes/city/nope/subjects/person:pat', 'city-admin')).status).toBe(404);

    const page1 = await call('GET', '/v1/schemes/city/city-test/scores?limit=1', 'city-admin');
    expect(page1.body).toEqual({
      lines: [{ subject: 'person:pat', score: 20, grade: 'D', lists: ['air-travel-ban', 'watch'] }],
      next: 'person:pat',
    });
    const page2 = await call('GET', '/v1/schemes/city/city-test/scores?limit=1&after=person:pat', 'city-admin');
    expect(page2.body).toEqual({ lines: [{ subject: 'person:sam', score: 60, grade: 'A', lists: [] }], next: null });
    expect((await call('GET', '/v1/schemes/city/city-test/scores?limit=0', 'city-admin')).body).toMatchObject({
      code: 'REQUEST_INVALID',
      field: 'limit',
    });
    expect((await call('GET', '/v1/schemes/city/city-test/scores?limit=1001', 'city-admin')).body).toMatchObject({
      code: 'REQUEST_INVALID',
      field: 'limit',
    });
    expect((await call('GET', '/v1/schemes/city/city-test/scores?limit=-1', 'city-admin')).body.code).toBe(
      'REQUEST_INVALID',
    );
  });
});

describe('public transparency and the registry', () => {
  it('answers anonymously: actions, grants, authorities, published lists and their active entries, statistics', async () => {
    const { deps, call } = await setUp();
    await publish(call);
    await publish(call, PRIVATE);
    await addAccount(deps, { name: 'pat', roles: ['subject'], subject: 'person:pat' });
    await addAccount(deps, { name: 'kim', roles: ['subject'], subject: 'person:kim' });
    await addAccount(deps, { name: 'vic', authority: 'city', roles: ['reviewer'] });
    const r = await call('POST', '/v1/records', 'city-reporter', {
      records: [
        rec('J-1', 'person:pat', 3),
        rec('J-2', 'person:pat', 2),
        rec('J-3', 'person:sam', 2),
        rec('J-4', 'person:kim', 3),
        rec('J-5', 'person:kim', 2),
      ],
    });
    expect(r.body.errors).toEqual([]);

    const actions = await call('GET', '/v1/actions');
    expect(actions.status).toBe(200);
    expect(actions.body.actions).toContainEqual(
      expect.objectContaining({ name: 'flight.board', domain: 'aviation', effect: 'deny' }),
    );
    expect((await call('GET', '/v1/grants')).body).toEqual({
      grants: [{ authority: 'city', action: 'flight.board', grantedAt: new Date(T0).toISOString() }],
    });
    expect((await call('GET', '/v1/public/authorities')).body.authorities).toContainEqual({
      name: 'city',
      kind: null,
      title: null,
      retention: null,
      reports: { open: false, perDay: 10 },
    });
    await setRetention(deps, 'city', 'P30D');
    expect((await call('GET', '/v1/public/authorities')).body.authorities).toContainEqual({
      name: 'city',
      kind: null,
      title: null,
      retention: 'P30D',
      reports: { open: false, perDay: 10 },
    });
    expect((await call('GET', '/v1/public/lists')).body).toEqual({
      lists: [
        {
          authority: 'city',
          scheme: 'city-test',
          version: 1,
          list: 'air-travel-ban',
          title: null,
          type: 'blacklist',
          full: false,
        },
      ],
    });

    // pat appeals and is upheld after 2 days; kim appeals and is overturned after 4.
    const listings = await deps.store.transaction(async (tx) => [
      ...(await tx.listingsOfSubject('person:pat')),
      ...(await tx.listingsOfSubject('person:kim')),
    ]);
    const ban = (s: string) => listings.find((l) => l.subject === s && l.list === 'air-travel-ban')!;
    const pa = await fileAppeal(deps, {
      listing: ban('person:pat').id,
      statement: 'I was pushed',
      as: await actingAs(deps, 'pat'),
    });
    const ka = await fileAppeal(deps, {
      listing: ban('person:kim').id,
      statement: 'Not me',
      as: await actingAs(deps, 'kim'),
    });
    deps.clock.advance(2 * DAY);
    await decideAppeal(deps, {
      appeal: pa.id,
      outcome: 'uphold',
      reasons: 'Two records',
      as: await actingAs(deps, 'vic'),
    });
    deps.clock.advance(2 * DAY);
    await decideAppeal(deps, {
      appeal: ka.id,
      outcome: 'overturn',
      reasons: 'Mistaken identity',
      exempt: true,
      as: await actingAs(deps, 'vic'),
    });

    const entriesUrl = '/v1/public/lists/city/city-test/air-travel-ban/entries';
    expect((await call('GET', entriesUrl)).body).toMatchObject({ entries: [], next: null });
    deps.clock.advance(7 * DAY);
    await sweep(deps);
    const entries = await call('GET', entriesUrl);
    expect(entries.status).toBe(200);
    expect(entries.body).toEqual({
      list: {
        authority: 'city',
        scheme: 'city-test',
        version: 1,
        list: 'air-travel-ban',
        title: null,
        type: 'blacklist',
        full: false,
      },
      // A person's id is masked on the register (SPEC §8); one this short is hidden whole.
      entries: [{ subject: 'person:***', since: new Date(T0 + 10 * DAY).toISOString() }],
      next: null,
    });
    expect(JSON.stringify(entries.body)).not.toContain('pat');
    // Whoever knows the id may ask about it exactly.
    const lookup = (subject: string) => call('GET', `/v1/public/lists/city/air-travel-ban/entries/${subject}`);
    expect((await lookup('person:pat')).body).toMatchObject({
      subject: 'person:pat',
      listed: true,
      since: new Date(T0 + 10 * DAY).toISOString(),
    });
    // kim's ban was overturned; sam was never listed.
    expect((await lookup('person:kim')).body).toMatchObject({ listed: false, since: null });
    expect((await lookup('person:sam')).body).toMatchObject({ listed: false, since: null });
    expect((await call('GET', '/v1/public/lists/city/watch/entries/person:pat')).status).toBe(404);
    expect((await lookup('pat')).body.code).toBe('REQUEST_INVALID');
    expect((await call('GET', '/v1/public/lists/city/city-test/watch/entries')).status).toBe(404);
    expect((await call('GET', '/v1/public/lists/city/city-private/any/entries')).status).toBe(404);
    expect((await call('GET', `${entriesUrl}?limit=abc`)).body.code).toBe('REQUEST_INVALID');

    const stats = await call('GET', '/v1/public/statistics');
    expect(stats.status).toBe(200);
    const city = (stats.body.authorities as { authority: string }[]).find((a) => a.authority === 'city');
    expect(city).toEqual({
      authority: 'city',
      schemes: [
        {
          scheme: 'city-test',
          version: 1,
          title: 'City test scheme',
          judged: 3,
          grades: [
            { grade: 'A', count: 1 },
            { grade: 'D', count: 2 },
          ],
        },
      ],
      // Each of pat and kim was put on both lists; kim's ban was overturned.
      listings: { started: 4, ended: 1 },
      appeals: { filed: 2, upheld: 1, overturned: 1, pending: 0, medianDecisionMs: 3 * DAY },
      disputes: { deadline: 'P30D', filed: 0, pending: 0, overdue: 0 },
    });
  });

  it('masks persons on a register page by page: no entry or cursor names one; only organization lists publish in full', async () => {
    const { deps, call } = await setUp();
    await publish(call);
    const ids = ['person:110101199001011234', 'person:110101199202025678', 'person:220202198812129999'];
    const r = await call('POST', '/v1/records', 'city-reporter', {
      records: ids.flatMap((id, i) => [rec(`A-${i}`, id, 3), rec(`B-${i}`, id, 2)]),
    });
    expect(r.body.errors).toEqual([]);
    deps.clock.advance(13 * DAY);
    await sweep(deps);
    const url = '/v1/public/lists/city/city-test/air-travel-ban/entries';
    const first = await call('GET', `${url}?limit=2`);
    expect(first.status).toBe(200);
    expect((first.body.entries as { subject: string }[]).map((e) => e.subject)).toEqual([
      'person:110101********1234',
      'person:110101********5678',
    ]);
    const next = first.body.next as string;
    expect(next).toMatch(/^[1-9][0-9]*$/);
    for (const id of ids) expect(JSON.stringify(first.body)).not.toContain(id);
    const second = await call('GET', `${url}?limit=2&after=${next}`);
    expect(second.body).toMatchObject({ entries: [{ subject: 'person:220202********9999' }], next: null });
    // A cursor is a listing of this list, nothing else.
    expect((await call('GET', `${url}?after=person:110101199001011234`)).body.code).toBe('REQUEST_INVALID');
    expect((await call('GET', `${url}?after=999999`)).body.code).toBe('ARGUMENT_INVALID');
    // The exact lookup answers for the full id only.
    const found = await call('GET', `/v1/public/lists/city/air-travel-ban/entries/${ids[0]!}`);
    expect(found.body).toMatchObject({ subject: ids[0], listed: true });
    expect(
      (await call('GET', '/v1/public/lists/city/air-travel-ban/entries/person:110101********1234')).body,
    ).toMatchObject({
      listed: false,
    });
    // publish: full is refused on a list that judges persons.
    const full = await call('POST', '/v1/schemes', 'city-admin', {
      source: SCHEME.replace('publish: true', 'publish: full'),
    });
    expect(full.status).toBe(400);
    expect(JSON.stringify(full.body)).toMatch(/publish: full names subjects in full, for lists of organizations only/);
  });
});

describe('audit', () => {
  it('is for the auditors of that authority only', async () => {
    const { call } = await setUp();
    await publish(call);
    await call('POST', '/v1/records', 'city-reporter', { records: [rec('J-1', 'person:sam', 3)] });
    for (const token of [undefined, 'city-admin', 'tax-auditor', 'subject-pat']) {
      expect((await call('GET', '/v1/audit/city', token)).status).toBe(token === undefined ? 401 : 403);
      expect((await call('GET', '/v1/audit/city/verify', token)).status).toBe(token === undefined ? 401 : 403);
    }
    const all = await call('GET', '/v1/audit/city?limit=1000', 'city-auditor');
    expect(all.status).toBe(200);
    const entries = all.body.entries as { seq: number; type: string; prev: string; hash: string }[];
    expect(entries.map((e) => e.type)).toEqual(['grant', 'scheme-version', 'record-batch']);
    expect(entries[1]!.prev).toBe(entries[0]!.hash);
    const page = await call('GET', '/v1/audit/city?after=1&limit=1', 'city-auditor');
    expect(page.body).toMatchObject({ entries: [{ seq: 2, type: 'scheme-version' }], next: 2 });
    expect((await call('GET', '/v1/audit/city?after=x', 'city-auditor')).body.code).toBe('REQUEST_INVALID');

    const v = await call('GET', '/v1/audit/city/verify', 'city-auditor');
    expect(v.body).toEqual({
      ok: true,
      chain: { chain: 'city', entries: 3, head: entries[2]!.hash },
      problems: [],
      omitted: 0,
    });
  });
});
