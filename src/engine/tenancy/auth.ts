import { OPERATOR_CHAIN } from '../../core/audit-entry.js';
import { fail } from '../../core/errors.js';
import {
  OPERATOR_PRINCIPAL,
  principalName,
  type RegistrarPrincipal,
  STAFF_ROLES,
  type Principal,
  type Role,
  type StaffPrincipal,
  type StaffRole,
  type SubjectPrincipal,
} from '../../core/principal.js';
import { may } from '../../core/policy.js';
import { checkAuthority, checkSubject } from '../../core/subject.js';
import {
  AUTHORITY_KINDS,
  type ApiKeyFilter,
  type ApiKeyRow,
  type AuthorityKind,
  type AuthorityKindRow,
} from '../../store/auth-port.js';
import type { AccountRow } from '../../store/due-process-port.js';
import type { Store, StoreTx } from '../../store/store.js';
import { accountPrincipal, checkAccount } from './accounts.js';
import { appendAudit, ensureAuthorities } from '../audit/audit.js';
import { accountDigest, apiKeyDigest, passwordDigest } from '../audit/row-digest.js';
import {
  DECOY_PASSWORD_HASH,
  enrolmentCode,
  hashPassword,
  normalizeEnrolmentCode,
  randomToken,
  sameDigest,
  systemRandom,
  verifyPassword,
  type RandomBytes,
} from './auth-secrets.js';
import { checkPartyName } from '../decisions/check.js';
import type { EngineDeps } from '../deps.js';
import { sha256 } from '../audit/hash.js';
import { formatInstant } from '../../core/instant.js';
import { deliver } from '../due-process/listings.js';

/**
 * Authentication (SPEC §1): authorities' kinds, API keys for machines, passwords and
 * sessions for people, one-time enrolment codes for subjects. Every secret is shown
 * once and stored only as a hash. The HTTP layer turns credentials into a Principal
 * here; what it may do is the policy's (core/policy.ts).
 */

export interface AuthDeps extends EngineDeps {
  /** Randomness for secrets, ids and salts, so tests can control it. Default: node:crypto randomBytes. */
  readonly random?: RandomBytes;
}

/** Sessions last 12 hours from sign-in unless `sessionTtlMs` says otherwise. */
export const SESSION_TTL_MS = 12 * 3_600_000;
/** How long a verified API key is trusted from memory: a revocation made elsewhere takes effect within this (at once on PostgreSQL). */
export const KEY_CACHE_TTL_MS = 5_000;
/** `last_used_at` of a key is written at most this often. */
export const KEY_TOUCH_INTERVAL_MS = 60_000;
/** Enrolment codes are valid for 24 hours, once: a code handed over at the identity desk is used that day. */
export const ENROLMENT_TTL_MS = 86_400_000;
/** Passwords have at least this many characters (code points). */
export const PASSWORD_MIN_LENGTH = 10;

const rnd = (deps: AuthDeps): RandomBytes => deps.random ?? systemRandom;

// ---- Authorities -----------------------------------------------------------------

export interface AuthorityInfo {
  readonly name: string;
  /** Null for an authority created on first use (an import or an account) rather than by the operator. */
  readonly kind: AuthorityKind | null;
  readonly title: string | null;
}

/** `standing authority add`: creates an authority with its kind; AUTHORITY_EXISTS if it has a kind already. */
export async function addAuthority(
  deps: EngineDeps,
  input: { name: string; kind: string; title?: string },
): Promise<AuthorityKindRow> {
  const name = checkAuthority(input.name, 'name');
  if (!AUTHORITY_KINDS.includes(input.kind as AuthorityKind))
    fail('ARGUMENT_INVALID', `kind: "${input.kind}" is not one of ${AUTHORITY_KINDS.join(', ')}`, { field: 'kind' });
  const title = input.title?.trim() ?? '';
  if (title.length > 200 || /[\u0000-\u001f]/.test(title))
    fail('ARGUMENT_INVALID', 'title: at most 200 characters, no control characters', { field: 'title' });
  const row: AuthorityKindRow = { name, kind: input.kind as AuthorityKind, title: title === '' ? null : title };
  const at = deps.clock.now();
  await deps.store.transaction(async (tx) => {
    await ensureAuthorities(tx, [name], at);
    if (!(await tx.insertAuthorityKind(row)))
      fail('AUTHORITY_EXISTS', `authority ${name} exists with a kind`, { field: 'name' });
    await appendAudit(tx, {
      chain: name,
      type: 'account',
      payload: { account: name, roles: [], change: `authority-created:${row.kind}` },
      at,
    });
  });
  return row;
}

