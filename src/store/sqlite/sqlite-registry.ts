import type { SqliteContext } from './sqlite-context.js';
import type { StoreTx } from '../store.js';
import type { ActionDef } from '../../core/actions.js';
import type { Effect } from '../../core/scheme-types.js';

/** Meta, authorities, the action registry and grants. */
export function registryRepo({ st }: SqliteContext) {
  return {
    async getMeta(key) {
      return (st('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value;
    },
    async setMeta(key, value) {
      st('INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(
        key,
        value,
      );
    },
    async ensureAuthorities(names, at) {
      const ins = st('INSERT OR IGNORE INTO authorities(name, created_at) VALUES (?, ?)');
      const created: string[] = [];
      for (const n of [...new Set(names)].sort()) if (ins.run(n, at).changes === 1) created.push(n);
      return created;
    },
    async listAuthorities() {
      return (st('SELECT name FROM authorities ORDER BY name').all() as { name: string }[]).map((r) => r.name);
    },
    async listActions() {
      const rows = st('SELECT name, domain, effect, description FROM actions ORDER BY name').all() as {
        name: string;
        domain: string;
        effect: Effect;
        description: string | null;
      }[];
      return rows.map(
        (r): ActionDef =>
          r.description === null
            ? { name: r.name, domain: r.domain, effect: r.effect }
            : { ...r, description: r.description },
      );
    },
    async addAction(def) {
      const info = st('INSERT OR IGNORE INTO actions(name, domain, effect, description) VALUES (?, ?, ?, ?)').run(
        def.name,
        def.domain,
        def.effect,
        def.description ?? null,
      );
      return info.changes === 1;
    },
    async addGrant(authority, action, at) {
      return (
        st('INSERT OR IGNORE INTO grants(authority, action, granted_at) VALUES (?, ?, ?)').run(authority, action, at)
          .changes === 1
      );
    },
    async listGrants() {
      const rows = st('SELECT authority, action, granted_at FROM grants ORDER BY authority, action').all() as {
        authority: string;
        action: string;
        granted_at: number;
      }[];
      return rows.map((r) => ({ authority: r.authority, action: r.action, grantedAt: r.granted_at }));
    },
  } satisfies Partial<StoreTx>;
}
