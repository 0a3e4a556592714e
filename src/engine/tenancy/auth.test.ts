import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { hasRole, type Principal } from '../../core/principal.js';
import { openSqliteStore } from '../../store/sqlite/sqlite-store.js';
import { ACTIONS, linesOf, testEngine } from '../../test-support/engine.js';
import { addAccount } from './accounts.js';
import {
  addAuthority,
  authenticateKey,
  authenticateSession,
  createApiKey,
  enrol,
  ENROLMENT_TTL_MS,
  issueEnrolment,
  KEY_CACHE_TTL_MS,
  listApiKeys,
  listAuthorities,
  requireKey,
  requireSession,
  revokeApiKey,
  SESSION_TTL_MS,
  setPassword,
  signIn,
  signOut,
} from './auth.js';
import { manualClock } from '../clock.js';
import type { EngineDeps } from '../deps.js';
import { importRecords } from '../ingest/ingest.js';
import { sha256 } from '../audit/hash.js';

const PASSWORD = 'correct horse battery';

const record = (authority: string, key: string, subject: string) => ({
  key,
  authority,
  subject,
  kind: 'traffic.speeding',
  occurredAt: '2026-05-01T00:00:00Z',
  data: { severity: 1 },
});

async function withRecord(deps: EngineDeps, authority: string, subject: string): Promise<void> {
  const counts = await importRecords(deps, linesOf([record(authority, `K-${subject}`, subject)]));
  expect(counts).toMatchObject({ accepted: 1 });
}

describe('authorities', () => {
  it('creates an authority with its kind once, and lists kinds', async () => {
    const deps = testEngine();
    await addAuthority(deps, { name: 'city', kind: 'government', title: 'City of Rongcheng' });
    await expect(addAuthority(deps, { name: 'city', kind: 'business' })).rejects.toMatchObject({
      code: 'AUTHORITY_EXISTS',
    });
    await expect(addAuthority(deps, { name: 'shop', kind: 'bank' })).rejects.toMatchObject({
      code: 'ARGUMENT_INVALID',
    });
    await deps.store.transaction((tx) => tx.ensureAuthorities(['court'], 0));
    expect(await listAuthorities(deps)).toEqual([
      { name: 'city', kind: 'government', title: 'City of Rongcheng' },
      { name: 'court', kind: null, title: null },
    ]);
  });
});