/** Every authority, in name order, with its kind where the operator gave one. */
export async function listAuthorities(deps: EngineDeps): Promise<AuthorityInfo[]> {
  return deps.store.transaction(async (tx) => {
    const kinds = new Map((await tx.listAuthorityKinds()).map((k) => [k.name, k]));
    return (await tx.listAuthorities()).map((name) => ({
      name,
      kind: kinds.get(name)?.kind ?? null,
      title: kinds.get(name)?.title ?? null,
    }));
  });
}

// ---- API keys --------------------------------------------------------------------

/** A key as listed: never its hash. */
export type ApiKeyInfo = Omit<ApiKeyRow, 'hash'>;

const info = ({ hash: _hash, ...rest }: ApiKeyRow): ApiKeyInfo => rest;

// `stk_` + 12-character id + `_` + 43 characters (32 bytes): fixed widths, since base64url ids may themselves hold `_`.
const KEY_SECRET = /^stk_([A-Za-z0-9_-]{12})_[A-Za-z0-9_-]{43}$/;

/** The operator manages every key; an admin, the keys of its own authority. Party keys are the operator's. */
function mayManageKeys(by: Principal, authority: string | null): boolean {
  return authority === null ? by.type === 'operator' : may(by, 'key.manage', { authority });
}

export interface ApiKeyInput {
  /** Staff key: the authority, with `roles`. */
  readonly authority?: string;
  /** Staff roles: admin, reporter, reviewer, auditor. */
  readonly roles?: readonly string[];
  /** Relying-party key: the party, which must exist. */
  readonly party?: string;
  readonly label?: string;
}

/**
 * Creates an API key: either staff of an authority (authority + staff roles) or a
 * relying party. Returns the secret `stk_<id>_<43 chars>`, which is shown this once:
 * only its SHA-256 is kept. `by` defaults to the operator; an admin may create keys of its authority.
 */
