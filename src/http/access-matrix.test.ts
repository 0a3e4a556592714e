import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actingAs, addAccount } from '../engine/tenancy/accounts.js';
import { fileAppeal } from '../engine/due-process/appeals.js';
import { createApiKey, issueEnrolment, setPassword, signIn } from '../engine/tenancy/auth.js';
import { entitle, partyAdd } from '../engine/decisions/check.js';
import type { EngineDeps } from '../engine/deps.js';
import { fileDispute } from '../engine/due-process/disputes.js';
import { importRecords } from '../engine/ingest/ingest.js';
import { publishScheme } from '../engine/evaluation/publish.js';
import { grantAction } from '../engine/tenancy/registry.js';
import { fileReport, setReports } from '../engine/reports/reports.js';
import { linesOf, testEngine } from '../test-support/engine.js';
import { call, NO_CREDENTIAL, realApp, registeredRoutes, type Credential } from '../test-support/http.js';
import type { App } from './app.js';

/*
 * The access matrix: EVERY route the app registers × every kind of principal → the class of
 * answer it gets. Credentials are real: city staff and subjects sign in with passwords
 * (engine/auth signIn), court staff and the airline call with API keys (createApiKey). A
 * route added without a row here fails the first test, so nothing ships unguarded by accident.
 */

const T0 = Date.parse('2026-06-01T09:00:00Z');
const DAY = 86_400_000;
const PASSWORD = 'correct horse battery';

const WHO = [
  'anonymous',
  'subjectA',
  'subjectB',
  'city.reporter',
  'city.reviewer',
  'city.admin',
  'city.auditor',
  'court.reporter',
  'court.reviewer',
  'court.admin',
  'court.auditor',
  'airline',
  'registrar',
] as const;
type Who = (typeof WHO)[number];

/** `ok`: 2xx (or a 3xx of the docs pages); otherwise the exact status. */
type Outcome = 'ok' | 400 | 401 | 403 | 404 | 409;

const GROUPS = {
  subjects: ['subjectA', 'subjectB'],
  staff: WHO.filter((w) => w.includes('.')),
  city: WHO.filter((w) => w.startsWith('city.')),
  court: WHO.filter((w) => w.startsWith('court.')),
  reviewers: ['city.reviewer', 'court.reviewer'],
  admins: ['city.admin', 'court.admin'],
  reporters: ['city.reporter', 'court.reporter'],
  signedIn: WHO.filter((w) => w !== 'anonymous'),
} satisfies Record<string, readonly Who[]>;

/** Expected outcomes: `base` for everyone, then each override in order (a group or one principal), later ones winning. */
function outcomes(
  base: Outcome,
  overrides: Partial<Record<Who | keyof typeof GROUPS, Outcome>> = {},
): Record<Who, Outcome> {
  const out = Object.fromEntries(WHO.map((w) => [w, base])) as Record<Who, Outcome>;
  for (const [k, v] of Object.entries(overrides)) {
    const members: readonly Who[] = k in GROUPS ? GROUPS[k as keyof typeof GROUPS] : [k as Who];
    for (const m of members) out[m] = v;
  }
  return out;
}
/** Everyone may. */
const PUBLIC = outcomes('ok');
/** Deny by default: signed-in principals get 403, anonymous 401, except those named. */
const guarded = (allowed: Partial<Record<Who | keyof typeof GROUPS, Outcome>>) =>
  outcomes(403, { anonymous: 401, ...allowed });

interface Fixture {
  readonly deps: EngineDeps;
  readonly app: App;
  readonly creds: Record<Who, Credential>;
  readonly cityBan: number;
  readonly cityWatch: number;
  readonly courtListing: number;
  readonly cityAppeal: number;
  readonly courtDispute: number;
  readonly spareCityKey: string;
  readonly cityReport: string;
}

interface Case {
  /** `METHOD /path/:param` as the router has it. */
  readonly route: string;
  readonly url: (f: Fixture) => string;
  readonly body?: (f: Fixture, who: Who, n: number) => unknown;
  readonly expect: Record<Who, Outcome>;
  /** Runs after every other case (signing out ends the caller's session). */
  readonly last?: boolean;
}

