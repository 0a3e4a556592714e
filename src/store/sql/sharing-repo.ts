import type { ShareRow, SharingRepo } from '../sharing-port.js';
import type { SqlRunner } from './dialect.js';
import type { SharesTable } from './tables.js';

/* Data-sharing grants between authorities (SPEC §4): one implementation for SQLite and PostgreSQL. */

const toShare = (r: SharesTable): ShareRow => ({
  from: r.from_authority,
  to: r.to_authority,
  purpose: r.purpose,
  grantedAt: r.granted_at,
  revokedAt: r.revoked_at,
});

export function sharingRepo({ dialect, all, run }: SqlRunner): SharingRepo {
  const { sql } = dialect;
  return {
    async putShare(r) {
      await run(
        sql
          .insertInto('shares')
          .values({
            from_authority: r.from,
            to_authority: r.to,
            purpose: r.purpose,
            granted_at: r.grantedAt,
            revoked_at: null,
          })
          .onConflict((oc) =>
            oc.columns(['from_authority', 'to_authority']).doUpdateSet((eb) => ({
              purpose: eb.ref('excluded.purpose'),
              granted_at: eb.ref('excluded.granted_at'),
              revoked_at: null,
            })),
          )
          .compile(),
      );
      return { ...r, revokedAt: null };
    },
    async revokeShare(from, to, at) {
      const n = await run(
        sql
          .updateTable('shares')
          .set({ revoked_at: at })
          .where('from_authority', '=', from)
          .where('to_authority', '=', to)
          .where('revoked_at', 'is', null)
          .compile(),
      );
      return n === 1;
    },
    async listShares() {
      const rows = await all<SharesTable>(
        sql.selectFrom('shares').selectAll().orderBy('from_authority').orderBy('to_authority').compile(),
      );
      return rows.map(toShare);
    },
  };
}