export async function createApiKey(
  deps: AuthDeps,
  input: ApiKeyInput,
  by: Principal = OPERATOR_PRINCIPAL,
): Promise<{ id: string; secret: string }> {
  const staff = input.authority !== undefined;
  if (staff === (input.party !== undefined))
    fail(
      'KEY_INVALID',
      'a key is either for an authority (--authority with --role) or for a relying party (--party), not both or neither',
      { field: 'authority' },
    );
  const roles = [...new Set(input.roles ?? [])].sort();
  if (staff && roles.length === 0)
    fail('KEY_INVALID', `a key of an authority needs at least one role: ${STAFF_ROLES.join(', ')}`, { field: 'roles' });
  if (!staff && roles.length > 0)
    fail('KEY_INVALID', 'a relying party key holds no roles: it checks the actions the party is entitled to', {
      field: 'roles',
    });
  for (const r of roles)
    if (!STAFF_ROLES.includes(r as StaffRole))
      fail('KEY_INVALID', `role "${r}" is not a staff role; roles are ${STAFF_ROLES.join(', ')}`, { field: 'roles' });
  const authority = staff ? checkAuthority(input.authority) : null;
  const party = staff ? null : checkPartyName(input.party);
  const label = input.label?.trim() ?? '';
  if (label.length > 200 || /[\u0000-\u001f]/.test(label))
    fail('KEY_INVALID', 'label: at most 200 characters, no control characters', { field: 'label' });
  if (!mayManageKeys(by, authority))
    fail(
      'FORBIDDEN',
      staff
        ? `only the operator or an admin of ${authority} creates its keys`
        : 'only the operator creates relying party keys',
      { field: 'as' },
    );

  const at = deps.clock.now();
  return deps.store.transaction(async (tx) => {
    if (authority !== null) await ensureAuthorities(tx, [authority], at);
    if (party !== null && !(await tx.getParty(party)))
      fail('PARTY_NOT_FOUND', `no relying party ${party}; add it with \`standing party add ${party}\``, {
        field: 'party',
      });
    for (;;) {
      const id = randomToken(rnd(deps), 9);
      // An id the shell would read as an option (`standing key revoke -x…`) is drawn again.
      if (id.startsWith('-')) continue;
      const secret = `stk_${id}_${randomToken(rnd(deps), 32)}`;
      const row: ApiKeyRow = {
        id,
        hash: sha256(secret),
        authority,
        roles: roles as Role[],
        party,
        label: label === '' ? null : label,
        createdAt: at,
        lastUsedAt: null,
        revokedAt: null,
        // The person behind the key, for the four-eyes rule: null for the operator's CLI.
        createdBy: principalName(by),
      };
      // 72 random bits: a collision is next to impossible, but costs only another draw.
      if (!(await tx.insertApiKey(row))) continue;
      const change = party === null ? 'key-created' : `key-created:party:${party}`;
      await appendAudit(tx, {
        chain: authority ?? OPERATOR_CHAIN,
        type: 'account',
        payload: { account: `key:${id}`, roles: row.roles, change, row: apiKeyDigest(row) },
        at,
      });
      return { id, secret };
    }
  });
}

/** Revokes a key; KEY_NOT_FOUND, or KEY_REVOKED if it already was. Takes effect at once in this process, within KEY_CACHE_TTL_MS in others (at once where the store reports revocations). */
export async function revokeApiKey(
  deps: EngineDeps,
  id: string,
  by: Principal = OPERATOR_PRINCIPAL,
): Promise<ApiKeyInfo> {
  const at = deps.clock.now();
  const row = await deps.store.transaction(async (tx) => {
    const key = await tx.getApiKey(id);
    if (!key || !mayManageKeys(by, key.authority)) fail('KEY_NOT_FOUND', `no API key ${id}`, { field: 'id' });
    if (!(await tx.revokeApiKey(id, at))) fail('KEY_REVOKED', `API key ${id} was already revoked`, { field: 'id' });
    await appendAudit(tx, {
      chain: key.authority ?? OPERATOR_CHAIN,
      type: 'account',
      payload: {
        account: `key:${id}`,
        roles: key.roles,
        change: 'key-revoked',
        row: apiKeyDigest({ ...key, revokedAt: at }),
      },
      at,
    });
    return { ...key, revokedAt: at };
  });
  forgetKey(deps.store, id);
  return info(row);
}

/** Keys in creation order, without hashes. An admin sees only its authority's keys. */
export async function listApiKeys(
  deps: EngineDeps,
  filter: ApiKeyFilter = {},
  by: Principal = OPERATOR_PRINCIPAL,
): Promise<ApiKeyInfo[]> {
  if (by.type !== 'operator') {
    if (
      by.type !== 'staff' ||
      !may(by, 'key.manage') ||
      (filter.authority !== undefined && filter.authority !== by.authority) ||
      filter.party !== undefined
    ) {
      fail('FORBIDDEN', 'only the operator, or an admin for its own authority, lists keys', { field: 'as' });
    }
    filter = { ...filter, authority: by.authority };
  }
  return deps.store.read(async (tx) => (await tx.listApiKeys(filter)).map(info));
}

interface CachedKey {
  readonly id: string;
  readonly principal: Principal;
  readonly until: number;
  lastUsedAt: number | null;
}

/** Most a store's cache holds; beyond it the oldest entry goes. */
const KEY_CACHE_MAX = 10_000;