const CITY_SCHEME = `
scheme: city-test
authority: city
context: civic
subjects: [person]
score: { base: 100, min: 0, max: 200 }
grades: [{ id: A, min: 60 }, { id: D }]
rules:
  - { id: jaywalking, when: 'record.kind == "traffic.jaywalking"', points: -40, lapse: P1Y }
lists:
  - id: air-travel-ban
    type: blacklist
    when: subject.grade == "D"
    publish: true
    sanctions:
      - { action: flight.board, effect: deny, justification: Repeated offences restrict air travel, basis: Regulation 7 art. 9 }
  - { id: watch, type: watchlist, when: subject.grade == "D" }
  - { id: by-order, type: watchlist, manual: true }
`;

const CITY_PERKS = `
scheme: city-perks
authority: city
context: civic
consent: required
rules:
  - { id: jaywalking, when: 'record.kind == "traffic.jaywalking"', points: -1 }
`;

// Not public: outsiders must not even learn it exists.
const COURT_SCHEME = `
scheme: court-debtors
authority: court
public: false
context: justice
rules:
  - { id: debt, when: 'record.kind == "court.judgment_unfulfilled"', points: -1 }
lists:
  - id: debtors
    type: blacklist
    when: subject.records.exists(r, r.kind == "court.judgment_unfulfilled")
    sanctions:
      - { action: flight.board, effect: deny, justification: Unpaid judgments are enforced through travel restrictions, basis: Court enforcement rules art. 3 }
`;

const NEW_SCHEME = (authority?: string) => `
scheme: matrix-scheme
${authority ? `authority: ${authority}\n` : ''}context: civic
rules:
  - { id: note, when: 'record.kind == "civic.note"', points: 1 }
`;

const at = (daysAgo: number) => new Date(T0 - daysAgo * DAY).toISOString();

async function fixture(): Promise<Fixture> {
  const deps = testEngine(T0);
  await grantAction(deps, 'city', 'flight.board');
  await grantAction(deps, 'court', 'flight.board');
  await publishScheme(deps, CITY_SCHEME);
  await publishScheme(deps, CITY_PERKS);
  await publishScheme(deps, COURT_SCHEME);
  await partyAdd(deps, 'airline');
  await entitle(deps, 'airline', 'flight.board');

  const accounts: [string, string[], { authority?: string; subject?: string }][] = [
    ['city-reporter', ['reporter'], { authority: 'city' }],
    ['city-reviewer', ['reviewer'], { authority: 'city' }],
    ['city-admin', ['admin'], { authority: 'city' }],
    ['city-auditor', ['auditor'], { authority: 'city' }],
    ['alice', ['subject'], { subject: 'person:alice' }],
    ['bob', ['subject'], { subject: 'person:bob' }],
    ['carol', ['subject'], { subject: 'person:carol' }],
    ['desk', ['registrar'], {}],
  ];
  for (const [name, roles, extra] of accounts) {
    await addAccount(deps, { name, roles, ...extra });
    await setPassword(deps, name, PASSWORD);
  }
  const session = async (account: string): Promise<Credential> => ({
    type: 'session',
    token: (await signIn(deps, { account, password: PASSWORD })).token,
  });
  const key = async (input: Parameters<typeof createApiKey>[1]) => createApiKey(deps, input);
  const courtKeys = {
    reporter: await key({ authority: 'court', roles: ['reporter'] }),
    reviewer: await key({ authority: 'court', roles: ['reviewer'] }),
    admin: await key({ authority: 'court', roles: ['admin'] }),
    auditor: await key({ authority: 'court', roles: ['auditor'] }),
  };
  const creds: Record<Who, Credential> = {
    anonymous: NO_CREDENTIAL,
    subjectA: await session('alice'),
    subjectB: await session('bob'),
    'city.reporter': await session('city-reporter'),
    'city.reviewer': await session('city-reviewer'),
    'city.admin': await session('city-admin'),
    'city.auditor': await session('city-auditor'),
    'court.reporter': { type: 'key', secret: courtKeys.reporter.secret },
    'court.reviewer': { type: 'key', secret: courtKeys.reviewer.secret },
    'court.admin': { type: 'key', secret: courtKeys.admin.secret },
    'court.auditor': { type: 'key', secret: courtKeys.auditor.secret },
    airline: { type: 'key', secret: (await key({ party: 'airline' })).secret },
    registrar: await session('desk'),
  };
  const spareCityKey = (await key({ authority: 'city', roles: ['auditor'], label: 'spare' })).id;

  const record = (authority: string, k: string, subject: string, kind: string, daysAgo: number) => ({
    key: k,
    authority,
    subject,
    kind,
    occurredAt: at(daysAgo),
  });
  await importRecords(
    deps,
    linesOf([
      record('city', 'J-A1', 'person:alice', 'traffic.jaywalking', 3),
      record('city', 'J-A2', 'person:alice', 'traffic.jaywalking', 2),
      record('city', 'N-A1', 'person:alice', 'civic.note', 2),
      record('city', 'J-B1', 'person:bob', 'traffic.jaywalking', 2),
      record('city', 'C-1', 'person:carol', 'civic.note', 2),
    ]),
    { submittedBy: 'city-reporter', onlyAuthority: 'city' },
  );
  await importRecords(deps, linesOf([record('court', 'D-A1', 'person:alice', 'court.judgment_unfulfilled', 5)]), {
    submittedBy: `key:${courtKeys.reporter.id}`,
    onlyAuthority: 'court',
  });
  const listings = await deps.store.transaction((tx) => tx.listingsOfSubject('person:alice'));
  const find = (authority: string, list: string) => {
    const l = listings.find((x) => x.authority === authority && x.list === list);
    if (!l) throw new Error(`fixture: no ${authority} ${list} listing`);
    return l.id;
  };
  const cityBan = find('city', 'air-travel-ban');
  const appeal = await fileAppeal(deps, {
    listing: cityBan,
    statement: 'The signal was broken.',
    as: await actingAs(deps, 'alice'),
  });
  const dispute = await fileDispute(deps, {
    authority: 'court',
    key: 'D-A1',
    statement: 'I paid in full.',
    as: await actingAs(deps, 'alice'),
  });
  await setReports(deps, 'city', { open: true, perDay: 1000 });
  const cityReport = await fileReport(deps, {
    authority: 'city',
    subject: 'person:alice',
    kind: 'traffic.jaywalking',
    occurredAt: at(1),
    description: 'Crossed on red.',
    as: await actingAs(deps, 'carol'),
  });
  // Every principal signs in and enrols from one address here: attempt limits are edge.test.ts's business.
  const many = { max: 10_000, windowMs: 60_000 };
  const app = await realApp(deps, {
    attemptLimits: {
      signInPerAccount: many,
      signInPerAddress: many,
      enrolPerAddress: many,
      enrolPerCode: many,
      passPerAddress: many,
      passPerToken: many,
    },
  });
  return {
    deps,
    app,
    creds,
    cityBan,
    cityWatch: find('city', 'watch'),
    courtListing: find('court', 'debtors'),
    cityAppeal: appeal.id,
    courtDispute: dispute.id,
    spareCityKey,
    cityReport: cityReport.id,
  };
}

