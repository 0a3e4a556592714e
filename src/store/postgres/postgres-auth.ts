import type { ApiKeyRow, AuthorityKindRow, AuthRepo, EnrolmentRow, PasswordRow, SessionRow } from '../auth-port.js';
import type { PostgresContext } from './postgres-context.js';
import { KEY_REVOKED_CHANNEL } from './postgres-notify.js';

// Secrets never reach these tables: only SHA-256 (keys, tokens, codes) or scrypt (passwords) hashes.
export const AUTH_DDL = `
CREATE TABLE authority_kinds (
  name TEXT COLLATE "C" PRIMARY KEY REFERENCES authorities(name),
  kind TEXT COLLATE "C" NOT NULL CHECK (kind IN ('government', 'business', 'platform')),
  title TEXT
);

CREATE TABLE api_keys (
  id TEXT COLLATE "C" PRIMARY KEY,
  hash TEXT COLLATE "C" NOT NULL,
  authority TEXT COLLATE "C" REFERENCES authorities(name),
  roles TEXT[] NOT NULL,
  party TEXT COLLATE "C" REFERENCES relying_parties(name),
  label TEXT,
  created_at BIGINT NOT NULL,
  last_used_at BIGINT,
  revoked_at BIGINT,
  CHECK ((authority IS NULL) <> (party IS NULL))
);

CREATE TABLE passwords (
  account TEXT COLLATE "C" PRIMARY KEY REFERENCES accounts(name),
  hash TEXT NOT NULL,
  changed_at BIGINT NOT NULL
);

CREATE TABLE sessions (
  token_hash TEXT COLLATE "C" PRIMARY KEY,
  account TEXT COLLATE "C" NOT NULL REFERENCES accounts(name),
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_account ON sessions(account);
CREATE INDEX sessions_expiry ON sessions(expires_at);

CREATE TABLE enrolments (
  code_hash TEXT COLLATE "C" PRIMARY KEY,
  subject TEXT COLLATE "C" NOT NULL,
  authority TEXT COLLATE "C" NOT NULL REFERENCES authorities(name),
  issued_by TEXT COLLATE "C" NOT NULL REFERENCES accounts(name),
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at BIGINT,
  account TEXT COLLATE "C" REFERENCES accounts(name)
);
`;

/**
 * Migration 4: a key names the account that created it; a registrar's enrolment code belongs
 * to no authority. The enrolments table is rebuilt as SQLite must (sqlite-auth.ts), so both
 * dialects take the same steps.
 */
export const AUTH_V4_DDL = `
ALTER TABLE api_keys ADD COLUMN created_by TEXT COLLATE "C";

CREATE TABLE enrolments_v4 (
  code_hash TEXT COLLATE "C" PRIMARY KEY,
  subject TEXT COLLATE "C" NOT NULL,
  authority TEXT COLLATE "C" REFERENCES authorities(name),
  issued_by TEXT COLLATE "C" NOT NULL REFERENCES accounts(name),
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at BIGINT,
  account TEXT COLLATE "C" REFERENCES accounts(name)
);
INSERT INTO enrolments_v4 SELECT code_hash, subject, authority, issued_by, created_at, expires_at, used_at, account FROM enrolments;
DROP TABLE enrolments;
ALTER TABLE enrolments_v4 RENAME TO enrolments;
ALTER INDEX enrolments_v4_pkey RENAME TO enrolments_pkey;
`;

const KEY = `id, hash, authority, roles, party, label, created_at AS "createdAt", last_used_at AS "lastUsedAt", revoked_at AS "revokedAt", created_by AS "createdBy"`;
const ENROLMENT = `code_hash AS "codeHash", subject, authority, issued_by AS "issuedBy", created_at AS "createdAt", expires_at AS "expiresAt",
  used_at AS "usedAt", account`;

