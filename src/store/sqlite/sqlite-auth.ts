import type { ApiKeyRow, AuthorityKind, AuthRepo, EnrolmentRow } from '../auth-port.js';
import type { Role } from '../due-process-port.js';
import type { SqliteContext } from './sqlite-context.js';

// IF NOT EXISTS: the tables can also be added to a database made before they existed.
// Secrets never reach these tables: only SHA-256 (keys, tokens, codes) or scrypt (passwords) hashes.
export const AUTH_DDL = `
CREATE TABLE IF NOT EXISTS authority_kinds (
  name TEXT PRIMARY KEY REFERENCES authorities(name),
  kind TEXT NOT NULL CHECK (kind IN ('government', 'business', 'platform')),
  title TEXT
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS api_keys (
  id TEXT PRIMARY KEY,
  hash TEXT NOT NULL,
  authority TEXT REFERENCES authorities(name),
  roles TEXT NOT NULL,
  party TEXT REFERENCES relying_parties(name),
  label TEXT,
  created_at INTEGER NOT NULL,
  last_used_at INTEGER,
  revoked_at INTEGER,
  CHECK ((authority IS NULL) <> (party IS NULL))
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS passwords (
  account TEXT PRIMARY KEY REFERENCES accounts(name),
  hash TEXT NOT NULL,
  changed_at INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS sessions (
  token_hash TEXT PRIMARY KEY,
  account TEXT NOT NULL REFERENCES accounts(name),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS sessions_account ON sessions(account);
CREATE INDEX IF NOT EXISTS sessions_expiry ON sessions(expires_at);

CREATE TABLE IF NOT EXISTS enrolments (
  code_hash TEXT PRIMARY KEY,
  subject TEXT NOT NULL,
  authority TEXT NOT NULL REFERENCES authorities(name),
  issued_by TEXT NOT NULL REFERENCES accounts(name),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER,
  account TEXT REFERENCES accounts(name)
) WITHOUT ROWID;
`;

/**
 * Migration 4: a key names the account that created it (the four-eyes rule looks through
 * keys to people), and an enrolment code issued by the operator's registrar belongs to no
 * authority. SQLite cannot drop NOT NULL in place: the enrolments table is rebuilt.
 */
export const AUTH_V4_DDL = `
ALTER TABLE api_keys ADD COLUMN created_by TEXT;

CREATE TABLE enrolments_v4 (
  code_hash TEXT PRIMARY KEY,
  subject TEXT NOT NULL,
  authority TEXT REFERENCES authorities(name),
  issued_by TEXT NOT NULL REFERENCES accounts(name),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER,
  account TEXT REFERENCES accounts(name)
) WITHOUT ROWID;
INSERT INTO enrolments_v4 SELECT code_hash, subject, authority, issued_by, created_at, expires_at, used_at, account FROM enrolments;
DROP TABLE enrolments;
ALTER TABLE enrolments_v4 RENAME TO enrolments;
`;

interface ApiKeySql {
  id: string;
  hash: string;
  authority: string | null;
  roles: string;
  party: string | null;
  label: string | null;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
  created_by: string | null;
}

interface EnrolmentSql {
  code_hash: string;
  subject: string;
  authority: string | null;
  issued_by: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
  account: string | null;
}

const toKey = (r: ApiKeySql): ApiKeyRow => ({
  id: r.id,
  hash: r.hash,
  authority: r.authority,
  roles: JSON.parse(r.roles) as Role[],
  party: r.party,
  label: r.label,
  createdAt: r.created_at,
  lastUsedAt: r.last_used_at,
  revokedAt: r.revoked_at,
  createdBy: r.created_by,
});

const toEnrolment = (r: EnrolmentSql): EnrolmentRow => ({
  codeHash: r.code_hash,
  subject: r.subject,
  authority: r.authority,
  issuedBy: r.issued_by,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  usedAt: r.used_at,
  account: r.account,
});