/**
 * Verified keys per store, by the SHA-256 of the secret, so the decision endpoint's hot
 * path reads no database for a key seen in the last KEY_CACHE_TTL_MS. Only keys that
 * verified are cached: a flood of wrong secrets cannot fill it. Times come from deps.clock.
 */
const keyCaches = new WeakMap<Store, Map<string, CachedKey>>();

function cacheOf(store: Store): Map<string, CachedKey> {
  let c = keyCaches.get(store);
  if (!c) {
    const cache = (c = new Map<string, CachedKey>());
    keyCaches.set(store, cache);
    // Where the store reports revocations by other processes (PostgreSQL), they take effect at once here too.
    store.watchKeyRevocations?.((id) => (id === null ? cache.clear() : forgetIn(cache, id)));
  }
  return c;
}

function forgetIn(cache: Map<string, CachedKey>, id: string): void {
  for (const [h, e] of cache) if (e.id === id) cache.delete(h);
}

function forgetKey(store: Store, id: string): void {
  const c = keyCaches.get(store);
  if (c) forgetIn(c, id);
}

/** Empties the key cache of one store (tests; or after revoking keys by hand in the database). */
export function clearKeyCache(store: Store): void {
  keyCaches.get(store)?.clear();
}

type Resolved = { readonly principal: Principal } | { readonly problem: 'unknown' | 'revoked' | 'expired' };

function keyPrincipal(k: ApiKeyRow): Principal {
  return k.party !== null
    ? { type: 'party', party: k.party, key: k.id }
    : { type: 'staff', authority: k.authority ?? '', roles: k.roles, account: null, key: k.id };
}

async function resolveKey(deps: EngineDeps, secret: string): Promise<Resolved> {
  const m = KEY_SECRET.exec(secret);
  if (!m) return { problem: 'unknown' };
  const id = m[1]!;
  const hash = sha256(secret);
  const now = deps.clock.now();
  const cache = cacheOf(deps.store);
  const hit = cache.get(hash);
  if (hit && hit.until > now) {
    if (hit.lastUsedAt === null || now - hit.lastUsedAt >= KEY_TOUCH_INTERVAL_MS) {
      hit.lastUsedAt = now;
      await deps.store.transaction((tx) => tx.touchApiKey(id, now));
    }
    return { principal: hit.principal };
  }
  if (hit) cache.delete(hash);
  const found = await deps.store.transaction(async (tx): Promise<Resolved & { lastUsedAt?: number | null }> => {
    const k = await tx.getApiKey(id);
    if (!k || !sameDigest(k.hash, hash)) return { problem: 'unknown' };
    if (k.revokedAt !== null) return { problem: 'revoked' };
    let lastUsedAt = k.lastUsedAt;
    if (lastUsedAt === null || now - lastUsedAt >= KEY_TOUCH_INTERVAL_MS) {
      await tx.touchApiKey(id, now);
      lastUsedAt = now;
    }
    return { principal: keyPrincipal(k), lastUsedAt };
  });
  if ('principal' in found) {
    if (cache.size >= KEY_CACHE_MAX) cache.delete(cache.keys().next().value!);
    cache.set(hash, {
      id,
      principal: found.principal,
      until: now + KEY_CACHE_TTL_MS,
      lastUsedAt: found.lastUsedAt ?? now,
    });
    return { principal: found.principal };
  }
  return found;
}

/**
 * The principal of an API key verified in the last KEY_CACHE_TTL_MS, from memory and at once,
 * or undefined when that is not known (malformed, not cached, expired, or due a
 * `last_used_at` write): then ask authenticateKey. The decision endpoint's hot path.
 */
export function knownKeyPrincipal(deps: EngineDeps, secret: string): Principal | undefined {
  const m = KEY_SECRET.exec(secret);
  if (!m) return undefined;
  const hit = keyCaches.get(deps.store)?.get(sha256(secret));
  if (hit === undefined) return undefined;
  const now = deps.clock.now();
  if (hit.until <= now || hit.lastUsedAt === null || now - hit.lastUsedAt >= KEY_TOUCH_INTERVAL_MS) return undefined;
  return hit.principal;
}

