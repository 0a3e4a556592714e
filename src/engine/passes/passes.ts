import { randomUUID } from 'node:crypto';
import { OPERATOR_CHAIN } from '../../core/audit-entry.js';
import { addDuration, parseDuration } from '../../core/duration.js';
import { fail } from '../../core/errors.js';
import { evaluate } from '../../core/evaluate.js';
import { formatInstant } from '../../core/instant.js';
import { checkSubject, subjectType } from '../../core/subject.js';
import type { PassRow } from '../../store/pass-port.js';
import type { StoreTx } from '../../store/store.js';
import { appendAudit } from '../audit/audit.js';
import { sha256 } from '../audit/hash.js';
import { checkAction, type CheckDeps, type CheckResult } from '../decisions/check.js';
import type { EngineDeps } from '../deps.js';
import { disputedRecords } from '../evaluation/disputed.js';
import { activeSchemes, type ActiveScheme } from '../evaluation/schemes.js';
import { actorName } from '../tenancy/accounts.js';
import type { Principal } from '../../core/principal.js';
import { randomToken, systemRandom, type RandomBytes } from '../tenancy/auth-secrets.js';

/** The longest a pass may last (SPEC §14): 30 days. */
export const PASS_MAX_TTL_MS = 30 * 86_400_000;
/** The shortest: a minute, so that a pass is not expired before it is shown. */
export const PASS_MIN_TTL_MS = 60_000;
export const PASS_DEFAULT_TTL = 'P7D';
/** Random bytes in a token: 256 bits, base64url (43 characters). */
export const PASS_TOKEN_BYTES = 32;

/** The access-log name of a verifier of a pass with no named recipient. */
export const PASS_HOLDER = 'pass holder';

/** How a pass appears to its subject: never its token (shown once, at creation) nor its hash. */
export interface PassView {
  readonly id: string;
  readonly subject: string;
  readonly purpose: string;
  readonly recipient: string | null;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly revokedAt: string | null;
  readonly status: 'valid' | 'expired' | 'revoked';
}

export function passView(p: PassRow, now: number): PassView {
  return {
    id: p.id,
    subject: p.subject,
    purpose: p.purpose,
    recipient: p.recipient,
    createdAt: formatInstant(p.createdAt),
    expiresAt: formatInstant(p.expiresAt),
    revokedAt: p.revokedAt === null ? null : formatInstant(p.revokedAt),
    status: p.revokedAt !== null ? 'revoked' : now >= p.expiresAt ? 'expired' : 'valid',
  };
}

/** A pass just created: the view plus its token, which is shown this once and never stored. */
export interface CreatedPass extends PassView {
  readonly token: string;
}

export interface CreatePassInput {
  readonly subject: string;
  /** An action (`rental.deposit`), or `scheme:ID` / `scheme:AUTHORITY/ID`. */
  readonly purpose: string;
  /** ISO 8601, at most P30D; default P7D. */
  readonly ttl?: string;
  /** `party:NAME` or `account:NAME`; absent: whoever holds the token. */
  readonly recipient?: string | null;
  /** The subject itself, or the operator at the CLI acting for it. */
  readonly by: Principal;
}

const SCHEME_PURPOSE = /^scheme:(?:([a-z0-9][a-z0-9_-]{0,62})\/)?([a-z0-9][a-z0-9_-]{0,62})$/;

/** The scheme a `scheme:` purpose names, among those that judge the subject's type and it may see. */
async function purposeScheme(tx: StoreTx, subject: string, purpose: string): Promise<ActiveScheme | undefined> {
  const m = SCHEME_PURPOSE.exec(purpose);
  if (!m) return undefined;
  const [, authority, id] = m;
  const type = subjectType(subject)!;
  const found = (await activeSchemes(tx)).filter(
    (s) =>
      s.ref.scheme === id &&
      (authority === undefined || s.ref.authority === authority) &&
      s.compiled.doc.subjects.includes(type),
  );
  if (found.length > 1)
    fail('PASS_PURPOSE_UNKNOWN', `${purpose} is published by ${found.map((s) => s.ref.authority).join(', ')}`, {
      field: 'purpose',
    });
  const s = found[0];
  if (s === undefined) return undefined;
  // A scheme that is not public is the subject's to share only if it judges the subject (holds records about it).
  if (!s.compiled.doc.public) {
    const records = (await tx.recordsOfSubjects([subject], s.compiled.doc.sources)).get(subject) ?? [];
    if (records.length === 0) return undefined;
  }
  return s;
}