describe('API keys', () => {
  it('authenticates a staff key by its secret and refuses a wrong or malformed one', async () => {
    const deps = testEngine();
    const { id, secret } = await createApiKey(deps, {
      authority: 'city',
      roles: ['reporter', 'admin'],
      label: 'importer',
    });
    expect(secret).toMatch(/^stk_[A-Za-z0-9_-]{12}_[A-Za-z0-9_-]{43}$/);
    expect(secret.slice(4, 16)).toBe(id);
    const p = await authenticateKey(deps, secret);
    expect(p).toEqual({ type: 'staff', authority: 'city', roles: ['admin', 'reporter'], account: null, key: id });
    expect(hasRole(p!, 'reporter', 'city')).toBe(true);
    expect(hasRole(p!, 'reporter', 'court')).toBe(false);

    const wrong = `${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`;
    expect(await authenticateKey(deps, wrong)).toBeNull();
    expect(await authenticateKey(deps, 'stk_nonsense')).toBeNull();
    await expect(requireKey(deps, wrong)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('never hands out a key id the shell would read as an option', async () => {
    // The first 9-byte draw encodes to an id starting with "-" (0xF8: base64url 62); the next does not.
    let draws = 0;
    const random = (n: number): Buffer => Buffer.alloc(n, draws++ === 0 ? 0xf8 : 0x41);
    const deps = { ...testEngine(), random };
    const { id } = await createApiKey(deps, { authority: 'city', roles: ['reporter'] });
    expect(id.startsWith('-')).toBe(false);
    expect(draws).toBeGreaterThan(2);
  });

  it('refuses keys that are neither staff nor party, or staff with the subject role', async () => {
    const deps = testEngine();
    await expect(createApiKey(deps, {})).rejects.toMatchObject({ code: 'KEY_INVALID' });
    await expect(createApiKey(deps, { authority: 'city' })).rejects.toMatchObject({ code: 'KEY_INVALID' });
    await expect(createApiKey(deps, { authority: 'city', roles: ['subject'] })).rejects.toMatchObject({
      code: 'KEY_INVALID',
    });
    await expect(createApiKey(deps, { authority: 'city', roles: ['admin'], party: 'skyways' })).rejects.toMatchObject({
      code: 'KEY_INVALID',
    });
  });

  it('makes a party key only for an existing relying party', async () => {
    const deps = testEngine();
    await expect(createApiKey(deps, { party: 'skyways' })).rejects.toMatchObject({ code: 'PARTY_NOT_FOUND' });
    await deps.store.transaction((tx) => tx.addParty('skyways', deps.clock.now()));
    const { id, secret } = await createApiKey(deps, { party: 'skyways' });
    expect(await authenticateKey(deps, secret)).toEqual({ type: 'party', party: 'skyways', key: id });
  });

  it('stops a key revoked here at once, and one revoked elsewhere within the cache TTL', async () => {
    const deps = testEngine();
    const a = await createApiKey(deps, { authority: 'city', roles: ['reporter'] });
    expect(await authenticateKey(deps, a.secret)).not.toBeNull();
    await revokeApiKey(deps, a.id);
    expect(await authenticateKey(deps, a.secret)).toBeNull();
    await expect(requireKey(deps, a.secret)).rejects.toMatchObject({ code: 'KEY_REVOKED' });
    await expect(revokeApiKey(deps, a.id)).rejects.toMatchObject({ code: 'KEY_REVOKED' });

    // Another process revokes in the database: this one trusts its cache for at most KEY_CACHE_TTL_MS.
    const b = await createApiKey(deps, { authority: 'city', roles: ['reporter'] });
    expect(await authenticateKey(deps, b.secret)).not.toBeNull();
    await deps.store.transaction((tx) => tx.revokeApiKey(b.id, deps.clock.now()));
    deps.clock.advance(KEY_CACHE_TTL_MS - 1);
    expect(await authenticateKey(deps, b.secret)).not.toBeNull();
    deps.clock.advance(1);
    expect(await authenticateKey(deps, b.secret)).toBeNull();
  });

  it('writes last_used_at at most once a minute', async () => {
    const deps = testEngine();
    const { id, secret } = await createApiKey(deps, { authority: 'city', roles: ['reporter'] });
    const t0 = deps.clock.now();
    await authenticateKey(deps, secret);
    deps.clock.advance(30_000);
    await authenticateKey(deps, secret);
    expect((await listApiKeys(deps))[0]!.lastUsedAt).toBe(t0);
    deps.clock.advance(30_000);
    await authenticateKey(deps, secret);
    const [k] = await listApiKeys(deps);
    expect(k).toMatchObject({ id, lastUsedAt: t0 + 60_000 });
    expect(k).not.toHaveProperty('hash');
  });

  it('lets an admin manage only its own authority’s keys', async () => {
    const deps = testEngine();
    const admin: Principal = { type: 'staff', authority: 'city', roles: ['admin'], account: 'ann', key: null };
    const own = await createApiKey(deps, { authority: 'city', roles: ['reporter'] }, admin);
    await expect(createApiKey(deps, { authority: 'court', roles: ['reporter'] }, admin)).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    const other = await createApiKey(deps, { authority: 'court', roles: ['reporter'] });
    expect((await listApiKeys(deps, {}, admin)).map((k) => k.id)).toEqual([own.id]);
    await expect(revokeApiKey(deps, other.id, admin)).rejects.toMatchObject({ code: 'KEY_NOT_FOUND' });
    await revokeApiKey(deps, own.id, admin);
  });
});

describe('passwords and sessions', () => {
  async function staff(deps: EngineDeps): Promise<void> {
    await addAccount(deps, { name: 'ann', authority: 'city', roles: ['reviewer', 'admin'] });
    await setPassword(deps, 'ann', PASSWORD);
  }

  it('signs in, authenticates the session, and signs out', async () => {
    const deps = testEngine();
    await staff(deps);
    const s = await signIn(deps, { account: 'ann', password: PASSWORD });
    const expected = { type: 'staff', authority: 'city', roles: ['admin', 'reviewer'], account: 'ann', key: null };
    expect(s.principal).toEqual(expected);
    expect(s.expiresAt).toBe(deps.clock.now() + SESSION_TTL_MS);
    expect(await authenticateSession(deps, s.token)).toEqual(expected);
    expect(await signOut(deps, s.token)).toBe(true);
    expect(await authenticateSession(deps, s.token)).toBeNull();
    await expect(requireSession(deps, s.token)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('refuses a wrong password and an unknown account alike', async () => {
    const deps = testEngine();
    await staff(deps);
    const wrong = await signIn(deps, { account: 'ann', password: 'not the password' }).catch((e: unknown) => e);
    const unknown = await signIn(deps, { account: 'bob', password: PASSWORD }).catch((e: unknown) => e);
    expect(wrong).toMatchObject({ code: 'CREDENTIALS_INVALID' });
    expect(unknown).toMatchObject({ code: 'CREDENTIALS_INVALID', message: (wrong as Error).message });
  });

  it('refuses a short password', async () => {
    const deps = testEngine();
    await staff(deps);
    await expect(setPassword(deps, 'ann', 'short')).rejects.toMatchObject({ code: 'PASSWORD_WEAK' });
    await expect(setPassword(deps, 'nobody', PASSWORD)).rejects.toMatchObject({ code: 'ACCOUNT_NOT_FOUND' });
  });

  it('expires sessions after their TTL, and a password change ends them', async () => {
    const deps = testEngine();
    await staff(deps);
    const s = await signIn(deps, { account: 'ann', password: PASSWORD }, { sessionTtlMs: 60_000 });
    deps.clock.advance(59_999);
    expect(await authenticateSession(deps, s.token)).not.toBeNull();
    deps.clock.advance(1);
    await expect(requireSession(deps, s.token)).rejects.toMatchObject({ code: 'SESSION_EXPIRED' });
    // An expired session is deleted on sight.
    expect(await deps.store.transaction((tx) => tx.getSession(sha256(s.token)))).toBeUndefined();

    const t = await signIn(deps, { account: 'ann', password: PASSWORD });
    await setPassword(deps, 'ann', 'another long password');
    expect(await authenticateSession(deps, t.token)).toBeNull();
  });
});

describe('enrolment', () => {
  async function setup(): Promise<EngineDeps & { clock: ReturnType<typeof manualClock> }> {
    const deps = testEngine();
    await addAccount(deps, { name: 'ann', authority: 'city', roles: ['admin'] });
    await addAccount(deps, { name: 'rita', authority: 'city', roles: ['reporter'] });
    await addAccount(deps, { name: 'desk', roles: ['registrar'] });
    await withRecord(deps, 'city', 'person:1');
    return deps;
  }

  it('enrols a subject with a one-time code from a registrar, valid 24 hours', async () => {
    const deps = await setup();
    const { code, expiresAt } = await issueEnrolment(deps, { registrar: 'desk', subject: 'person:1' });
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{10}$/);
    expect(ENROLMENT_TTL_MS).toBe(24 * 3_600_000);
    expect(expiresAt).toBe(deps.clock.now() + ENROLMENT_TTL_MS);
    const p = await enrol(deps, { code: code.toLowerCase(), account: 'li', password: PASSWORD });
    expect(p).toEqual({ type: 'subject', subject: 'person:1', account: 'li' });
    expect((await signIn(deps, { account: 'li', password: PASSWORD })).principal).toEqual(p);
    await expect(enrol(deps, { code, account: 'li2', password: PASSWORD })).rejects.toMatchObject({
      code: 'ENROLMENT_INVALID',
    });
  });

  it('keeps the code when the account name is taken', async () => {
    const deps = await setup();
    const { code } = await issueEnrolment(deps, { registrar: 'desk', subject: 'person:1' });
    await expect(enrol(deps, { code, account: 'rita', password: PASSWORD })).rejects.toMatchObject({
      code: 'ACCOUNT_EXISTS',
    });
    await expect(enrol(deps, { code, account: 'li', password: 'short' })).rejects.toMatchObject({
      code: 'PASSWORD_WEAK',
    });
    expect(await enrol(deps, { code, account: 'li', password: PASSWORD })).toMatchObject({ account: 'li' });
  });

  it('refuses an expired code', async () => {
    const deps = await setup();
    const { code } = await issueEnrolment(deps, { registrar: 'desk', subject: 'person:1' });
    deps.clock.advance(ENROLMENT_TTL_MS);
    await expect(enrol(deps, { code, account: 'li', password: PASSWORD })).rejects.toMatchObject({
      code: 'ENROLMENT_INVALID',
    });
    await expect(enrol(deps, { code: 'ZZZZZZZZZZ', account: 'li', password: PASSWORD })).rejects.toMatchObject({
      code: 'ENROLMENT_INVALID',
    });
  });

  it('refuses an admin holding records about the subject: an authority cannot make itself the subject', async () => {
    const deps = await setup();
    await expect(issueEnrolment(deps, { registrar: 'ann', subject: 'person:1' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(issueEnrolment(deps, { registrar: 'rita', subject: 'person:1' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(issueEnrolment(deps, { registrar: 'nobody', subject: 'person:1' })).rejects.toMatchObject({
      code: 'ACCOUNT_NOT_FOUND',
    });
  });

  it('refuses a code an admin issued before registrars existed', async () => {
    const deps = await setup();
    const code = 'ABCDEFGHJK';
    await deps.store.transaction((tx) =>
      tx.insertEnrolment({
        codeHash: sha256(code),
        subject: 'person:1',
        authority: 'city',
        issuedBy: 'ann',
        createdAt: deps.clock.now(),
        expiresAt: deps.clock.now() + ENROLMENT_TTL_MS,
        usedAt: null,
        account: null,
      }),
    );
    await expect(enrol(deps, { code, account: 'li', password: PASSWORD })).rejects.toMatchObject({
      code: 'ENROLMENT_INVALID',
    });
  });

  it('never combines a registrar with an authority, a subject or another role', async () => {
    const deps = await setup();
    const bad = [
      { name: 'r1', roles: ['registrar', 'admin'], authority: 'city' },
      { name: 'r2', roles: ['registrar'], authority: 'city' },
      { name: 'r3', roles: ['registrar', 'subject'], subject: 'person:1' },
    ];
    for (const a of bad) await expect(addAccount(deps, a)).rejects.toMatchObject({ code: 'ACCOUNT_INVALID' });
    await setPassword(deps, 'desk', PASSWORD);
    expect((await signIn(deps, { account: 'desk', password: PASSWORD })).principal).toEqual({
      type: 'registrar',
      account: 'desk',
    });
  });

  it('audits every enrolment on the operator chain and announces it to the subject’s other accounts', async () => {
    const deps = await setup();
    const first = await issueEnrolment(deps, { registrar: 'desk', subject: 'person:1' });
    await enrol(deps, { code: first.code, account: 'li', password: PASSWORD });
    // A second account for the same subject: only through a registrar, and the first account's inbox is told.
    const second = await issueEnrolment(deps, { registrar: 'desk', subject: 'person:1' });
    expect(second.existingAccounts).toBe(1);
    await enrol(deps, { code: second.code, account: 'li-phone', password: PASSWORD });
    const inbox = await deps.store.transaction((tx) => tx.messagesOf('person:1'));
    const enrolments = inbox.filter((m) => m.kind === 'enrolment');
    expect(enrolments.map((m) => m.body.event)).toEqual(['code-issued', 'enrolled', 'code-issued', 'enrolled']);
    expect(enrolments[3]!.body).toMatchObject({ account: 'li-phone', issuedBy: 'desk', otherAccounts: ['li'] });
    expect(enrolments.every((m) => m.authority === 'operator')).toBe(true);
    const changes = (await deps.store.transaction((tx) => tx.auditEntries('operator', 0, 100)))
      .filter((e) => e.type === 'account')
      .map((e) => (JSON.parse(e.payload) as { change: string }).change);
    expect(changes).toEqual(expect.arrayContaining(['enrolment-issued:person:1', 'enrolled:person:1:desk']));
    expect(changes.filter((c) => c.startsWith('enrolled:'))).toHaveLength(2);
  });
});

describe('secrets at rest', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('stores no key secret, password, session token or enrolment code in clear', async () => {
    dir = mkdtempSync(join(tmpdir(), 'standing-auth-'));
    const path = join(dir, 'standing.db');
    const deps = {
      store: openSqliteStore(path, { create: true, actions: ACTIONS }),
      clock: manualClock(Date.parse('2026-06-01T00:00:00Z')),
    };
    await deps.store.transaction((tx) => tx.addParty('skyways', 0));
    const staffKey = await createApiKey(deps, { authority: 'city', roles: ['admin'] });
    const partyKey = await createApiKey(deps, { party: 'skyways' });
    await authenticateKey(deps, staffKey.secret);
    await addAccount(deps, { name: 'ann', authority: 'city', roles: ['admin'] });
    await setPassword(deps, 'ann', PASSWORD);
    const session = await signIn(deps, { account: 'ann', password: PASSWORD });
    await withRecord(deps, 'city', 'person:1');
    await addAccount(deps, { name: 'desk', roles: ['registrar'] });
    const { code } = await issueEnrolment(deps, { registrar: 'desk', subject: 'person:1' });
    const { code: unused } = await issueEnrolment(deps, { registrar: 'desk', subject: 'person:1' });
    await enrol(deps, { code, account: 'li', password: 'subject password 1' });
    await deps.store.close();

    const db = new Database(path, { readonly: true });
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map(
      (t) => t.name,
    );
    const dump = tables.map((t) => JSON.stringify(db.prepare(`SELECT * FROM "${t}"`).all())).join('\n');
    db.close();
    const secrets = [
      staffKey.secret,
      partyKey.secret,
      staffKey.secret.slice(17),
      PASSWORD,
      'subject password 1',
      session.token,
      code,
      unused,
    ];
    for (const s of secrets) expect(dump, 'a secret is stored in clear').not.toContain(s);
    // The scan does see the tables: the hashes are there.
    for (const s of [staffKey.secret, partyKey.secret, session.token, unused]) expect(dump).toContain(sha256(s));
    expect(dump).toContain('scrypt$16384$8$1$');
  });
});