/**
 * The principal of an API key secret, or null when it is malformed, unknown, wrong or
 * revoked. A key verified in the last KEY_CACHE_TTL_MS (5 s) is trusted from memory, so
 * a revocation made by another process (or by hand in the database) takes effect within
 * that time; revokeApiKey in this process, or in any process on PostgreSQL (LISTEN/NOTIFY), at once. `last_used_at` is
 * written at most once a minute per key.
 */
export async function authenticateKey(deps: EngineDeps, secret: string): Promise<Principal | null> {
  const r = await resolveKey(deps, secret);
  return 'principal' in r ? r.principal : null;
}

/** As authenticateKey, but fails: UNAUTHENTICATED (malformed, unknown, wrong) or KEY_REVOKED. */
export async function requireKey(deps: EngineDeps, secret: string): Promise<Principal> {
  const r = await resolveKey(deps, secret);
  if ('principal' in r) return r.principal;
  if (r.problem === 'revoked') fail('KEY_REVOKED', 'the API key has been revoked');
  fail('UNAUTHENTICATED', 'the API key is not valid');
}

// ---- Passwords and sessions -------------------------------------------------------

function checkPassword(password: string): void {
  if ([...password].length < PASSWORD_MIN_LENGTH)
    fail('PASSWORD_WEAK', `the password needs at least ${PASSWORD_MIN_LENGTH} characters`, { field: 'password' });
}

/** Sets (or replaces) an account's password and signs the account out everywhere. PASSWORD_WEAK under 10 characters. */
export async function setPassword(deps: AuthDeps, account: string, password: string): Promise<void> {
  checkPassword(password);
  // scrypt runs outside the transaction: transactions are serialized and it takes tens of milliseconds.
  const hash = await hashPassword(password, rnd(deps));
  const at = deps.clock.now();
  await deps.store.transaction(async (tx) => {
    const a = await tx.getAccount(account);
    if (!a) fail('ACCOUNT_NOT_FOUND', `no account ${account}`, { field: 'account' });
    await tx.putPassword({ account, hash, changedAt: at });
    await tx.deleteSessionsOf(account);
    await appendAudit(tx, {
      chain: a.authority ?? OPERATOR_CHAIN,
      type: 'account',
      payload: {
        account,
        roles: a.roles,
        change: 'password-set',
        password: passwordDigest({ account, hash, changedAt: at }),
      },
      at,
    });
  });
}

export interface SessionOptions {
  /** How long a session lasts from sign-in. Default SESSION_TTL_MS (12 h). */
  readonly sessionTtlMs?: number;
}

export interface SignedIn {
  /** The bearer token, shown once; only its SHA-256 is kept. */
  readonly token: string;
  readonly expiresAt: number;
  readonly principal: StaffPrincipal | SubjectPrincipal | RegistrarPrincipal;
}

/**
 * Signs in with a password. CREDENTIALS_INVALID, with the same message, for an unknown
 * account, an account without a password, or a wrong password; an unknown account is
 * checked against a decoy hash so it takes about as long.
 */
export async function signIn(
  deps: AuthDeps,
  input: { account: string; password: string },
  options: SessionOptions = {},
): Promise<SignedIn> {
  const found = await deps.store.transaction(async (tx) => {
    const a = await tx.getAccount(input.account);
    return { account: a, hash: a ? (await tx.getPassword(a.name))?.hash : undefined };
  });
  const ok = await verifyPassword(input.password, found.hash ?? DECOY_PASSWORD_HASH);
  const principal = found.account && found.hash !== undefined && ok ? accountPrincipal(found.account) : null;
  if (!principal) fail('CREDENTIALS_INVALID', 'the account name or password is wrong');
  const token = randomToken(rnd(deps), 32);
  const now = deps.clock.now();
  const expiresAt = now + (options.sessionTtlMs ?? SESSION_TTL_MS);
  await deps.store.transaction(async (tx) => {
    await tx.deleteExpiredSessions(now);
    await tx.insertSession({ tokenHash: sha256(token), account: input.account, createdAt: now, expiresAt });
  });
  return { token, expiresAt, principal };
}

