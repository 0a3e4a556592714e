import { expect, it } from 'vitest';
import { isStandingError } from '../../core/errors.js';
import { describeStores, linesOf, testEngineOn } from '../../test-support/engine.js';
import { verifyAudit } from '../audit/audit.js';
import { sha256 } from '../audit/hash.js';
import { accessLog, checkAction, partyAdd } from '../decisions/check.js';
import type { EngineDeps } from '../deps.js';
import { publishScheme } from '../evaluation/publish.js';
import { importRecords } from '../ingest/ingest.js';
import { OPERATOR_PRINCIPAL } from '../../core/principal.js';
import { actingAs, addAccount } from '../tenancy/accounts.js';
import { grantAction } from '../tenancy/registry.js';
import { createPass, passesOf, revokePass, verifyPass, PASS_HOLDER } from './passes.js';

const T0 = Date.parse('2026-06-01T09:00:00Z');
const DAY = 86_400_000;
const SUBJECT = 'person:pat';

// Acme's consent-free rental scheme: on-time returns raise the score; grade A is on the honour roll (deposit waived).
const RENTALS = `
scheme: rentals
authority: acme
context: commerce
subjects: [person]
score: { base: 100, min: 0, max: 200 }
grades: [{ id: A, min: 117 }, { id: B }]
rules:
  - id: on-time
    when: record.kind == "rental.returned_on_time"
    points: 9
lists:
  - id: honour-roll
    type: redlist
    when: subject.grade == "A"
    sanctions:
      - { action: rental.deposit, effect: waive }
`;

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

async function setUp(store: 'sqlite' | 'postgres'): Promise<Deps> {
  const deps = await testEngineOn(store, T0);
  await grantAction(deps, 'acme', 'rental.deposit');
  await publishScheme(deps, RENTALS);
  const r = await importRecords(
    deps,
    linesOf(
      ['RT-1', 'RT-2'].map((key, i) => ({
        key,
        authority: 'acme',
        subject: SUBJECT,
        kind: 'rental.returned_on_time',
        occurredAt: new Date(T0 - (i + 1) * DAY).toISOString(),
      })),
    ),
  );
  expect(r.rejected).toBe(0);
  await addAccount(deps, { name: 'pat', roles: ['subject'], subject: SUBJECT });
  await addAccount(deps, { name: 'lee', roles: ['subject'], subject: 'person:lee' });
  await partyAdd(deps, 'skyways');
  return deps;
}

