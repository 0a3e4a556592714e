import type { ApiKeyRow, AuthorityKindRow, AuthRepo, EnrolmentRow, PasswordRow, SessionRow } from '../auth-port.js';
import type { PostgresContext } from './postgres-context.js';
import { KEY_REVOKED_CHANNEL } from './postgres-notify.js';

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