/** Authority kinds, API keys, passwords, sessions and enrolment codes. */
export function authRepo({ st }: SqliteContext): AuthRepo {
  return {
    async insertAuthorityKind(row) {
      return (
        st('INSERT OR IGNORE INTO authority_kinds(name, kind, title) VALUES (?, ?, ?)').run(
          row.name,
          row.kind,
          row.title,
        ).changes === 1
      );
    },
    async getAuthorityKind(name) {
      return st('SELECT name, kind, title FROM authority_kinds WHERE name = ?').get(name) as
        | { name: string; kind: AuthorityKind; title: string | null }
        | undefined;
    },
    async listAuthorityKinds() {
      return st('SELECT name, kind, title FROM authority_kinds ORDER BY name').all() as {
        name: string;
        kind: AuthorityKind;
        title: string | null;
      }[];
    },

    async insertApiKey(r) {
      return (
        st(
          'INSERT OR IGNORE INTO api_keys(id, hash, authority, roles, party, label, created_at, last_used_at, revoked_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
        ).run(
          r.id,
          r.hash,
          r.authority,
          JSON.stringify(r.roles),
          r.party,
          r.label,
          r.createdAt,
          r.lastUsedAt,
          r.revokedAt,
          r.createdBy,
        ).changes === 1
      );
    },
    async getApiKey(id) {
      const r = st('SELECT * FROM api_keys WHERE id = ?').get(id) as ApiKeySql | undefined;
      return r && toKey(r);
    },
    async listApiKeys(filter) {
      const rows = st(
        `SELECT * FROM api_keys
         WHERE (@authority IS NULL OR authority = @authority) AND (@party IS NULL OR party = @party) AND (@all = 1 OR revoked_at IS NULL)
         ORDER BY created_at, id`,
      ).all({
        authority: filter.authority ?? null,
        party: filter.party ?? null,
        all: filter.includeRevoked ? 1 : 0,
      }) as ApiKeySql[];
      return rows.map(toKey);
    },
    async revokeApiKey(id, at) {
      return st('UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(at, id).changes === 1;
    },
    async touchApiKey(id, at) {
      st('UPDATE api_keys SET last_used_at = ? WHERE id = ?').run(at, id);
    },

    async putPassword(row) {
      st(
        'INSERT INTO passwords(account, hash, changed_at) VALUES (?, ?, ?) ON CONFLICT(account) DO UPDATE SET hash = excluded.hash, changed_at = excluded.changed_at',
      ).run(row.account, row.hash, row.changedAt);
    },
    async getPassword(account) {
      const r = st('SELECT account, hash, changed_at FROM passwords WHERE account = ?').get(account) as
        | { account: string; hash: string; changed_at: number }
        | undefined;
      return r && { account: r.account, hash: r.hash, changedAt: r.changed_at };
    },

    async insertSession(row) {
      st('INSERT INTO sessions(token_hash, account, created_at, expires_at) VALUES (?, ?, ?, ?)').run(
        row.tokenHash,
        row.account,
        row.createdAt,
        row.expiresAt,
      );
    },
    async getSession(tokenHash) {
      const r = st('SELECT token_hash, account, created_at, expires_at FROM sessions WHERE token_hash = ?').get(
        tokenHash,
      ) as { token_hash: string; account: string; created_at: number; expires_at: number } | undefined;
      return r && { tokenHash: r.token_hash, account: r.account, createdAt: r.created_at, expiresAt: r.expires_at };
    },
    async deleteSession(tokenHash) {
      return st('DELETE FROM sessions WHERE token_hash = ?').run(tokenHash).changes === 1;
    },
    async deleteSessionsOf(account) {
      return st('DELETE FROM sessions WHERE account = ?').run(account).changes;
    },
    async deleteExpiredSessions(now) {
      return st('DELETE FROM sessions WHERE expires_at <= ?').run(now).changes;
    },

    async insertEnrolment(r) {
      return (
        st(
          'INSERT OR IGNORE INTO enrolments(code_hash, subject, authority, issued_by, created_at, expires_at, used_at, account) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        ).run(r.codeHash, r.subject, r.authority, r.issuedBy, r.createdAt, r.expiresAt, r.usedAt, r.account).changes ===
        1
      );
    },
    async getEnrolment(codeHash) {
      const r = st('SELECT * FROM enrolments WHERE code_hash = ?').get(codeHash) as EnrolmentSql | undefined;
      return r && toEnrolment(r);
    },
    async useEnrolment(codeHash, at, account) {
      return (
        st('UPDATE enrolments SET used_at = ?, account = ? WHERE code_hash = ? AND used_at IS NULL').run(
          at,
          account,
          codeHash,
        ).changes === 1
      );
    },
  };
}