async function resolveSession(deps: EngineDeps, token: string): Promise<Resolved> {
  if (token.length === 0 || token.length > 200) return { problem: 'unknown' };
  const tokenHash = sha256(token);
  const now = deps.clock.now();
  return deps.store.transaction(async (tx): Promise<Resolved> => {
    const s = await tx.getSession(tokenHash);
    if (!s) return { problem: 'unknown' };
    if (s.expiresAt <= now) {
      await tx.deleteSession(tokenHash);
      return { problem: 'expired' };
    }
    const a = await tx.getAccount(s.account);
    const principal = a ? accountPrincipal(a) : null;
    return principal ? { principal } : { problem: 'unknown' };
  });
}

/** The principal of a session token, or null when it is unknown or expired (an expired session is deleted). */
export async function authenticateSession(deps: EngineDeps, token: string): Promise<Principal | null> {
  const r = await resolveSession(deps, token);
  return 'principal' in r ? r.principal : null;
}

/** As authenticateSession, but fails: UNAUTHENTICATED or SESSION_EXPIRED. */
export async function requireSession(deps: EngineDeps, token: string): Promise<Principal> {
  const r = await resolveSession(deps, token);
  if ('principal' in r) return r.principal;
  if (r.problem === 'expired') fail('SESSION_EXPIRED', 'the session has expired; sign in again');
  fail('UNAUTHENTICATED', 'the session token is not valid');
}

/** Ends a session; false if there was none. */
export async function signOut(deps: EngineDeps, token: string): Promise<boolean> {
  return deps.store.transaction((tx) => tx.deleteSession(sha256(token)));
}

// ---- Enrolment -------------------------------------------------------------------

/**
 * Issues a one-time enrolment code for a subject (SPEC §1). Only a registrar (the
 * operator's identity desk, an account of no authority) issues codes: an authority that
 * could issue one could enrol itself as anyone and read that person's file of every
 * authority. The code is 10 characters of Crockford base32, bound to the subject, valid
 * ENROLMENT_TTL_MS (24 hours), for one use. Issuing is audited on the operator chain and
 * announced in the subject's inbox, which every account it already has reads.
 */
export async function issueEnrolment(
  deps: AuthDeps,
  input: { registrar: string; subject: string },
): Promise<{ code: string; expiresAt: number; existingAccounts: number }> {
  const subject = checkSubject(input.subject);
  const at = deps.clock.now();
  return deps.store.transaction(async (tx) => {
    const registrar = await requireRegistrar(tx, input.registrar);
    const existingAccounts = (await tx.listAccounts()).filter((a) => a.subject === subject).length;
    const expiresAt = at + ENROLMENT_TTL_MS;
    for (;;) {
      const code = enrolmentCode(rnd(deps));
      const row = {
        codeHash: sha256(code),
        subject,
        authority: null,
        issuedBy: registrar.name,
        createdAt: at,
        expiresAt,
        usedAt: null,
        account: null,
      };
      if (!(await tx.insertEnrolment(row))) continue;
      await appendAudit(tx, {
        chain: OPERATOR_CHAIN,
        type: 'account',
        payload: { account: registrar.name, roles: registrar.roles, change: `enrolment-issued:${subject}` },
        at,
      });
      await deliver(tx, {
        subject,
        kind: 'enrolment',
        listingId: null,
        authority: OPERATOR_CHAIN,
        at,
        body: {
          event: 'code-issued',
          issuedBy: registrar.name,
          expiresAt: formatInstant(expiresAt),
          existingAccounts,
          text: `The identity desk (registrar ${registrar.name}) issued an enrolment code for you, valid once until ${formatInstant(expiresAt)}. If you did not ask for it, tell the operator.`,
        },
      });
      return { code, expiresAt, existingAccounts };
    }
  });
}