describeStores('passes', (store) => {
  it('answers an action pass exactly as a check of that action, and logs it as the pass holder', async () => {
    const deps = await setUp(store);
    const p = await createPass(deps, {
      subject: SUBJECT,
      purpose: 'rental.deposit',
      ttl: 'P7D',
      by: await actingAs(deps, 'pat'),
    });
    expect(p.token.length).toBeGreaterThanOrEqual(43); // 256 random bits, base64url
    const v = await verifyPass(deps, p.token, { type: 'anonymous' });
    const c = await checkAction(deps, { subject: SUBJECT, action: 'rental.deposit', party: null });
    expect(v.check).toMatchObject({ action: 'rental.deposit', effect: 'waive' });
    const { decision: _d1, at: _a1, ...fromPass } = v.check!;
    const { decision: _d2, at: _a2, subject: _s, party: _p, ...fromCheck } = c;
    expect(fromPass).toEqual(fromCheck);
    expect(v.grade).toBeUndefined();
    const log = await accessLog(deps, SUBJECT);
    expect(log.find((e) => e.decision === v.check!.decision)).toMatchObject({
      party: PASS_HOLDER,
      action: 'rental.deposit',
      effect: 'waive',
    });
  });

  it('answers a scheme pass with the grade only: no score, no records, no other purpose', async () => {
    const deps = await setUp(store);
    const p = await createPass(deps, { subject: SUBJECT, purpose: 'scheme:rentals', by: OPERATOR_PRINCIPAL });
    expect(p.purpose).toBe('scheme:acme/rentals');
    const v = await verifyPass(deps, p.token, { type: 'anonymous' });
    expect(v.grade).toMatchObject({ authority: 'acme', scheme: 'rentals', version: 1, grade: 'A' });
    const text = JSON.stringify(v);
    // Score 118, record keys, the kinds they report and the redlist's action never appear.
    for (const secret of ['118', 'score', 'RT-1', 'RT-2', 'rental.returned_on_time', 'rental.deposit', 'honour-roll'])
      expect(text).not.toContain(secret);
    expect(Object.keys(v).sort()).toEqual(['expiresAt', 'grade', 'purpose', 'subject']);
    expect((await accessLog(deps, SUBJECT)).at(-1)).toMatchObject({
      party: PASS_HOLDER,
      action: 'scheme:acme/rentals',
      effect: 'grade:A',
    });
  });

  it('refuses a pass longer than 30 days or shorter than a minute, an unknown purpose, an unknown recipient, another subject’s account', async () => {
    const deps = await setUp(store);
    const create = (over: Partial<Parameters<typeof createPass>[1]>) =>
      codeOf(createPass(deps, { subject: SUBJECT, purpose: 'rental.deposit', by: OPERATOR_PRINCIPAL, ...over }));
    expect(await create({ ttl: 'P31D' })).toBe('PASS_TTL_TOO_LONG');
    expect(await create({ ttl: 'P2M' })).toBe('PASS_TTL_TOO_LONG');
    expect(await create({ ttl: 'PT30S' })).toBe('PASS_TTL_TOO_SHORT');
    expect(await create({ ttl: 'P30D' })).toBe('no error');
    expect(await create({ purpose: 'casino.enter' })).toBe('PASS_PURPOSE_UNKNOWN');
    expect(await create({ purpose: 'scheme:nope' })).toBe('PASS_PURPOSE_UNKNOWN');
    expect(await create({ purpose: 'scheme:court/rentals' })).toBe('PASS_PURPOSE_UNKNOWN');
    expect(await create({ recipient: 'party:nobody' })).toBe('PASS_RECIPIENT_INVALID');
    expect(await create({ recipient: 'skyways' })).toBe('PASS_RECIPIENT_INVALID');
    expect(await create({ by: await actingAs(deps, 'lee') })).toBe('FORBIDDEN');
    expect((await passesOf(deps, SUBJECT)).length).toBe(1);
  });

  it('is refused at once after revocation, and after expiry; each refused attempt is in the access log', async () => {
    const deps = await setUp(store);
    const a = await createPass(deps, {
      subject: SUBJECT,
      purpose: 'rental.deposit',
      ttl: 'P1D',
      by: await actingAs(deps, 'pat'),
    });
    deps.clock.advance(1000);
    const b = await createPass(deps, {
      subject: SUBJECT,
      purpose: 'rental.deposit',
      ttl: 'P1D',
      by: await actingAs(deps, 'pat'),
    });
    await verifyPass(deps, a.token, { type: 'anonymous' });
    expect(await codeOf(revokePass(deps, { subject: SUBJECT, id: a.id, by: await actingAs(deps, 'lee') }))).toBe(
      'FORBIDDEN',
    );
    expect(await codeOf(revokePass(deps, { subject: 'person:lee', id: a.id, by: await actingAs(deps, 'lee') }))).toBe(
      'PASS_NOT_FOUND',
    );
    expect((await revokePass(deps, { subject: SUBJECT, id: a.id, by: await actingAs(deps, 'pat') })).status).toBe(
      'revoked',
    );
    expect(await codeOf(verifyPass(deps, a.token, { type: 'anonymous' }))).toBe('PASS_REVOKED');
    expect(await codeOf(verifyPass(deps, b.token, { type: 'anonymous' }))).toBe('no error');
    deps.clock.advance(DAY);
    expect(await codeOf(verifyPass(deps, b.token, { type: 'anonymous' }))).toBe('PASS_EXPIRED');
    expect((await passesOf(deps, SUBJECT)).map((p) => p.status)).toEqual(['expired', 'revoked']);
    expect((await accessLog(deps, SUBJECT)).map((e) => e.effect)).toEqual(['waive', 'refused', 'waive', 'refused']);
  });

  it('with a named recipient, answers only that recipient and logs who tried', async () => {
    const deps = await setUp(store);
    const toParty = await createPass(deps, {
      subject: SUBJECT,
      purpose: 'rental.deposit',
      recipient: 'party:skyways',
      by: await actingAs(deps, 'pat'),
    });
    const toAccount = await createPass(deps, {
      subject: SUBJECT,
      purpose: 'scheme:rentals',
      recipient: 'account:lee',
      by: await actingAs(deps, 'pat'),
    });
    expect(await codeOf(verifyPass(deps, toParty.token, { type: 'anonymous' }))).toBe('PASS_NOT_FOR_YOU');
    expect(await codeOf(verifyPass(deps, toParty.token, { type: 'account', account: 'skyways' }))).toBe(
      'PASS_NOT_FOR_YOU',
    );
    expect((await verifyPass(deps, toParty.token, { type: 'party', party: 'skyways' })).check?.effect).toBe('waive');
    expect(await codeOf(verifyPass(deps, toAccount.token, { type: 'account', account: 'pat' }))).toBe(
      'PASS_NOT_FOR_YOU',
    );
    expect((await verifyPass(deps, toAccount.token, { type: 'account', account: 'lee' })).grade?.grade).toBe('A');
    expect((await accessLog(deps, SUBJECT)).map((e) => [e.party, e.effect])).toEqual([
      ['pass holder (not party:skyways)', 'refused'],
      ['pass holder (not party:skyways)', 'refused'],
      ['pass holder (party:skyways)', 'waive'],
      ['pass holder (not account:lee)', 'refused'],
      ['pass holder (account:lee)', 'grade:A'],
    ]);
  });

  it('keeps only the token’s hash: what a reader of the database holds does not verify', async () => {
    const deps = await setUp(store);
    const p = await createPass(deps, { subject: SUBJECT, purpose: 'rental.deposit', by: await actingAs(deps, 'pat') });
    const [row] = await deps.store.transaction((tx) => tx.listPasses());
    expect(row!.tokenHash).toBe(sha256(p.token));
    expect(JSON.stringify(row)).not.toContain(p.token);
    expect(await codeOf(verifyPass(deps, row!.tokenHash, { type: 'anonymous' }))).toBe('PASS_NOT_FOUND');
    expect(await codeOf(verifyPass(deps, row!.id, { type: 'anonymous' }))).toBe('PASS_NOT_FOUND');
    // An unknown token names no subject: nothing is logged.
    expect(await accessLog(deps, SUBJECT)).toEqual([]);
  });

  it('audits creation and revocation; audit verify names a pass changed in the database', async () => {
    const deps = await setUp(store);
    const a = await createPass(deps, { subject: SUBJECT, purpose: 'rental.deposit', by: await actingAs(deps, 'pat') });
    const b = await createPass(deps, { subject: SUBJECT, purpose: 'rental.deposit', by: await actingAs(deps, 'pat') });
    await revokePass(deps, { subject: SUBJECT, id: a.id, by: await actingAs(deps, 'pat') });
    const entries = await deps.store.transaction((tx) => tx.auditEntries('operator', 0, 100));
    expect(
      entries.filter((e) => e.type === 'pass').map((e) => (JSON.parse(e.payload) as { pass: string }).pass),
    ).toEqual([a.id, b.id, a.id]);
    expect((await verifyAudit(deps)).ok).toBe(true);
    // Someone with write access revokes b behind the log's back.
    await deps.store.transaction((tx) => tx.revokePass(b.id, T0 + 5));
    const report = await verifyAudit(deps);
    expect(report.ok).toBe(false);
    expect(report.problems[0]).toMatchObject({ table: 'passes', id: b.id });
  });
});