const SUBJECT_FILE = guarded({ subjects: 'ok' });
const me = (path: string): Case => ({ route: `GET /v1/me/${path}`, url: () => `/v1/me/${path}`, expect: SUBJECT_FILE });
const u = (s: string) => () => s;

const CASES: readonly Case[] = [
  // Operations, documentation and the web UI: public.
  { route: 'GET /healthz', url: u('/healthz'), expect: PUBLIC },
  { route: 'GET /readyz', url: u('/readyz'), expect: PUBLIC },
  { route: 'GET /openapi.json', url: u('/openapi.json'), expect: PUBLIC },
  { route: 'GET /docs', url: u('/docs'), expect: PUBLIC },
  { route: 'GET /docs/', url: u('/docs/'), expect: PUBLIC },
  { route: 'GET /docs/static/index.html', url: u('/docs/static/index.html'), expect: PUBLIC },
  { route: 'GET /docs/static/swagger-initializer.js', url: u('/docs/static/swagger-initializer.js'), expect: PUBLIC },
  { route: 'GET /docs/*', url: u('/docs/static/index.css'), expect: PUBLIC },
  { route: 'GET /docs/json', url: u('/docs/json'), expect: PUBLIC },
  { route: 'GET /docs/yaml', url: u('/docs/yaml'), expect: PUBLIC },
  { route: 'GET *', url: u('/'), expect: PUBLIC },

  // Decisions: relying parties only.
  {
    route: 'POST /v1/checks',
    url: u('/v1/checks'),
    body: () => ({ subject: 'person:alice', action: 'flight.board' }),
    expect: guarded({ airline: 'ok' }),
  },

  // Records: reporters submit and retract their own authority's; its staff read them; nobody else.
  {
    route: 'POST /v1/records',
    url: u('/v1/records'),
    body: () => ({ records: [{ key: 'M-1', subject: 'person:dan', kind: 'civic.note', occurredAt: at(1) }] }),
    expect: guarded({ reporters: 'ok' }),
  },
  { route: 'GET /v1/records/:authority/:key', url: u('/v1/records/city/J-A1'), expect: guarded({ city: 'ok' }) },
  { route: 'GET /v1/records/:authority/:key', url: u('/v1/records/court/D-A1'), expect: guarded({ court: 'ok' }) },
  {
    route: 'POST /v1/records/:authority/:key/retraction',
    url: u('/v1/records/city/N-A1/retraction'),
    body: () => ({ reason: 'entered twice' }),
    expect: guarded({ 'city.reporter': 'ok' }),
  },

  // Schemes: admins publish their own; any staff checks; public ones for all, private ones for their authority only (404 to others).
  {
    route: 'POST /v1/schemes',
    url: u('/v1/schemes'),
    body: () => ({ source: NEW_SCHEME() }),
    expect: guarded({ admins: 'ok' }),
  },
  {
    route: 'POST /v1/schemes',
    url: u('/v1/schemes'),
    body: () => ({ source: NEW_SCHEME('city') }),
    expect: guarded({ 'city.admin': 'ok' }),
  },
  // Simulations: admins of the draft's authority start them; a job is seen by its authority's admins only (404 to others).
  {
    route: 'POST /v1/schemes/simulations',
    url: u('/v1/schemes/simulations'),
    body: () => ({ source: NEW_SCHEME() }),
    expect: guarded({ admins: 'ok' }),
  },
  {
    route: 'GET /v1/schemes/simulations/:id',
    url: u('/v1/schemes/simulations/00000000-0000-4000-8000-000000000000'),
    expect: guarded({ admins: 404 }),
  },
  // Shadow and pending versions: admins of the scheme's authority only (another authority's admin: 403).
  { route: 'GET /v1/schemes/candidates', url: u('/v1/schemes/candidates'), expect: guarded({ admins: 'ok' }) },
  {
    route: 'GET /v1/schemes/:authority/:scheme/compare',
    url: u('/v1/schemes/city/city-test/compare'),
    expect: guarded({ 'city.admin': 404 }),
  },
  {
    route: 'POST /v1/schemes/:authority/:scheme/versions/:version/promote',
    url: u('/v1/schemes/city/city-test/versions/99/promote'),
    expect: guarded({ 'city.admin': 404 }),
  },
  {
    route: 'POST /v1/schemes/:authority/:scheme/versions/:version/withdraw',
    url: u('/v1/schemes/city/city-test/versions/99/withdraw'),
    expect: guarded({ 'city.admin': 404 }),
  },
  {
    route: 'POST /v1/schemes/:authority/:scheme/versions/:version/approve',
    url: u('/v1/schemes/city/city-test/versions/99/approve'),
    expect: guarded({ 'city.admin': 404 }),
  },
  {
    route: 'POST /v1/schemes/check',
    url: u('/v1/schemes/check'),
    body: () => ({ source: NEW_SCHEME() }),
    expect: guarded({ staff: 'ok' }),
  },
  { route: 'GET /v1/schemes', url: u('/v1/schemes'), expect: PUBLIC },
  { route: 'GET /v1/schemes/:authority/:scheme', url: u('/v1/schemes/city/city-test'), expect: PUBLIC },
  {
    route: 'GET /v1/schemes/:authority/:scheme',
    url: u('/v1/schemes/court/court-debtors'),
    expect: outcomes(404, { court: 'ok' }),
  },
  {
    route: 'GET /v1/schemes/:authority/:scheme/versions/:version',
    url: u('/v1/schemes/court/court-debtors/versions/1'),
    expect: outcomes(404, { court: 'ok' }),
  },
  {
    route: 'GET /v1/schemes/:authority/:scheme/subjects/:subject',
    url: u('/v1/schemes/city/city-test/subjects/person:alice'),
    expect: guarded({ 'city.admin': 'ok', 'city.reviewer': 'ok', 'city.auditor': 'ok' }),
  },
  {
    // Each authority's readers see the subject as their own authority does.
    route: 'GET /v1/console/subjects/:subject',
    url: u('/v1/console/subjects/person:alice'),
    expect: guarded({
      'city.admin': 'ok',
      'city.reviewer': 'ok',
      'city.auditor': 'ok',
      'court.admin': 'ok',
      'court.reviewer': 'ok',
      'court.auditor': 'ok',
    }),
  },
  {
    route: 'GET /v1/schemes/:authority/:scheme/scores',
    url: u('/v1/schemes/court/court-debtors/scores'),
    expect: guarded({ 'court.admin': 'ok', 'court.reviewer': 'ok', 'court.auditor': 'ok' }),
  },
  {
    route: 'GET /v1/schemes/:authority/:scheme/history',
    url: u('/v1/schemes/city/city-test/history'),
    expect: guarded({ 'city.admin': 'ok', 'city.reviewer': 'ok', 'city.auditor': 'ok' }),
  },
  { route: 'GET /v1/lists', url: u('/v1/lists'), expect: guarded({ staff: 'ok' }) },

  // Registry and transparency: public.
  { route: 'GET /v1/actions', url: u('/v1/actions'), expect: PUBLIC },
  { route: 'GET /v1/grants', url: u('/v1/grants'), expect: PUBLIC },
  { route: 'GET /v1/public/authorities', url: u('/v1/public/authorities'), expect: PUBLIC },
  { route: 'GET /v1/public/lists', url: u('/v1/public/lists'), expect: PUBLIC },
  { route: 'GET /v1/public/shares', url: u('/v1/public/shares'), expect: PUBLIC },
  {
    route: 'GET /v1/public/lists/:authority/:scheme/:list/entries',
    url: u('/v1/public/lists/city/city-test/air-travel-ban/entries'),
    expect: PUBLIC,
  },
  {
    route: 'GET /v1/public/lists/:authority/:list/entries/:subject',
    url: u('/v1/public/lists/city/air-travel-ban/entries/person:pat'),
    expect: PUBLIC,
  },
  { route: 'GET /v1/public/statistics', url: u('/v1/public/statistics'), expect: PUBLIC },

  // Audit: the authority's auditors; the signed checkpoints, for anyone.
  { route: 'GET /v1/audit/checkpoints', url: u('/v1/audit/checkpoints'), expect: PUBLIC },
  {
    route: 'GET /v1/statements',
    url: u('/v1/statements?format=dsa-tdb'),
    expect: guarded({ 'city.auditor': 'ok', 'court.auditor': 'ok' }),
  },
  {
    // Only the relying party that made a check finds its decision; an id it did not make is not found.
    route: 'GET /v1/decisions/:id',
    url: u('/v1/decisions/00000000-0000-4000-8000-000000000000'),
    expect: guarded({ airline: 404 }),
  },
  { route: 'GET /v1/audit/:authority', url: u('/v1/audit/city'), expect: guarded({ 'city.auditor': 'ok' }) },
  {
    route: 'GET /v1/audit/:authority/verify',
    url: u('/v1/audit/court/verify'),
    expect: guarded({ 'court.auditor': 'ok' }),
  },

  // Authentication. Signing in and enrolling need no credentials (the password, the code are them).
  {
    route: 'POST /v1/sessions',
    url: u('/v1/sessions'),
    body: () => ({ account: 'carol', password: PASSWORD }),
    expect: PUBLIC,
  },
  { route: 'GET /v1/me', url: u('/v1/me'), expect: outcomes('ok', { anonymous: 401 }) },
  {
    // A setting belongs to an account: keys (court staff, the airline) have none.
    route: 'PUT /v1/me/language',
    url: u('/v1/me/language'),
    body: () => ({ language: 'zh-CN' }),
    expect: outcomes('ok', { anonymous: 401, court: 403, airline: 403 }),
  },
  {
    route: 'POST /v1/enrolment-codes',
    url: u('/v1/enrolment-codes'),
    body: () => ({ subject: 'person:bob' }),
    // The operator's identity desk only: an authority's admin could otherwise make itself any subject.
    expect: guarded({ registrar: 'ok' }),
  },
  {
    route: 'POST /v1/enrolments',
    url: u('/v1/enrolments'),
    body: async (f, _who, n) => ({
      code: (await issueEnrolment(f.deps, { registrar: 'desk', subject: 'person:carol' })).code,
      account: `carol-${n}`,
      password: PASSWORD,
    }),
    expect: PUBLIC,
  },
  {
    route: 'POST /v1/keys',
    url: u('/v1/keys'),
    body: () => ({ roles: ['auditor'] }),
    expect: guarded({ admins: 'ok' }),
  },
  { route: 'GET /v1/keys', url: u('/v1/keys'), expect: guarded({ admins: 'ok' }) },
  {
    route: 'DELETE /v1/keys/:id',
    url: (f) => `/v1/keys/${f.spareCityKey}`,
    expect: guarded({ 'city.admin': 'ok', 'court.admin': 404 }),
  },

  // Listings: staff of the listing's authority (any role) and its subject; to other authorities and subjects they do not exist.
  { route: 'GET /v1/listings', url: u('/v1/listings'), expect: guarded({ staff: 'ok' }) },
  {
    route: 'GET /v1/listings/:id',
    url: (f) => `/v1/listings/${f.cityBan}`,
    expect: guarded({ city: 'ok', court: 404, subjectA: 'ok', subjectB: 404 }),
  },
  {
    route: 'GET /v1/listings/:id',
    url: (f) => `/v1/listings/${f.courtListing}`,
    expect: guarded({ court: 'ok', city: 404, subjectA: 'ok', subjectB: 404 }),
  },
  {
    route: 'POST /v1/listings/:id/appeal',
    url: (f) => `/v1/listings/${f.cityWatch}/appeal`,
    body: () => ({ statement: 'Wrong person.' }),
    expect: guarded({ subjectA: 'ok', subjectB: 404 }),
  },

  // Listings by decision: admins of the scheme's authority only; another authority's admin does not find the scheme.
  {
    route: 'POST /v1/listings/decisions',
    url: u('/v1/listings/decisions'),
    body: (_f, who, n) => ({
      key: `M-${who}-${n}`,
      subject: `person:m${n}`,
      scheme: 'city-test',
      list: 'by-order',
      reason: 'Ordered by the court',
      basis: 'CCP art. 1',
    }),
    expect: guarded({ 'city.admin': 'ok', 'court.admin': 404 }),
  },
  {
    route: 'POST /v1/listings/decisions/batch',
    url: u('/v1/listings/decisions/batch'),
    body: (_f, who, n) => ({
      decisions: [
        {
          key: `B-${who}-${n}`,
          subject: `person:b${n}`,
          scheme: 'city-test',
          list: 'by-order',
          reason: 'r',
          basis: 'b',
        },
      ],
    }),
    expect: guarded({ admins: 'ok' }),
  },

  // Cases: the subject files; reviewers of the case's authority read and decide; other authorities' reviewers get 404.
  {
    route: 'POST /v1/records/:authority/:key/disputes',
    url: u('/v1/records/city/J-A2/disputes'),
    body: () => ({ statement: 'Not me.' }),
    expect: guarded({ subjectA: 'ok', subjectB: 404 }),
  },
  { route: 'GET /v1/review/queue', url: u('/v1/review/queue'), expect: guarded({ reviewers: 'ok' }) },
  {
    route: 'GET /v1/appeals/:id',
    url: (f) => `/v1/appeals/${f.cityAppeal}`,
    expect: guarded({ 'city.reviewer': 'ok', 'court.reviewer': 404, subjectA: 'ok', subjectB: 404 }),
  },
  {
    route: 'GET /v1/disputes/:id',
    url: (f) => `/v1/disputes/${f.courtDispute}`,
    expect: guarded({ 'court.reviewer': 'ok', 'city.reviewer': 404, subjectA: 'ok', subjectB: 404 }),
  },
  {
    route: 'POST /v1/appeals/:id/decision',
    url: (f) => `/v1/appeals/${f.cityAppeal}/decision`,
    body: () => ({ outcome: 'uphold', reasons: 'Two records stand.' }),
    expect: guarded({ 'city.reviewer': 'ok', 'court.reviewer': 404 }),
  },
  {
    route: 'POST /v1/disputes/:id/decision',
    url: (f) => `/v1/disputes/${f.courtDispute}/decision`,
    body: () => ({ outcome: 'confirm', reasons: 'The judgment is unpaid.' }),
    // Court's reviewer here is an API key: a machine never decides (REVIEWER_MUST_BE_HUMAN).
    expect: guarded({ 'court.reviewer': 403, 'city.reviewer': 404 }),
  },

  // Second instances: the subject asks for its own appeal; reviewers decide; parties read what was lifted.
  me('second-instances'),
  {
    route: 'POST /v1/me/appeals/:id/second-instance',
    url: (f) => `/v1/me/appeals/${f.cityAppeal}/second-instance`,
    body: () => ({ statement: 'Look again.' }),
    // City's reviewer upheld the appeal above: its subject asks; another subject does not see it.
    expect: guarded({ subjectA: 'ok', subjectB: 404 }),
  },
  {
    route: 'GET /v1/review/second-instances',
    url: u('/v1/review/second-instances'),
    expect: guarded({ 'city.reviewer': 'ok', 'court.reviewer': 'ok' }),
  },
  {
    route: 'POST /v1/second-instances/:id/decision',
    url: u('/v1/second-instances/999999/decision'),
    body: () => ({ outcome: 'uphold', reasons: 'Stands.' }),
    expect: guarded({ 'city.reviewer': 404, 'court.reviewer': 404 }),
  },
  { route: 'GET /v1/party/lifted', url: u('/v1/party/lifted'), expect: guarded({ airline: 'ok' }) },

  // Webhook endpoints: an authority's admin and a relying party, each its own (no server key here: adding is refused).
  { route: 'GET /v1/webhooks', url: u('/v1/webhooks'), expect: guarded({ admins: 'ok', airline: 'ok' }) },
  {
    route: 'POST /v1/webhooks',
    url: u('/v1/webhooks'),
    body: () => ({ url: 'https://hooks.example.org/standing', events: ['sanction.lifted'] }),
    expect: guarded({ admins: 400, airline: 400 }),
  },
  ...(['disable', 'enable'] as const).map((verb) => ({
    route: `POST /v1/webhooks/:id/${verb}`,
    url: u(`/v1/webhooks/no-such-endpoint/${verb}`),
    body: () => ({}),
    expect: guarded({ admins: 404, airline: 404 }),
  })),
  {
    // A new secret is derived from the server key, which this server lacks.
    route: 'POST /v1/webhooks/:id/rotate',
    url: u('/v1/webhooks/no-such-endpoint/rotate'),
    body: () => ({}),
    expect: guarded({ admins: 400, airline: 400 }),
  },
  {
    route: 'GET /v1/webhooks/:id/deliveries',
    url: u('/v1/webhooks/no-such-endpoint/deliveries'),
    expect: guarded({ admins: 404, airline: 404 }),
  },
  {
    route: 'POST /v1/webhook-deliveries/:id/replay',
    url: u('/v1/webhook-deliveries/999999/replay'),
    body: () => ({}),
    expect: guarded({ admins: 404, airline: 404 }),
  },

  // The subject's file: the subject itself, nobody else.
  me('file'),
  me('records'),
  me('scores'),
  me('listings'),
  me('inbox'),
  me('appeals'),
  me('disputes'),
  me('access-log'),
  me('sharing'),
  me('export'),
  me('settings'),
  {
    route: 'PUT /v1/me/settings',
    url: u('/v1/me/settings'),
    body: () => ({ email: 'me@example.org', language: 'en' }),
    expect: SUBJECT_FILE,
  },
  // A notice link: no sign-in, the token alone; a forged one is refused to everyone alike.
  {
    route: 'POST /v1/notice-links/:listing',
    url: (f) => `/v1/notice-links/${f.cityBan}`,
    body: () => ({ token: '4102444800.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }),
    expect: outcomes(403),
  },
  {
    route: 'POST /v1/me/consents',
    url: u('/v1/me/consents'),
    body: () => ({ authority: 'city', scheme: 'city-perks', optIn: true }),
    expect: SUBJECT_FILE,
  },

  // Passes: the subject makes and revokes its own; anyone may present a token (an unknown one is 404 to all).
  me('passes'),
  {
    route: 'POST /v1/me/passes',
    url: u('/v1/me/passes'),
    body: () => ({ purpose: 'flight.board', ttl: 'P1D' }),
    expect: SUBJECT_FILE,
  },
  {
    route: 'DELETE /v1/me/passes/:id',
    url: u('/v1/me/passes/no-such-pass'),
    expect: guarded({ subjects: 404 }),
  },
  { route: 'GET /v1/passes/:token', url: u('/v1/passes/no-such-token'), expect: outcomes(404) },
  // Self-exclusion: the subject only; no list here offers it, and none may be ended early.
  me('exclusions'),
  {
    route: 'POST /v1/me/exclusions',
    url: u('/v1/me/exclusions'),
    body: () => ({ list: 'air-travel-ban', term: 'P1M' }),
    expect: guarded({ subjects: 400 }),
  },
  {
    route: 'DELETE /v1/me/exclusions/:id',
    url: (f) => `/v1/me/exclusions/${f.cityBan}`,
    expect: guarded({ subjectA: 409, subjectB: 404 }),
  },

  // Reports from the public: anyone signed in as a person or an authority's staff files one; the
  // authority's human reviewers (not keys) triage them; a report of another authority is 404 to them.
  {
    route: 'POST /v1/reports',
    url: u('/v1/reports'),
    body: () => ({
      authority: 'city',
      subject: 'person:carol',
      kind: 'civic.note',
      occurredAt: '2026-05-31T09:00:00Z',
      description: 'Left a note.',
    }),
    expect: outcomes('ok', { anonymous: 401, airline: 403, registrar: 403 }),
  },
  {
    route: 'GET /v1/me/reports',
    url: u('/v1/me/reports'),
    expect: outcomes('ok', { anonymous: 401, airline: 403, registrar: 403 }),
  },
  { route: 'GET /v1/reports', url: u('/v1/reports'), expect: guarded({ 'city.reviewer': 'ok' }) },
  {
    route: 'POST /v1/reports/:id/decision',
    url: (f) => `/v1/reports/${f.cityReport}/decision`,
    body: () => ({ outcome: 'reject', reasons: 'Not enough to go on.' }),
    expect: guarded({ 'city.reviewer': 'ok', 'court.reviewer': 404 }),
  },

  {
    route: 'PUT /v1/authorities/:authority/reports',
    url: u('/v1/authorities/city/reports'),
    body: () => ({ open: true }),
    expect: guarded({ 'city.admin': 'ok' }),
  },

  // Last: signing out ends the session it is sent with. API keys have none.
  {
    route: 'DELETE /v1/sessions/current',
    url: u('/v1/sessions/current'),
    expect: outcomes(401, { subjects: 'ok', city: 'ok', registrar: 'ok' }),
    last: true,
  },
];

const classOf = (status: number): 'ok' | number => (status >= 200 && status < 400 ? 'ok' : status);

describe('access matrix', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await fixture();
  });
  afterAll(async () => {
    await f.app.close();
  });

  it('has a row for every route the app registers, and no row for a route that does not exist', () => {
    const registered = registeredRoutes(f.app);
    expect(registered.size).toBeGreaterThan(40);
    const covered = new Set(CASES.map((c) => c.route));
    expect(
      [...registered].filter((r) => !covered.has(r)),
      'routes without a row in the access matrix',
    ).toEqual([]);
    expect(
      [...covered].filter((r) => !registered.has(r)),
      'rows for routes that are not registered',
    ).toEqual([]);
  });

  it('answers every principal on every route as the matrix says', async () => {
    const wrong: string[] = [];
    let n = 0;
    for (const c of [...CASES.filter((x) => !x.last), ...CASES.filter((x) => x.last)]) {
      const [method] = c.route.split(' ') as ['GET' | 'POST' | 'PUT' | 'DELETE'];
      for (const who of WHO) {
        const url = c.url(f);
        const body = c.body ? await c.body(f, who, n++) : undefined;
        const res = await call(f.app, method, url, f.creds[who], body);
        const got = classOf(res.status);
        if (got !== c.expect[who])
          wrong.push(
            `${method} ${url} as ${who}: expected ${c.expect[who]}, got ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`,
          );
      }
    }
    expect(wrong).toEqual([]);
  });

  it('did what the allowed callers asked, attributed to them', async () => {
    const { deps } = f;
    const appeal = await deps.store.transaction((tx) => tx.getAppeal(f.cityAppeal));
    expect(appeal).toMatchObject({ state: 'upheld', decidedBy: 'city-reviewer' });
    const dispute = await deps.store.transaction((tx) => tx.getDispute(f.courtDispute));
    // Court's reviewer is an API key: it was refused (REVIEWER_MUST_BE_HUMAN), so the dispute still waits for a person.
    expect(dispute).toMatchObject({ state: 'pending', decidedBy: null });
    expect(await deps.store.transaction(async (tx) => (await tx.getRecord('city', 'N-A1'))?.retractedAt)).toBe(T0);
    const keys = await deps.store.transaction((tx) => tx.listApiKeys({ includeRevoked: true }));
    expect(keys.find((k) => k.id === f.spareCityKey)?.revokedAt).toBe(T0);
    expect(await deps.store.transaction((tx) => tx.getRecord('court', 'M-1'))).toMatchObject({
      submittedBy: expect.stringMatching(/^key:/) as string,
    });
  });
});
