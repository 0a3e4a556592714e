import type { PostgresContext } from './postgres-context.js';
import type { StoreTx } from '../store.js';
import type { ActionDef } from '../../core/actions.js';
import type { Effect } from '../../core/scheme-types.js';

/** Meta, authorities, the action registry and grants. */
export function registryRepo({ q, run }: PostgresContext) {
  return {
    async getMeta(key) {
      return (await q<{ value: string }>('SELECT value FROM meta WHERE key = $1', [key]))[0]?.value;
    },
    async setMeta(key, value) {
      await run('INSERT INTO meta(key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [
        key,
        value,
      ]);
    },
    async ensureAuthorities(names, at) {
      if (names.length === 0) return [];
      // In name order, so two transactions creating the same authorities never wait for each other in a circle.
      const rows = await q<{ name: string }>(
        'INSERT INTO authorities(name, created_at) SELECT DISTINCT n, $2::bigint FROM unnest($1::text[]) AS n ORDER BY n ON CONFLICT DO NOTHING RETURNING name',
        [names, at],
      );
      return rows.map((r) => r.name).sort();
    },
    async listAuthorities() {
      return (await q<{ name: string }>('SELECT name FROM authorities ORDER BY name')).map((r) => r.name);
    },
    async listActions() {
      const rows = await q<{ name: string; domain: string; effect: Effect; description: string | null }>(
        'SELECT name, domain, effect, description FROM actions ORDER BY name',
      );
      return rows.map(
        (r): ActionDef =>
          r.description === null
            ? { name: r.name, domain: r.domain, effect: r.effect }
            : { ...r, description: r.description },
      );
    },
    async addAction(def) {
      const n = await run(
        'INSERT INTO actions(name, domain, effect, description) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING',
        [def.name, def.domain, def.effect, def.description ?? null],
      );
      return n === 1;
    },
    async addGrant(authority, action, at) {
      return (
        (await run('INSERT INTO grants(authority, action, granted_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [
          authority,
          action,
          at,
        ])) === 1
      );
    },
    async listGrants() {
      return q<{ authority: string; action: string; grantedAt: number }>(
        'SELECT authority, action, granted_at AS "grantedAt" FROM grants ORDER BY authority, action',
      );
    },
  } satisfies Partial<StoreTx>;
}
