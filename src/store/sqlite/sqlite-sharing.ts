import type { ShareRow, SharingRepo } from '../sharing-port.js';
import type { SqliteContext } from './sqlite-context.js';

interface ShareSql {
  from_authority: string;
  to_authority: string;
  purpose: string;
  granted_at: number;
  revoked_at: number | null;
}

const toShare = (r: ShareSql): ShareRow => ({
  from: r.from_authority,
  to: r.to_authority,
  purpose: r.purpose,
  grantedAt: r.granted_at,
  revokedAt: r.revoked_at,
});

/** Data-sharing grants. */
export function sharingRepo({ st }: SqliteContext): SharingRepo {
  return {
    async putShare(r) {
      st(
        `INSERT INTO shares(from_authority, to_authority, purpose, granted_at, revoked_at) VALUES (?, ?, ?, ?, NULL)
         ON CONFLICT(from_authority, to_authority) DO UPDATE SET purpose = excluded.purpose, granted_at = excluded.granted_at, revoked_at = NULL`,
      ).run(r.from, r.to, r.purpose, r.grantedAt);
      return { ...r, revokedAt: null };
    },
    async revokeShare(from, to, at) {
      return (
        st('UPDATE shares SET revoked_at = ? WHERE from_authority = ? AND to_authority = ? AND revoked_at IS NULL').run(
          at,
          from,
          to,
        ).changes === 1
      );
    },
    async listShares() {
      return (st('SELECT * FROM shares ORDER BY from_authority, to_authority').all() as ShareSql[]).map(toShare);
    },
  };
}
