import type { ApiKeyRow, AuthorityKind, AuthRepo, EnrolmentRow } from '../auth-port.js';
import type { Role } from '../due-process-port.js';
import type { SqliteContext } from './sqlite-context.js';

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