/** The account, if it is a registrar: FORBIDDEN for anyone else (an authority's admin included). */
async function requireRegistrar(tx: StoreTx, name: string): Promise<AccountRow> {
  const a = await tx.getAccount(name);
  if (!a) fail('ACCOUNT_NOT_FOUND', `no account ${name}`, { field: 'as' });
  if (!a.roles.includes('registrar') || a.authority !== null)
    fail('FORBIDDEN', `only a registrar of the operator's identity desk issues enrolment codes; ${name} is not one`, {
      field: 'as',
    });
  return a;
}

/**
 * Redeems an enrolment code: creates the subject's account (role `subject`) with its
 * password and uses the code up, all in one transaction — a refused account name or
 * password leaves the code unused. ENROLMENT_INVALID for an unknown, used or expired code,
 * or one whose issuer is not (or no longer) a registrar. A subject that has accounts
 * already gets another only this way: a registrar issued the code. The enrolment is
 * audited on the operator chain and announced in the subject's inbox.
 */
export async function enrol(
  deps: AuthDeps,
  input: { code: string; account: string; password: string },
): Promise<SubjectPrincipal> {
  checkPassword(input.password);
  const code = normalizeEnrolmentCode(input.code);
  if (code === undefined)
    fail('ENROLMENT_INVALID', 'the enrolment code is unknown, used or expired', { field: 'code' });
  const hash = await hashPassword(input.password, rnd(deps));
  const at = deps.clock.now();
  return deps.store.transaction(async (tx) => {
    const e = await tx.getEnrolment(sha256(code));
    if (!e || e.usedAt !== null || e.expiresAt <= at)
      fail('ENROLMENT_INVALID', 'the enrolment code is unknown, used or expired', { field: 'code' });
    // Codes an authority's admin issued before registrars existed, or whose issuer lost the role, vouch for nobody.
    const issuer = await tx.getAccount(e.issuedBy);
    if (!issuer || !issuer.roles.includes('registrar') || e.authority !== null)
      fail('ENROLMENT_INVALID', 'the enrolment code is unknown, used or expired', { field: 'code' });
    const others = (await tx.listAccounts()).filter((a) => a.subject === e.subject).map((a) => a.name);
    const row = checkAccount({ name: input.account, roles: ['subject'], subject: e.subject }, at);
    if (!(await tx.insertAccount(row))) fail('ACCOUNT_EXISTS', `account ${row.name} exists`, { field: 'account' });
    await tx.putPassword({ account: row.name, hash, changedAt: at });
    if (!(await tx.useEnrolment(e.codeHash, at, row.name)))
      fail('ENROLMENT_INVALID', 'the enrolment code is unknown, used or expired', { field: 'code' });
    await appendAudit(tx, {
      chain: OPERATOR_CHAIN,
      type: 'account',
      payload: {
        account: row.name,
        roles: row.roles,
        change: `enrolled:${e.subject}:${e.issuedBy}`,
        row: accountDigest(row),
        password: passwordDigest({ account: row.name, hash, changedAt: at }),
      },
      at,
    });
    await deliver(tx, {
      subject: e.subject,
      kind: 'enrolment',
      listingId: null,
      authority: OPERATOR_CHAIN,
      at,
      body: {
        event: 'enrolled',
        account: row.name,
        issuedBy: e.issuedBy,
        otherAccounts: others,
        text:
          others.length === 0
            ? `Account ${row.name} was enrolled for you with a code from registrar ${e.issuedBy}.`
            : `A further account, ${row.name}, was enrolled for you with a code from registrar ${e.issuedBy}; your other accounts: ${others.join(', ')}. If this was not you, tell the operator.`,
      },
    });
    return { type: 'subject', subject: e.subject, account: row.name };
  });
}
