import { KEY_REVOKED_CHANNEL, type ApiKeyRow, type AuthRepo, type EnrolmentRow } from '../auth-port.js';
import type { Role } from '../due-process-port.js';
import { compiledOnce } from './compiled.js';
import type { SqlDialect, SqlRunner } from './dialect.js';
import type { ApiKeysTable, AuthorityKindsTable, EnrolmentsTable, PasswordsTable, SessionsTable } from './tables.js';

/*
 * Authority kinds, API keys, passwords, sessions and enrolment codes: one implementation for
 * SQLite and PostgreSQL. Secrets never reach these tables: only SHA-256 (keys, tokens, codes)
 * or scrypt (passwords) hashes.
 */

// The calls behind authentication when the key cache misses (engine/tenancy/auth.ts), compiled once.
const GET_KEY = compiledOnce(1, (sql, id: string) => sql.selectFrom('api_keys').selectAll().where('id', '=', id));
const TOUCH_KEY = compiledOnce(2, (sql, id: string, at: number) =>
  sql.updateTable('api_keys').set({ last_used_at: at }).where('id', '=', id),
);
const GET_SESSION = compiledOnce(1, (sql, tokenHash: string) =>
  sql.selectFrom('sessions').selectAll().where('token_hash', '=', tokenHash),
);

const toKey = (dialect: SqlDialect, r: ApiKeysTable): ApiKeyRow => ({
  id: r.id,
  hash: r.hash,
  authority: r.authority,
  roles: dialect.readTextList<Role>(r.roles),
  party: r.party,
  label: r.label,
  createdAt: r.created_at,
  lastUsedAt: r.last_used_at,
  revokedAt: r.revoked_at,
  createdBy: r.created_by,
});

const toEnrolment = (r: EnrolmentsTable): EnrolmentRow => ({
  codeHash: r.code_hash,
  subject: r.subject,
  authority: r.authority,
  issuedBy: r.issued_by,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  usedAt: r.used_at,
  account: r.account,
});

export function authRepo({ dialect, all, run }: SqlRunner): AuthRepo {
  const { sql } = dialect;
  return {
    async insertAuthorityKind(row) {
      const n = await run(
        sql
          .insertInto('authority_kinds')
          .values({ name: row.name, kind: row.kind, title: row.title })
          .onConflict((oc) => oc.doNothing())
          .compile(),
      );
      return n === 1;
    },
    async getAuthorityKind(name) {
      const rows = await all<AuthorityKindsTable>(
        sql.selectFrom('authority_kinds').select(['name', 'kind', 'title']).where('name', '=', name).compile(),
      );
      const r = rows[0];
      return r && { name: r.name, kind: r.kind, title: r.title };
    },
    async listAuthorityKinds() {
      const rows = await all<AuthorityKindsTable>(
        sql.selectFrom('authority_kinds').select(['name', 'kind', 'title']).orderBy('name').compile(),
      );
      return rows.map((r) => ({ name: r.name, kind: r.kind, title: r.title }));
    },

    async insertApiKey(r) {
      const n = await run(
        sql
          .insertInto('api_keys')
          .values({
            id: r.id,
            hash: r.hash,
            authority: r.authority,
            roles: dialect.textList(r.roles),
            party: r.party,
            label: r.label,
            created_at: r.createdAt,
            last_used_at: r.lastUsedAt,
            revoked_at: r.revokedAt,
            created_by: r.createdBy,
          })
          .onConflict((oc) => oc.doNothing())
          .compile(),
      );
      return n === 1;
    },
    async getApiKey(id) {
      const r = (await all<ApiKeysTable>(GET_KEY(dialect, id)))[0];
      return r && toKey(dialect, r);
    },
    async listApiKeys(filter) {
      let q = sql.selectFrom('api_keys').selectAll();
      if (filter.authority !== undefined) q = q.where('authority', '=', filter.authority);
      if (filter.party !== undefined) q = q.where('party', '=', filter.party);
      if (filter.includeRevoked !== true) q = q.where('revoked_at', 'is', null);
      const rows = await all<ApiKeysTable>(q.orderBy('created_at').orderBy('id').compile());
      return rows.map((r) => toKey(dialect, r));
    },
    async revokeApiKey(id, at) {
      const revoked =
        (await run(
          sql
            .updateTable('api_keys')
            .set({ revoked_at: at })
            .where('id', '=', id)
            .where('revoked_at', 'is', null)
            .compile(),
        )) === 1;
      // Delivered when the transaction commits, to every process listening (postgres-notify.ts): their key caches forget it.
      if (revoked && dialect.can.notify) await all(dialect.notify(KEY_REVOKED_CHANNEL, id).compile(sql));
      return revoked;
    },
    async touchApiKey(id, at) {
      await run(TOUCH_KEY(dialect, id, at));
    },

    async putPassword(row) {
      await run(
        sql
          .insertInto('passwords')
          .values({ account: row.account, hash: row.hash, changed_at: row.changedAt })
          .onConflict((oc) =>
            oc.column('account').doUpdateSet((eb) => ({
              hash: eb.ref('excluded.hash'),
              changed_at: eb.ref('excluded.changed_at'),
            })),
          )
          .compile(),
      );
    },
    async getPassword(account) {
      const rows = await all<PasswordsTable>(
        sql.selectFrom('passwords').selectAll().where('account', '=', account).compile(),
      );
      const r = rows[0];
      return r && { account: r.account, hash: r.hash, changedAt: r.changed_at };
    },

    async insertSession(row) {
      await run(
        sql
          .insertInto('sessions')
          .values({
            token_hash: row.tokenHash,
            account: row.account,
            created_at: row.createdAt,
            expires_at: row.expiresAt,
          })
          .compile(),
      );
    },
    async getSession(tokenHash) {
      const r = (await all<SessionsTable>(GET_SESSION(dialect, tokenHash)))[0];
      return r && { tokenHash: r.token_hash, account: r.account, createdAt: r.created_at, expiresAt: r.expires_at };
    },
    async deleteSession(tokenHash) {
      return (await run(sql.deleteFrom('sessions').where('token_hash', '=', tokenHash).compile())) === 1;
    },
    async deleteSessionsOf(account) {
      return run(sql.deleteFrom('sessions').where('account', '=', account).compile());
    },
    async deleteExpiredSessions(now) {
      return run(sql.deleteFrom('sessions').where('expires_at', '<=', now).compile());
    },

    async insertEnrolment(r) {
      const n = await run(
        sql
          .insertInto('enrolments')
          .values({
            code_hash: r.codeHash,
            subject: r.subject,
            authority: r.authority,
            issued_by: r.issuedBy,
            created_at: r.createdAt,
            expires_at: r.expiresAt,
            used_at: r.usedAt,
            account: r.account,
          })
          .onConflict((oc) => oc.doNothing())
          .compile(),
      );
      return n === 1;
    },
    async getEnrolment(codeHash) {
      const rows = await all<EnrolmentsTable>(
        sql.selectFrom('enrolments').selectAll().where('code_hash', '=', codeHash).compile(),
      );
      const r = rows[0];
      return r && toEnrolment(r);
    },
    async useEnrolment(codeHash, at, account) {
      const n = await run(
        sql
          .updateTable('enrolments')
          .set({ used_at: at, account })
          .where('code_hash', '=', codeHash)
          .where('used_at', 'is', null)
          .compile(),
      );
      return n === 1;
    },
  };
}
