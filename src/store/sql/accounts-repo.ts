import type { Selectable } from 'kysely';
import type { AccountRow, DueProcessRepo, Role } from '../due-process-port.js';
import { compiledOnce } from './compiled.js';
import type { SqlDialect, SqlRunner } from './dialect.js';
import type { AccountsTable } from './tables.js';

/* Accounts (staff, subjects, registrars) and their chosen language: one implementation for SQLite and PostgreSQL. */

export type AccountsRepo = Pick<
  DueProcessRepo,
  'insertAccount' | 'getAccount' | 'listAccounts' | 'accountLanguage' | 'setAccountLanguage'
>;

// Read behind every request signed in with a session (engine/tenancy/auth.ts): compiled once.
const GET_ACCOUNT = compiledOnce(1, (sql, name: string) =>
  sql.selectFrom('accounts').selectAll().where('name', '=', name),
);

const toAccount = (dialect: SqlDialect, r: Selectable<AccountsTable>): AccountRow => ({
  name: r.name,
  authority: r.authority,
  roles: dialect.readTextList<Role>(r.roles),
  subject: r.subject,
  createdAt: r.created_at,
});

export function accountsRepo({ dialect, all, run }: SqlRunner): AccountsRepo {
  const { sql } = dialect;
  return {
    async insertAccount(a) {
      const n = await run(
        sql
          .insertInto('accounts')
          .values({
            name: a.name,
            authority: a.authority,
            roles: dialect.textList(a.roles),
            subject: a.subject,
            created_at: a.createdAt,
          })
          .onConflict((oc) => oc.doNothing())
          .compile(),
      );
      return n === 1;
    },
    async getAccount(name) {
      const [r] = await all<Selectable<AccountsTable>>(GET_ACCOUNT(dialect, name));
      return r && toAccount(dialect, r);
    },
    async listAccounts() {
      const rows = await all<Selectable<AccountsTable>>(
        sql.selectFrom('accounts').selectAll().orderBy('name').compile(),
      );
      return rows.map((r) => toAccount(dialect, r));
    },
    async accountLanguage(name) {
      const [r] = await all<{ language: string }>(
        sql.selectFrom('account_settings').select('language').where('account', '=', name).compile(),
      );
      return r?.language ?? null;
    },
    async setAccountLanguage(name, language) {
      if (language === null) await run(sql.deleteFrom('account_settings').where('account', '=', name).compile());
      else
        await run(
          sql
            .insertInto('account_settings')
            .values({ account: name, language })
            .onConflict((oc) => oc.column('account').doUpdateSet({ language: (eb) => eb.ref('excluded.language') }))
            .compile(),
        );
    },
  };
}
