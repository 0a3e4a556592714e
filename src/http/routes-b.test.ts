import { afterEach, describe, expect, it } from 'vitest';
import { addAccount } from '../engine/tenancy/accounts.js';
import { createApiKey, setPassword } from '../engine/tenancy/auth.js';
import { entitle, partyAdd } from '../engine/decisions/check.js';
import type { EngineDeps } from '../engine/deps.js';
import { importRecords } from '../engine/ingest/ingest.js';
import { publishScheme } from '../engine/evaluation/publish.js';
import { grantAction } from '../engine/tenancy/registry.js';
import { grantShare } from '../engine/tenancy/sharing.js';
import { linesOf, testEngine } from '../test-support/engine.js';
import { call, realApp, type Credential } from '../test-support/http.js';
import { CITY_TEST_SCHEME } from '../test-support/city-test-scheme.js';
import type { App } from './app.js';
import { setDisputeDeadline } from '../engine/due-process/dispute-deadlines.js';
import { sweep } from '../engine/evaluation/sweep.js';

const DAY = 86_400_000;
const T0 = Date.parse('2026-06-01T09:00:00Z');
const PASSWORD = 'correct horse battery';

// Not public, and asks for consent: the subject still sees it in its file once it holds records about it.
const PRIVATE = `
scheme: city-perks
authority: city
public: false
consent: required
context: civic
subjects: [person]
score: { base: 500 }
rules:
  - { id: jaywalking, when: 'record.kind == "traffic.jaywalking"', points: -10 }
`;

