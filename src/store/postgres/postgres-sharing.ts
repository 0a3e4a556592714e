import type { ShareRow, SharingRepo } from '../sharing-port.js';
import type { PostgresContext } from './postgres-context.js';

const SHARE = `from_authority AS "from", to_authority AS "to", purpose, granted_at AS "grantedAt", revoked_at AS "revokedAt"`;

/** Data-sharing grants. */
export function sharingRepo({ q, run }: PostgresContext): SharingRepo {
  return {
    async putShare(r) {
      await run(
        `INSERT INTO shares(from_authority, to_authority, purpose, granted_at, revoked_at) VALUES ($1, $2, $3, $4, NULL)
         ON CONFLICT (from_authority, to_authority) DO UPDATE SET purpose = excluded.purpose, granted_at = excluded.granted_at, revoked_at = NULL`,
        [r.from, r.to, r.purpose, r.grantedAt],
      );
      return { ...r, revokedAt: null };
    },
    async revokeShare(from, to, at) {
      return (
        (await run(
          'UPDATE shares SET revoked_at = $1 WHERE from_authority = $2 AND to_authority = $3 AND revoked_at IS NULL',
          [at, from, to],
        )) === 1
      );
    },
    async listShares() {
      return q<ShareRow>(`SELECT ${SHARE} FROM shares ORDER BY from_authority, to_authority`);
    },
  };
}