/** Authority kinds, API keys, passwords, sessions and enrolment codes. */
export function authRepo({ q, run }: PostgresContext): AuthRepo {
  return {
    async insertAuthorityKind(row) {
      return (
        (await run('INSERT INTO authority_kinds(name, kind, title) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [
          row.name,
          row.kind,
          row.title,
        ])) === 1
      );
    },
    async getAuthorityKind(name) {
      return (await q<AuthorityKindRow>('SELECT name, kind, title FROM authority_kinds WHERE name = $1', [name]))[0];
    },
    async listAuthorityKinds() {
      return q<AuthorityKindRow>('SELECT name, kind, title FROM authority_kinds ORDER BY name');
    },

    async insertApiKey(r) {
      const n = await run(
        `INSERT INTO api_keys(id, hash, authority, roles, party, label, created_at, last_used_at, revoked_at, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING`,
        [r.id, r.hash, r.authority, r.roles, r.party, r.label, r.createdAt, r.lastUsedAt, r.revokedAt, r.createdBy],
      );
      return n === 1;
    },
    async getApiKey(id) {
      return (await q<ApiKeyRow>(`SELECT ${KEY} FROM api_keys WHERE id = $1`, [id]))[0];
    },
    async listApiKeys(filter) {
      return q<ApiKeyRow>(
        `SELECT ${KEY} FROM api_keys
         WHERE ($1::text IS NULL OR authority = $1) AND ($2::text IS NULL OR party = $2) AND ($3 OR revoked_at IS NULL)
         ORDER BY created_at, id`,
        [filter.authority ?? null, filter.party ?? null, filter.includeRevoked === true],
      );
    },
    async revokeApiKey(id, at) {
      const revoked =
        (await run('UPDATE api_keys SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL', [at, id])) === 1;
      // Delivered when the transaction commits, to every process listening (postgres-notify.ts): their key caches forget it.
      if (revoked) await q(`SELECT pg_notify('${KEY_REVOKED_CHANNEL}', current_schema() || '/' || $1)`, [id]);
      return revoked;
    },
    async touchApiKey(id, at) {
      await run('UPDATE api_keys SET last_used_at = $1 WHERE id = $2', [at, id]);
    },

    async putPassword(row) {
      await run(
        'INSERT INTO passwords(account, hash, changed_at) VALUES ($1, $2, $3) ON CONFLICT (account) DO UPDATE SET hash = excluded.hash, changed_at = excluded.changed_at',
        [row.account, row.hash, row.changedAt],
      );
    },
    async getPassword(account) {
      return (
        await q<PasswordRow>('SELECT account, hash, changed_at AS "changedAt" FROM passwords WHERE account = $1', [
          account,
        ])
      )[0];
    },

    async insertSession(row) {
      await run('INSERT INTO sessions(token_hash, account, created_at, expires_at) VALUES ($1, $2, $3, $4)', [
        row.tokenHash,
        row.account,
        row.createdAt,
        row.expiresAt,
      ]);
    },
    async getSession(tokenHash) {
      return (
        await q<SessionRow>(
          'SELECT token_hash AS "tokenHash", account, created_at AS "createdAt", expires_at AS "expiresAt" FROM sessions WHERE token_hash = $1',
          [tokenHash],
        )
      )[0];
    },
    async deleteSession(tokenHash) {
      return (await run('DELETE FROM sessions WHERE token_hash = $1', [tokenHash])) === 1;
    },
    async deleteSessionsOf(account) {
      return run('DELETE FROM sessions WHERE account = $1', [account]);
    },
    async deleteExpiredSessions(now) {
      return run('DELETE FROM sessions WHERE expires_at <= $1', [now]);
    },

    async insertEnrolment(r) {
      const n = await run(
        `INSERT INTO enrolments(code_hash, subject, authority, issued_by, created_at, expires_at, used_at, account)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
        [r.codeHash, r.subject, r.authority, r.issuedBy, r.createdAt, r.expiresAt, r.usedAt, r.account],
      );
      return n === 1;
    },
    async getEnrolment(codeHash) {
      return (await q<EnrolmentRow>(`SELECT ${ENROLMENT} FROM enrolments WHERE code_hash = $1`, [codeHash]))[0];
    },
    async useEnrolment(codeHash, at, account) {
      return (
        (await run('UPDATE enrolments SET used_at = $1, account = $2 WHERE code_hash = $3 AND used_at IS NULL', [
          at,
          account,
          codeHash,
        ])) === 1
      );
    },
  };
}