let app: App | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const jaywalk = (key: string, subject: string, daysAgo: number) => ({
  key,
  authority: 'city',
  subject,
  kind: 'traffic.jaywalking',
  occurredAt: new Date(T0 - daysAgo * DAY).toISOString(),
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

/**
 * City publishes a scheme whose air-travel ban needs two jaywalking records; rita (reporter
 * and reviewer) reports them about pat; vic reviews; ada administers; an airline checks.
 */
async function city() {
  const deps = testEngine(T0);
  await grantAction(deps, 'city', 'flight.board');
  await publishScheme(deps, CITY_TEST_SCHEME);
  await publishScheme(deps, PRIVATE);
  await partyAdd(deps, 'airline');
  await entitle(deps, 'airline', 'flight.board');
  const airline: Credential = { type: 'key', secret: (await createApiKey(deps, { party: 'airline' })).secret };
  await account(deps, 'rita', ['reporter', 'reviewer'], { authority: 'city' });
  await account(deps, 'vic', ['reviewer'], { authority: 'city' });
  await account(deps, 'ada', ['admin'], { authority: 'city' });
  await account(deps, 'pat', ['subject'], { subject: 'person:pat' });
  await account(deps, 'sam', ['subject'], { subject: 'person:sam' });
  const r = await importRecords(
    deps,
    linesOf([jaywalk('J-1', 'person:pat', 3), jaywalk('J-2', 'person:pat', 1), jaywalk('J-3', 'person:sam', 2)]),
    { submittedBy: 'rita' },
  );
  expect(r.rejected).toBe(0);
  app = await realApp(deps);
  return { deps, app, airline };
}

async function signIn(a: App, name: string): Promise<{ token: string; cookie: string; body: Record<string, unknown> }> {
  const res = await a.inject({ method: 'POST', url: '/v1/sessions', payload: { account: name, password: PASSWORD } });
  expect(res.statusCode, res.body).toBe(201);
  const cookie = String(res.headers['set-cookie']);
  const body = res.json<Record<string, unknown>>();
  return { token: String(body.token), cookie, body };
}

describe('the due-process story over HTTP', () => {
  it('a subject reads its notice, appeals in the window, a reviewer overturns, the subject sees the outcome and who checked it', async () => {
    const { deps, app: a, airline } = await city();

    // Pat signs in: the session comes back as a token and as a cookie scripts cannot read.
    const pat = await signIn(a, 'pat');
    expect(pat.cookie).toMatch(/^standing_session=[^;]+;/);
    expect(pat.cookie).toMatch(/HttpOnly/);
    expect(pat.cookie).toMatch(/SameSite=Strict/);
    expect(pat.body.principal).toEqual({ type: 'subject', subject: 'person:pat', account: 'pat' });
    let asPat: Credential = { type: 'cookie', token: pat.token };
    expect((await call(a, 'GET', '/v1/me', asPat)).body).toEqual({
      type: 'subject',
      subject: 'person:pat',
      account: 'pat',
      language: null,
    });

    // The notice: its list, sanctions, facts, basis and how long the window lasts.
    const mine = await call(a, 'GET', '/v1/me/listings', asPat);
    expect(mine.status).toBe(200);
    const listings = mine.body.listings as Record<string, unknown>[];
    expect(listings).toHaveLength(1);
    const listing = listings[0]!;
    expect(listing).toMatchObject({
      state: 'noticed',
      list: 'air-travel-ban',
      authority: 'city',
      appealWindowOpen: true,
      appeal: null,
      // Reading the listing is receipt: the window runs from now, not from issue + P2D (SPEC §6).
      effectAt: new Date(T0 + 10 * DAY).toISOString(),
      receivedAt: new Date(T0).toISOString(),
      effectProvisional: false,
    });
    const notice = listing.notice as Record<string, unknown>;
    expect(notice).toMatchObject({
      basis: 'Municipal Regulation 7 (2026)',
      automated: true,
      list: { id: 'air-travel-ban', title: 'Restricted from air travel' },
    });
    expect((notice.facts as { contributions: { key: string }[] }).contributions.map((c) => c.key).sort()).toEqual([
      'J-1',
      'J-2',
    ]);
    const inbox = (await call(a, 'GET', '/v1/me/inbox', asPat)).body.messages as { kind: string; listing: number }[];
    expect(inbox.map((m) => m.kind)).toEqual(['notice', 'effect-fixed']);
    const id = listing.id as number;
    expect((await call(a, 'GET', `/v1/listings/${id}`, asPat)).body).toMatchObject({ id, notice: { listing: id } });

    // Sam is another subject: pat's listing does not exist for it, nor may it appeal it.
    const sam = await signIn(a, 'sam');
    expect((await call(a, 'GET', `/v1/listings/${id}`, { type: 'session', token: sam.token })).status).toBe(404);
    expect(
      (
        await call(
          a,
          'POST',
          `/v1/listings/${id}/appeal`,
          { type: 'session', token: sam.token },
          { statement: 'not me' },
        )
      ).status,
    ).toBe(404);

    // Two days later (sessions last 12 hours: pat signs in again) pat appeals, within the window: the ban is suspended.
    deps.clock.advance(2 * DAY);
    expect((await call(a, 'GET', '/v1/me', asPat)).status).toBe(401);
    asPat = { type: 'cookie', token: (await signIn(a, 'pat')).token };
    const appeal = await call(a, 'POST', `/v1/listings/${id}/appeal`, asPat, {
      statement: 'I crossed at a broken signal; photos attached.',
    });
    expect(appeal.status, JSON.stringify(appeal.body)).toBe(201);
    expect(appeal.body).toMatchObject({ listing: id, state: 'pending', late: false });
    expect(appeal.body).not.toHaveProperty('filedBy');
    expect((await call(a, 'GET', `/v1/listings/${id}`, asPat)).body).toMatchObject({
      state: 'suspended',
      appealed: true,
      appeal: { id: appeal.body.id },
    });
    expect((await call(a, 'POST', `/v1/listings/${id}/appeal`, asPat, { statement: 'again' })).body.code).toBe(
      'APPEAL_EXISTS',
    );

    // The reviewers' queue, with the time left until the effect instant.
    const vic = await signIn(a, 'vic');
    const asVic: Credential = { type: 'session', token: vic.token };
    const queue = await call(a, 'GET', '/v1/review/queue', asVic);
    expect(queue.status).toBe(200);
    expect(queue.body.appeals).toEqual([
      expect.objectContaining({ id: appeal.body.id, subject: 'person:pat', filedBy: 'pat', timeLeftMs: 8 * DAY }),
    ]);

    // Rita reported the records this case rests on: the four-eyes rule stops her.
    const rita = await signIn(a, 'rita');
    const conflict = await call(
      a,
      'POST',
      `/v1/appeals/${String(appeal.body.id)}/decision`,
      { type: 'session', token: rita.token },
      { outcome: 'overturn', reasons: 'ok' },
    );
    expect(conflict.status).toBe(403);
    expect(conflict.body.code).toBe('REVIEW_CONFLICT');

    // Vic overturns and retracts one of the records.
    const decided = await call(a, 'POST', `/v1/appeals/${String(appeal.body.id)}/decision`, asVic, {
      outcome: 'overturn',
      reasons: 'The signal was out of order that day.',
      retract: ['J-2'],
    });
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    expect(decided.body).toMatchObject({ state: 'overturned', decidedBy: 'vic', retracted: ['J-2'] });
    expect((await call(a, 'GET', '/v1/review/queue', asVic)).body.appeals).toEqual([]);

    // Pat sees the outcome (by "a human reviewer", without the reviewer's name), the ended listing and the retraction.
    const appeals = (await call(a, 'GET', '/v1/me/appeals', asPat)).body.appeals as Record<string, unknown>[];
    expect(appeals).toEqual([
      expect.objectContaining({ state: 'overturned', reasons: 'The signal was out of order that day.' }),
    ]);
    expect(appeals[0]).not.toHaveProperty('decidedBy');
    expect((await call(a, 'GET', `/v1/listings/${id}`, asPat)).body).toMatchObject({
      state: 'ended',
      endReason: 'overturned',
    });
    const kinds = ((await call(a, 'GET', '/v1/me/inbox', asPat)).body.messages as { kind: string }[]).map(
      (m) => m.kind,
    );
    expect(kinds).toEqual(['notice', 'effect-fixed', 'appeal-received', 'appeal-decided']);
    const records = (await call(a, 'GET', '/v1/me/records', asPat)).body.records as {
      key: string;
      retracted: { reason: string } | null;
    }[];
    expect(records.find((r) => r.key === 'J-2')?.retracted?.reason).toMatch(/overturned: The signal was out of order/);
    expect(records.find((r) => r.key === 'J-1')?.retracted).toBeNull();

    // The airline checks; pat sees who asked, about what, and what it was told.
    const check = await call(a, 'POST', '/v1/checks', airline, { subject: 'person:pat', action: 'flight.board' });
    expect(check.status).toBe(200);
    expect(check.body.effect).toBe('allow');
    const log = await call(a, 'GET', '/v1/me/access-log', asPat);
    expect(log.body.entries).toEqual([
      {
        party: 'airline',
        action: 'flight.board',
        effect: 'allow',
        at: new Date(T0 + 2 * DAY).toISOString(),
        decision: check.body.decision,
      },
    ]);

    // Sam's file holds none of pat's.
    const samFile = (await call(a, 'GET', '/v1/me/file', { type: 'session', token: (await signIn(a, 'sam')).token }))
      .body;
    expect(samFile).toMatchObject({ subject: 'person:sam', listings: [], appeals: [], accessLog: [] });
    expect((samFile.records as { subject: string }[]).every((r) => r.subject === 'person:sam')).toBe(true);
  });

  it('the subject’s file: every judging scheme, also a private one, with explanation and standing; a complete export; consent', async () => {
    const { app: a } = await city();
    const asPat: Credential = { type: 'session', token: (await signIn(a, 'pat')).token };
    const scores = (await call(a, 'GET', '/v1/me/scores', asPat)).body.schemes as Record<string, unknown>[];
    expect(scores.map((s) => s.scheme)).toEqual(['city-perks', 'city-test']);
    const perks = scores[0]!;
    expect(perks).toMatchObject({
      public: false,
      consent: 'required',
      notJudged: 'no-consent',
      score: null,
      standing: null,
    });
    const test = scores[1]!;
    expect(test).toMatchObject({ score: 20, grade: 'D', lists: ['air-travel-ban'], notJudged: null });
    expect((test.explanation as { contributions: unknown[] }).contributions).toHaveLength(2);
    // Pat (20) is below sam (60): rank 2 of 2, and a quarter of the judged score below (ties counted half, pat ties itself).
    expect(test.standing).toEqual({ rank: 2, of: 2, percentile: 25 });

    // Opting in to the private consent scheme: now it scores pat.
    const consent = await call(a, 'POST', '/v1/me/consents', asPat, {
      authority: 'city',
      scheme: 'city-perks',
      optIn: true,
    });
    expect(consent.status, JSON.stringify(consent.body)).toBe(201);
    expect(consent.body).toMatchObject({ authority: 'city', scheme: 'city-perks', subject: 'person:pat', optIn: true });
    const after = (await call(a, 'GET', '/v1/me/scores', asPat)).body.schemes as Record<string, unknown>[];
    expect(after[0]).toMatchObject({ scheme: 'city-perks', notJudged: null, score: 480 });
    expect(
      (await call(a, 'POST', '/v1/me/consents', asPat, { authority: 'city', scheme: 'city-test', optIn: true })).body
        .code,
    ).toBe('ARGUMENT_INVALID');
    expect(
      (await call(a, 'POST', '/v1/me/consents', asPat, { authority: 'city', scheme: 'nope', optIn: true })).status,
    ).toBe(404);

    const res = await a.inject({
      method: 'GET',
      url: '/v1/me/export',
      headers: { authorization: `Session ${(await signIn(a, 'pat')).token}` },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename="standing-person_pat-2026-06-01.json"');
    const file = res.json<Record<string, unknown[]>>();
    expect(file.format).toBe('standing.subject-file/1');
    for (const part of ['records', 'schemes', 'listings', 'appeals', 'disputes', 'inbox', 'accessLog'])
      expect(Array.isArray(file[part]), part).toBe(true);
    expect(file.records).toHaveLength(2);
    expect(file.listings).toHaveLength(1);
    expect(file.inbox).toHaveLength(1);
  });

  it('a dispute is marked disputed wherever shown; left undecided past its deadline its record stops counting, the subject is told, and statistics count it overdue', async () => {
    const { deps, app: a } = await city();
    await setDisputeDeadline(deps, 'city', 'P7D');
    let asPat: Credential = { type: 'session', token: (await signIn(a, 'pat')).token };
    const d = await call(a, 'POST', '/v1/records/city/J-2/disputes', asPat, { statement: 'Not me.' });
    expect(d.status, JSON.stringify(d.body)).toBe(201);
    const deadline = new Date(T0 + 7 * DAY).toISOString();
    expect(d.body).toMatchObject({ deadline, overdue: false });
    const mark = { record: 'city/J-2', dispute: d.body.id, deadline, overdue: false };
    // The subject's file: the record, the notice it is among the facts of, the explanation.
    const records = (await call(a, 'GET', '/v1/me/records', asPat)).body.records as {
      key: string;
      disputed: unknown;
    }[];
    expect(records.map((r) => [r.key, r.disputed])).toEqual([
      ['J-1', null],
      ['J-2', mark],
    ]);
    const listings = (await call(a, 'GET', '/v1/me/listings', asPat)).body.listings as { disputed: unknown[] }[];
    expect(listings[0]!.disputed).toEqual([mark]);
    const schemes = (await call(a, 'GET', '/v1/me/scores', asPat)).body.schemes as {
      scheme: string;
      explanation: { disputed: unknown[] };
    }[];
    expect(schemes.find((x) => x.scheme === 'city-test')!.explanation.disputed).toEqual([mark]);
    // Staff: the reviewer's queue, the record, the explanation.
    let asVic: Credential = { type: 'session', token: (await signIn(a, 'vic')).token };
    expect((await call(a, 'GET', '/v1/review/queue', asVic)).body.disputes).toEqual([
      expect.objectContaining({ id: d.body.id, deadline, overdue: false }),
    ]);
    expect((await call(a, 'GET', '/v1/records/city/J-2', asVic)).body.disputed).toEqual(mark);
    const explained = await call(a, 'GET', '/v1/schemes/city/city-test/subjects/person:pat', asVic);
    expect(explained.body).toMatchObject({ disputed: [mark], nextChange: deadline, score: 20 });

    // Past the deadline: J-2 no longer counts, the subject is told, the statistics count it.
    deps.clock.set(T0 + 7 * DAY + 60_000);
    await sweep(deps);
    asPat = { type: 'session', token: (await signIn(a, 'pat')).token };
    asVic = { type: 'session', token: (await signIn(a, 'vic')).token };
    const overdue = { ...mark, overdue: true };
    const after = await call(a, 'GET', '/v1/schemes/city/city-test/subjects/person:pat', asVic);
    expect(after.body).toMatchObject({ disputed: [overdue], score: 60, lists: [] });
    expect((await call(a, 'GET', '/v1/me/records', asPat)).body.records).toContainEqual(
      expect.objectContaining({ key: 'J-2', disputed: overdue }),
    );
    const inbox = (await call(a, 'GET', '/v1/me/inbox', asPat)).body.messages as { kind: string; at: string }[];
    expect(inbox.filter((m) => m.kind === 'dispute-overdue').map((m) => m.at)).toEqual([deadline]);
    expect((await call(a, 'GET', `/v1/disputes/${String(d.body.id)}`, asPat)).body).toMatchObject({ overdue: true });
    const stats = (await call(a, 'GET', '/v1/public/statistics')).body.authorities as {
      authority: string;
      disputes: unknown;
    }[];
    expect(stats.find((x) => x.authority === 'city')!.disputes).toEqual({
      deadline: 'P7D',
      filed: 1,
      pending: 1,
      overdue: 1,
    });
  });

  it('a subject disputes a record; a reviewer of the reporting authority retracts it', async () => {
    const { app: a } = await city();
    const asPat: Credential = { type: 'session', token: (await signIn(a, 'pat')).token };
    expect((await call(a, 'POST', '/v1/records/city/J-3/disputes', asPat, { statement: 'not about me' })).status).toBe(
      404,
    );
    const d = await call(a, 'POST', '/v1/records/city/J-1/disputes', asPat, { statement: 'I was abroad that day.' });
    expect(d.status, JSON.stringify(d.body)).toBe(201);
    expect(d.body).toMatchObject({ authority: 'city', key: 'J-1', state: 'pending' });
    expect((await call(a, 'POST', '/v1/records/city/J-1/disputes', asPat, { statement: 'again' })).body.code).toBe(
      'DISPUTE_EXISTS',
    );

    const asVic: Credential = { type: 'session', token: (await signIn(a, 'vic')).token };
    expect((await call(a, 'GET', '/v1/review/queue', asVic)).body.disputes).toEqual([
      expect.objectContaining({ id: d.body.id, key: 'J-1', filedBy: 'pat' }),
    ]);
    const decided = await call(a, 'POST', `/v1/disputes/${String(d.body.id)}/decision`, asVic, {
      outcome: 'retract',
      reasons: 'Passport stamps confirm it.',
    });
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    expect(decided.body).toMatchObject({ state: 'retracted', decidedBy: 'vic' });
    expect(
      (await call(a, 'POST', `/v1/disputes/${String(d.body.id)}/decision`, asVic, { outcome: 'confirm', reasons: 'x' }))
        .status,
    ).toBe(409);

    const mine = await call(a, 'GET', `/v1/disputes/${String(d.body.id)}`, asPat);
    expect(mine.body).toMatchObject({ state: 'retracted', reasons: 'Passport stamps confirm it.' });
    expect(mine.body).not.toHaveProperty('decidedBy');
    expect(((await call(a, 'GET', '/v1/me/disputes', asPat)).body.disputes as unknown[]).length).toBe(1);
    // One record left: the condition stopped holding and the listing ended.
    expect(
      ((await call(a, 'GET', '/v1/me/listings', asPat)).body.listings as { state: string; endReason: string }[])[0],
    ).toMatchObject({ state: 'ended', endReason: 'condition-stopped' });
  });
});

describe('sessions, enrolment and keys', () => {
  it('a session expires after 12 hours; signing out ends it at once and clears the cookie', async () => {
    const { deps, app: a } = await city();
    expect(
      (await call(a, 'POST', '/v1/sessions', undefined, { account: 'pat', password: 'wrong password' })).body.code,
    ).toBe('CREDENTIALS_INVALID');
    expect((await call(a, 'GET', '/v1/me')).status).toBe(401);

    const pat = await signIn(a, 'pat');
    expect(pat.body.expiresAt).toBe(new Date(T0 + 12 * 3_600_000).toISOString());
    deps.clock.advance(12 * 3_600_000 - 1);
    expect((await call(a, 'GET', '/v1/me', { type: 'cookie', token: pat.token })).status).toBe(200);
    deps.clock.advance(1);
    const expired = await call(a, 'GET', '/v1/me', { type: 'cookie', token: pat.token });
    expect(expired.status).toBe(401);
    expect(expired.body.code).toBe('SESSION_EXPIRED');

    const vic = await signIn(a, 'vic');
    const out = await a.inject({
      method: 'DELETE',
      url: '/v1/sessions/current',
      headers: { cookie: `standing_session=${vic.token}` },
    });
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/^standing_session=;.*Expires=Thu, 01 Jan 1970/);
    expect((await call(a, 'GET', '/v1/review/queue', { type: 'session', token: vic.token })).status).toBe(401);
    expect((await call(a, 'DELETE', '/v1/sessions/current')).status).toBe(401);
  });

  it('only a registrar issues an enrolment code; the subject enrols once, signs in, and its accounts are told', async () => {
    const { deps, app: a } = await city();
    const asAda: Credential = { type: 'session', token: (await signIn(a, 'ada')).token };
    // An authority's admin holding records about sam cannot make itself sam.
    const refused = await call(a, 'POST', '/v1/enrolment-codes', asAda, { subject: 'person:sam' });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('FORBIDDEN');
    await account(deps, 'desk', ['registrar'], {});
    const desk = await signIn(a, 'desk');
    expect(desk.body.principal).toEqual({ type: 'registrar', account: 'desk' });
    const asDesk: Credential = { type: 'session', token: desk.token };
    // The identity desk reads no one's file and no authority's cases.
    expect((await call(a, 'GET', '/v1/me/records', asDesk)).status).toBe(403);
    expect((await call(a, 'GET', '/v1/review/queue', asDesk)).status).toBe(403);
    const issued = await call(a, 'POST', '/v1/enrolment-codes', asDesk, { subject: 'person:sam' });
    expect(issued.status, JSON.stringify(issued.body)).toBe(201);
    expect(issued.body).toMatchObject({
      subject: 'person:sam',
      existingAccounts: 1,
      expiresAt: new Date(T0 + DAY).toISOString(),
    });

    const enrolled = await call(a, 'POST', '/v1/enrolments', undefined, {
      code: issued.body.code,
      account: 'sam2',
      password: PASSWORD,
    });
    expect(enrolled.status, JSON.stringify(enrolled.body)).toBe(201);
    expect(enrolled.body).toEqual({ type: 'subject', subject: 'person:sam', account: 'sam2' });
    expect(
      (
        await call(a, 'POST', '/v1/enrolments', undefined, {
          code: issued.body.code,
          account: 'sam3',
          password: PASSWORD,
        })
      ).body.code,
    ).toBe('ENROLMENT_INVALID');
    const sam2 = await signIn(a, 'sam2');
    expect(
      ((await call(a, 'GET', '/v1/me/records', { type: 'session', token: sam2.token })).body.records as unknown[])
        .length,
    ).toBe(1);
    // Sam's first account reads, in its inbox, that a further account was enrolled.
    const asSam: Credential = { type: 'session', token: (await signIn(a, 'sam')).token };
    const inbox = (await call(a, 'GET', '/v1/me/inbox', asSam)).body.messages as {
      kind: string;
      authority: string;
      body: Record<string, unknown>;
    }[];
    expect(inbox.filter((m) => m.kind === 'enrolment').map((m) => [m.authority, m.body.event, m.body.account])).toEqual(
      [
        ['operator', 'code-issued', undefined],
        ['operator', 'enrolled', 'sam2'],
      ],
    );
  });

  it('an API key with the reviewer role decides nothing: 403 REVIEWER_MUST_BE_HUMAN', async () => {
    const { app: a } = await city();
    const asPat: Credential = { type: 'session', token: (await signIn(a, 'pat')).token };
    const listing = ((await call(a, 'GET', '/v1/me/listings', asPat)).body.listings as { id: number }[])[0]!;
    const appeal = await call(a, 'POST', `/v1/listings/${listing.id}/appeal`, asPat, { statement: 'Not me.' });
    expect(appeal.status, JSON.stringify(appeal.body)).toBe(201);
    const dispute = await call(a, 'POST', '/v1/records/city/J-1/disputes', asPat, { statement: 'Not me.' });
    expect(dispute.status).toBe(201);
    const asAda: Credential = { type: 'session', token: (await signIn(a, 'ada')).token };
    const bot = await call(a, 'POST', '/v1/keys', asAda, { roles: ['reviewer'], label: 'review bot' });
    const asBot: Credential = { type: 'key', secret: String(bot.body.secret) };
    const decided = await call(a, 'POST', `/v1/appeals/${String(appeal.body.id)}/decision`, asBot, {
      outcome: 'uphold',
      reasons: 'Stands.',
    });
    expect(decided.status).toBe(403);
    expect(decided.body.code).toBe('REVIEWER_MUST_BE_HUMAN');
    const retracted = await call(a, 'POST', `/v1/disputes/${String(dispute.body.id)}/decision`, asBot, {
      outcome: 'retract',
      reasons: 'Gone.',
    });
    expect(retracted.status).toBe(403);
    expect(retracted.body.code).toBe('REVIEWER_MUST_BE_HUMAN');
    // The key records the admin who created it: listed as its creator.
    const keys = (await call(a, 'GET', '/v1/keys', asAda)).body.keys as { id: string; createdBy: string | null }[];
    expect(keys.find((k) => k.id === bot.body.id)?.createdBy).toBe('ada');
  });

  it('publishes data-sharing grants on the public page', async () => {
    const { deps, app: a } = await city();
    await grantShare(deps, { from: 'court', to: 'city', purpose: 'Convictions count in the civic score' });
    const res = await call(a, 'GET', '/v1/public/shares');
    expect(res.status).toBe(200);
    expect(res.body.shares).toEqual([
      {
        from: 'court',
        to: 'city',
        purpose: 'Convictions count in the civic score',
        grantedAt: new Date(T0).toISOString(),
        revokedAt: null,
      },
    ]);
  });

  it('an admin creates a key of its authority, sees it listed without its secret, and revokes it', async () => {
    const { app: a } = await city();
    const asAda: Credential = { type: 'session', token: (await signIn(a, 'ada')).token };
    const created = await call(a, 'POST', '/v1/keys', asAda, { roles: ['reviewer'], label: 'review bot' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const key: Credential = { type: 'key', secret: String(created.body.secret) };
    expect((await call(a, 'GET', '/v1/me', key)).body).toEqual({
      type: 'staff',
      authority: 'city',
      roles: ['reviewer'],
      account: null,
      key: created.body.id,
    });
    expect((await call(a, 'GET', '/v1/review/queue', key)).status).toBe(200);
    expect((await call(a, 'POST', '/v1/keys', asAda, { roles: ['subject'] })).status).toBe(400);

    const listed = await call(a, 'GET', '/v1/keys', asAda);
    expect(listed.body.keys).toEqual([
      expect.objectContaining({
        id: created.body.id,
        authority: 'city',
        roles: ['reviewer'],
        label: 'review bot',
        revokedAt: null,
      }),
    ]);
    expect(JSON.stringify(listed.body)).not.toContain(String(created.body.secret));

    const revoked = await call(a, 'DELETE', `/v1/keys/${String(created.body.id)}`, asAda);
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).toBe(new Date(T0).toISOString());
    expect((await call(a, 'DELETE', `/v1/keys/${String(created.body.id)}`, asAda)).status).toBe(200);
    expect((await call(a, 'GET', '/v1/me', key)).status).toBe(401);
  });
});
