import type { PassRepo, PassRow } from '../pass-port.js';
import type { SqliteContext } from './sqlite-context.js';

interface PassSql {
  id: string;
  subject: string;
  purpose: string;
  recipient: string | null;
  token_hash: string;
  created_at: number;
  expires_at: number;
  revoked_at: number | null;
  created_by: string | null;
}

const toPass = (r: PassSql): PassRow => ({
  id: r.id,
  subject: r.subject,
  purpose: r.purpose,
  recipient: r.recipient,
  tokenHash: r.token_hash,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  revokedAt: r.revoked_at,
  createdBy: r.created_by,
});

/** Passes. */
export function passRepo({ st }: SqliteContext): PassRepo {
  return {
    async insertPass(p) {
      st(
        `INSERT INTO passes(id, subject, purpose, recipient, token_hash, created_at, expires_at, revoked_at, created_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(p.id, p.subject, p.purpose, p.recipient, p.tokenHash, p.createdAt, p.expiresAt, p.revokedAt, p.createdBy);
    },
    async getPass(id) {
      const r = st('SELECT * FROM passes WHERE id = ?').get(id) as PassSql | undefined;
      return r === undefined ? undefined : toPass(r);
    },
    async passByTokenHash(hash) {
      const r = st('SELECT * FROM passes WHERE token_hash = ?').get(hash) as PassSql | undefined;
      return r === undefined ? undefined : toPass(r);
    },
    async passesOf(subject) {
      return (
        st('SELECT * FROM passes WHERE subject = ? ORDER BY created_at DESC, id DESC').all(subject) as PassSql[]
      ).map(toPass);
    },
    async revokePass(id, at) {
      return st('UPDATE passes SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(at, id).changes === 1;
    },
    async listPasses() {
      return (st('SELECT * FROM passes ORDER BY id').all() as PassSql[]).map(toPass);
    },
  };
}
