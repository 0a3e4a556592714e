import { sql as raw } from 'kysely';
import type { ActionDef } from '../../core/actions.js';
import type { RegistryRepo } from '../registry-port.js';
import { compiledOnce } from './compiled.js';
import type { SqlRunner } from './dialect.js';
import type { ActionsTable, GrantsTable } from './tables.js';

/*
 * Meta, authorities, the action registry and grants: one implementation for SQLite and
 * PostgreSQL, its queries built once with the dialect's compiler.
 */

const AUTHORITY_TYPES = { name: 'text', created_at: 'bigint' } as const;

/** Read by every sanction event (the access log's retention policies), so compiled once. */
const GET_META = compiledOnce(1, (sql, key: string) => sql.selectFrom('meta').select('value').where('key', '=', key));

export function registryRepo({ dialect, all, run }: SqlRunner): RegistryRepo {
  const { sql } = dialect;
  return {
    async getMeta(key) {
      const rows = await all<{ value: string }>(GET_META(dialect, key));
      return rows[0]?.value;
    },
    async setMeta(key, value) {
      await run(
        sql
          .insertInto('meta')
          .values({ key, value })
          .onConflict((oc) => oc.column('key').doUpdateSet((eb) => ({ value: eb.ref('excluded.value') })))
          .compile(),
      );
    },
    async ensureAuthorities(names, at) {
      if (names.length === 0) return [];
      const json = JSON.stringify([...new Set(names)].sort().map((name) => ({ name, created_at: at })));
      // In name order, so two transactions creating the same authorities never wait for each other in a circle.
      const rows = await all<{ name: string }>(
        sql
          .insertInto('authorities')
          .columns(['name', 'created_at'])
          .expression(raw`SELECT name, created_at FROM (${dialect.rows(json, AUTHORITY_TYPES)}) AS r ORDER BY name`)
          .onConflict((oc) => oc.doNothing())
          .returning('name')
          .compile(),
      );
      return rows.map((r) => r.name).sort();
    },
    async listAuthorities() {
      const rows = await all<{ name: string }>(sql.selectFrom('authorities').select('name').orderBy('name').compile());
      return rows.map((r) => r.name);
    },
    async listActions() {
      const rows = await all<ActionsTable>(
        sql.selectFrom('actions').select(['name', 'domain', 'effect', 'description']).orderBy('name').compile(),
      );
      return rows.map(
        (r): ActionDef =>
          r.description === null
            ? { name: r.name, domain: r.domain, effect: r.effect }
            : { name: r.name, domain: r.domain, effect: r.effect, description: r.description },
      );
    },
    async addAction(def) {
      const n = await run(
        sql
          .insertInto('actions')
          .values({ name: def.name, domain: def.domain, effect: def.effect, description: def.description ?? null })
          .onConflict((oc) => oc.doNothing())
          .compile(),
      );
      return n === 1;
    },
    async addGrant(authority, action, at) {
      const n = await run(
        sql
          .insertInto('grants')
          .values({ authority, action, granted_at: at })
          .onConflict((oc) => oc.doNothing())
          .compile(),
      );
      return n === 1;
    },
    async listGrants() {
      const rows = await all<GrantsTable>(
        sql.selectFrom('grants').selectAll().orderBy('authority').orderBy('action').compile(),
      );
      return rows.map((r) => ({ authority: r.authority, action: r.action, grantedAt: r.granted_at }));
    },
  };
}