/** The purpose in its stored form: an action name, or `scheme:AUTHORITY/ID`; PASS_PURPOSE_UNKNOWN otherwise. */
async function canonicalPurpose(tx: StoreTx, subject: string, purpose: string): Promise<string> {
  if (purpose.startsWith('scheme:')) {
    const s = await purposeScheme(tx, subject, purpose);
    if (s !== undefined) return `scheme:${s.ref.authority}/${s.ref.scheme}`;
  } else if ((await tx.listActions()).some((a) => a.name === purpose)) {
    return purpose;
  }
  return fail(
    'PASS_PURPOSE_UNKNOWN',
    `purpose ${JSON.stringify(purpose)} is neither a registered action nor scheme:ID of a scheme that judges ${subject}`,
    { field: 'purpose' },
  );
}

async function checkRecipient(tx: StoreTx, recipient: string | null | undefined): Promise<string | null> {
  if (recipient === undefined || recipient === null || recipient === '') return null;
  const m = /^(party|account):(.+)$/.exec(recipient);
  const exists =
    m?.[1] === 'party'
      ? (await tx.getParty(m[2]!)) !== undefined
      : m?.[1] === 'account'
        ? (await tx.getAccount(m[2]!)) !== undefined
        : false;
  if (!exists)
    fail(
      'PASS_RECIPIENT_INVALID',
      `recipient ${JSON.stringify(recipient)} is not party:NAME or account:NAME of an existing relying party or account`,
      { field: 'recipient' },
    );
  return recipient;
}

function auditPass(tx: StoreTx, p: PassRow, by: string | null, at: number) {
  return appendAudit(tx, {
    chain: OPERATOR_CHAIN,
    type: 'pass',
    payload: {
      pass: p.id,
      subject: p.subject,
      purpose: p.purpose,
      recipient: p.recipient,
      createdAt: p.createdAt,
      expiresAt: p.expiresAt,
      revokedAt: p.revokedAt,
      by,
    },
    at,
  });
}

/** Creates a pass (SPEC §14): audited; its token is returned this once and only its hash is kept. */
export async function createPass(
  deps: EngineDeps,
  input: CreatePassInput,
  random: RandomBytes = systemRandom,
): Promise<CreatedPass> {
  const subject = checkSubject(input.subject);
  const ttl = parseDuration(input.ttl ?? PASS_DEFAULT_TTL, 'ttl');
  const now = deps.clock.now();
  const expiresAt = addDuration(now, ttl);
  if (expiresAt - now > PASS_MAX_TTL_MS)
    fail('PASS_TTL_TOO_LONG', `ttl: ${ttl.text} is longer than the 30 days a pass may last (P30D)`, { field: 'ttl' });
  if (expiresAt - now < PASS_MIN_TTL_MS)
    fail('PASS_TTL_TOO_SHORT', `ttl: ${ttl.text} is shorter than a minute (PT1M)`, { field: 'ttl' });
  const token = randomToken(random, PASS_TOKEN_BYTES);
  return deps.store.transaction(async (tx) => {
    const by = actorName(input.by, 'pass.manage', { subject });
    const purpose = await canonicalPurpose(tx, subject, input.purpose);
    const recipient = await checkRecipient(tx, input.recipient);
    const row: PassRow = {
      id: randomUUID(),
      subject,
      purpose,
      recipient,
      tokenHash: sha256(token),
      createdAt: now,
      expiresAt,
      revokedAt: null,
      createdBy: by,
    };
    await tx.auditHead(OPERATOR_CHAIN);
    await tx.insertPass(row);
    await auditPass(tx, row, by, now);
    return { ...passView(row, now), token };
  });
}

/** A subject's passes, newest first (never their tokens). */
export async function passesOf(deps: EngineDeps, subject: string): Promise<PassView[]> {
  const id = checkSubject(subject);
  const now = deps.clock.now();
  return (await deps.store.read((tx) => tx.passesOf(id))).map((p) => passView(p, now));
}

/** Revokes one of the subject's passes, at once: the next verification fails with PASS_REVOKED. Audited. */
export async function revokePass(
  deps: EngineDeps,
  input: { readonly subject: string; readonly id: string; readonly by: Principal },
): Promise<PassView> {
  const subject = checkSubject(input.subject);
  const now = deps.clock.now();
  return deps.store.transaction(async (tx) => {
    const by = actorName(input.by, 'pass.manage', { subject });
    await tx.auditHead(OPERATOR_CHAIN);
    const p = await tx.getPass(input.id);
    if (p === undefined || p.subject !== subject)
      fail('PASS_NOT_FOUND', `${subject} has no pass ${JSON.stringify(input.id)}`, { field: 'pass' });
    if (p.revokedAt !== null) return passView(p, now);
    await tx.revokePass(p.id, now);
    const revoked = { ...p, revokedAt: now };
    await auditPass(tx, revoked, by, now);
    return passView(revoked, now);
  });
}

