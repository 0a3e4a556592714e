import type { Role } from './due-process-port.js';

/** What an authority is (SPEC §1). */
export type AuthorityKind = 'government' | 'business' | 'platform';
export const AUTHORITY_KINDS: readonly AuthorityKind[] = ['government', 'business', 'platform'];

/** The kind of an authority the operator created; authorities created on first use have none. */
export interface AuthorityKindRow {
  readonly name: string;
  readonly kind: AuthorityKind;
  readonly title: string | null;
}

/**
 * A machine credential. Either staff of an authority (`authority` and staff `roles`) or
 * a relying party (`party`, no roles). Only the SHA-256 of the whole secret is kept.
 */
export interface ApiKeyRow {
  /** Short public id, also embedded in the secret. */
  readonly id: string;
  /** SHA-256 hex of the whole secret. */
  readonly hash: string;
  readonly authority: string | null;
  readonly roles: readonly Role[];
  readonly party: string | null;
  readonly label: string | null;
  readonly createdAt: number;
  readonly lastUsedAt: number | null;
  readonly revokedAt: number | null;
  /**
   * Who created the key: an account name, `key:ID` for a key created with another key, or
   * null for the operator's CLI. The four-eyes rule (SPEC §6) looks through keys to this person.
   */
  readonly createdBy: string | null;
}

export interface ApiKeyFilter {
  readonly authority?: string;
  readonly party?: string;
  /** Default false: revoked keys are left out. */
  readonly includeRevoked?: boolean;
}

export interface PasswordRow {
  readonly account: string;
  /** `scrypt$N$r$p$saltB64$hashB64`. */
  readonly hash: string;
  readonly changedAt: number;
}

export interface SessionRow {
  /** SHA-256 hex of the bearer token. */
  readonly tokenHash: string;
  readonly account: string;
  readonly createdAt: number;
  readonly expiresAt: number;
}

/** A one-time code a registrar issued for a subject to enrol with (SPEC §1). */
export interface EnrolmentRow {
  /** SHA-256 hex of the normalized code. */
  readonly codeHash: string;
  readonly subject: string;
  /** Null for a code of the operator's identity desk (a registrar); codes issued before it existed name the admin's authority. */
  readonly authority: string | null;
  readonly issuedBy: string;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly usedAt: number | null;
  /** The account enrolled with it, once used. */
  readonly account: string | null;
}

/**
 * The channel revokeApiKey notifies on where the database can tell other processes
 * (SqlDialect.can.notify; postgres-notify.ts listens); the payload is `<schema>/<key id>`.
 */
export const KEY_REVOKED_CHANNEL = 'standing_key_revoked';

/** Authority kinds, API keys, passwords, sessions and enrolment codes. Secrets appear only as hashes. */
export interface AuthRepo {
  /** Records an authority's kind; false if it has one already. */
  insertAuthorityKind(row: AuthorityKindRow): Promise<boolean>;
  getAuthorityKind(name: string): Promise<AuthorityKindRow | undefined>;
  /** In name order. */
  listAuthorityKinds(): Promise<AuthorityKindRow[]>;

  /** False if the id is taken. */
  insertApiKey(row: ApiKeyRow): Promise<boolean>;
  getApiKey(id: string): Promise<ApiKeyRow | undefined>;
  /** In (created_at, id) order. */
  listApiKeys(filter: ApiKeyFilter): Promise<ApiKeyRow[]>;
  /** Marks a key revoked; false if it is unknown or already revoked. */
  revokeApiKey(id: string, at: number): Promise<boolean>;
  touchApiKey(id: string, at: number): Promise<void>;

  /** Sets or replaces an account's password hash. */
  putPassword(row: PasswordRow): Promise<void>;
  getPassword(account: string): Promise<PasswordRow | undefined>;

  insertSession(row: SessionRow): Promise<void>;
  getSession(tokenHash: string): Promise<SessionRow | undefined>;
  /** False if there was no such session. */
  deleteSession(tokenHash: string): Promise<boolean>;
  /** Every session of one account (a password change signs it out everywhere); how many. */
  deleteSessionsOf(account: string): Promise<number>;
  /** Sessions that expired at or before `now`; how many. */
  deleteExpiredSessions(now: number): Promise<number>;

  /** False if the code hash is taken. */
  insertEnrolment(row: EnrolmentRow): Promise<boolean>;
  getEnrolment(codeHash: string): Promise<EnrolmentRow | undefined>;
  /** Marks an unused code used by `account`; false if it was used already. */
  useEnrolment(codeHash: string, at: number, account: string): Promise<boolean>;
}
