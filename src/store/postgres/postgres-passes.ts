import type { PassRepo, PassRow } from '../pass-port.js';
import type { PostgresContext } from './postgres-context.js';

/** Migration 9: passes (SPEC §14); the token is kept only as its SHA-256. */
export const PASSES_DDL = `
CREATE TABLE passes (
  id TEXT COLLATE "C" PRIMARY KEY,
  subject TEXT COLLATE "C" NOT NULL,
  purpose TEXT COLLATE "C" NOT NULL,
  recipient TEXT COLLATE "C",
  token_hash TEXT COLLATE "C" NOT NULL UNIQUE,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  revoked_at BIGINT,
  created_by TEXT COLLATE "C"
);
CREATE INDEX passes_subject ON passes(subject, created_at);
`;

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
