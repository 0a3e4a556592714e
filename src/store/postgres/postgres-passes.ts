import type { PassRepo, PassRow } from '../pass-port.js';
import type { PostgresContext } from './postgres-context.js';

const PASS = `id, subject, purpose, recipient, token_hash AS "tokenHash", created_at AS "createdAt",
  expires_at AS "expiresAt", revoked_at AS "revokedAt", created_by AS "createdBy"`;

/** Passes. */
export function passRepo({ q, run }: PostgresContext): PassRepo {
  return {
    async insertPass(p) {
      await run(
        `INSERT INTO passes(id, subject, purpose, recipient, token_hash, created_at, expires_at, revoked_at, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [p.id, p.subject, p.purpose, p.recipient, p.tokenHash, p.createdAt, p.expiresAt, p.revokedAt, p.createdBy],
      );
    },
    async getPass(id) {
      return (await q<PassRow>(`SELECT ${PASS} FROM passes WHERE id = $1`, [id]))[0];
    },
    async passByTokenHash(hash) {
      return (await q<PassRow>(`SELECT ${PASS} FROM passes WHERE token_hash = $1`, [hash]))[0];
    },
    async passesOf(subject) {
      return q<PassRow>(`SELECT ${PASS} FROM passes WHERE subject = $1 ORDER BY created_at DESC, id DESC`, [subject]);
    },
    async revokePass(id, at) {
      return (await run('UPDATE passes SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL', [at, id])) === 1;
    },
    async listPasses() {
      return q<PassRow>(`SELECT ${PASS} FROM passes ORDER BY id`);
    },
  };
}