/** Who presents a token: the verifier's credentials, if any (a recipient must prove it is the one named). */
export type PassVerifier =
  | { readonly type: 'anonymous' }
  | { readonly type: 'party'; readonly party: string }
  | { readonly type: 'account'; readonly account: string };

/** The one answer a pass gives: a check of its action, or a grade under its scheme; never records or a score. */
export interface PassVerification {
  readonly subject: string;
  readonly purpose: string;
  readonly expiresAt: string;
  /** For an action purpose: the check's answer, exactly as checkAction gives it to a relying party. */
  readonly check?: Omit<CheckResult, 'party' | 'staleness' | 'subject'>;
  /** For a scheme purpose: the grade (null: none, or not judged) and the version it rests on. */
  readonly grade?: {
    readonly authority: string;
    readonly scheme: string;
    readonly version: number;
    readonly grade: string | null;
    readonly at: string;
  };
}

function matchesRecipient(recipient: string, v: PassVerifier): boolean {
  if (v.type === 'party') return recipient === `party:${v.party}`;
  if (v.type === 'account') return recipient === `account:${v.account}`;
  return false;
}

/**
 * Verifies a pass (SPEC §14): the answer for its purpose only, logged in the subject's access
 * log as a check is (a refused attempt — revoked, expired, not the named recipient — too, with
 * effect `refused`). An unknown token is PASS_NOT_FOUND and logs nothing: it names no subject.
 */
export async function verifyPass(deps: CheckDeps, token: string, verifier: PassVerifier): Promise<PassVerification> {
  const hash = sha256(token);
  const pass = await deps.store.transaction((tx) => tx.passByTokenHash(hash));
  if (pass === undefined) fail('PASS_NOT_FOUND', 'no pass has this token', { field: 'token' });
  const now = deps.clock.now();
  const label = pass.recipient === null ? PASS_HOLDER : `${PASS_HOLDER} (${pass.recipient})`;
  const refuse = async (who: string): Promise<void> => {
    await deps.store.transaction((tx) =>
      tx.appendAccess([{ subject: pass.subject, party: who, action: pass.purpose, effect: 'refused', at: now }]),
    );
  };
  if (pass.revokedAt !== null && pass.revokedAt <= now) {
    await refuse(label);
    fail('PASS_REVOKED', `this pass was revoked by its subject on ${formatInstant(pass.revokedAt)}`);
  }
  if (now >= pass.expiresAt) {
    await refuse(label);
    fail('PASS_EXPIRED', `this pass expired on ${formatInstant(pass.expiresAt)}`);
  }
  if (pass.recipient !== null && !matchesRecipient(pass.recipient, verifier)) {
    await refuse(`${PASS_HOLDER} (not ${pass.recipient})`);
    fail(
      'PASS_NOT_FOR_YOU',
      `this pass is for ${pass.recipient} only; sign in as it (or use its API key) to verify it`,
    );
  }
  const base = { subject: pass.subject, purpose: pass.purpose, expiresAt: formatInstant(pass.expiresAt) };
  if (!pass.purpose.startsWith('scheme:')) {
    // The same engine function as a relying party's check: the same answer, logged the same way.
    const r = await checkAction(deps, { subject: pass.subject, action: pass.purpose, party: null, verifier: label });
    return {
      ...base,
      check: {
        action: r.action,
        effect: r.effect,
        limit: r.limit,
        reasons: r.reasons,
        decision: r.decision,
        schemes: r.schemes,
        at: r.at,
      },
    };
  }
  return deps.store.transaction(async (tx) => {
    const s = await purposeScheme(tx, pass.subject, pass.purpose);
    if (s === undefined) fail('PASS_PURPOSE_UNKNOWN', `${pass.purpose} no longer judges ${pass.subject}`);
    const { compiled, ref } = s;
    const records = (await tx.recordsOfSubjects([pass.subject], compiled.doc.sources)).get(pass.subject) ?? [];
    const consents =
      compiled.doc.consent === 'required' ? ((await tx.consentsOf(ref, [pass.subject])).get(pass.subject) ?? []) : [];
    const disputed = (await disputedRecords(tx, [pass.subject])).get(pass.subject);
    const e = evaluate(compiled, { subject: pass.subject, records, consents, disputed }, now);
    const grade = e.notJudged === null ? e.grade : null;
    await tx.appendAccess([
      {
        subject: pass.subject,
        party: label,
        action: pass.purpose,
        effect: grade === null ? 'no-grade' : `grade:${grade}`,
        at: now,
      },
    ]);
    return {
      ...base,
      grade: { ...ref, version: compiled.version, grade, at: formatInstant(now) },
    };
  });
}
