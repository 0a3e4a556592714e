import type { Selectable } from 'kysely';
import type { PassRepo, PassRow } from '../pass-port.js';
import type { SqlRunner } from './dialect.js';
import type { PassesTable } from './tables.js';

/* Passes (SPEC §14): one implementation for SQLite and PostgreSQL. */

const toPass = (r: Selectable<PassesTable>): PassRow => ({
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

export function passRepo({ dialect, all, run }: SqlRunner): PassRepo {
  const { sql } = dialect;
  const passes = () => sql.selectFrom('passes').selectAll();
  const one = async (q: ReturnType<typeof passes>) => {
    const [r] = await all<Selectable<PassesTable>>(q.compile());
    return r && toPass(r);
  };
  return {
    async insertPass(p) {
      await run(
        sql
          .insertInto('passes')
          .values({
            id: p.id,
            subject: p.subject,
            purpose: p.purpose,
            recipient: p.recipient,
            token_hash: p.tokenHash,
            created_at: p.createdAt,
            expires_at: p.expiresAt,
            revoked_at: p.revokedAt,
            created_by: p.createdBy,
          })
          .compile(),
      );
    },
    getPass: (id) => one(passes().where('id', '=', id)),
    passByTokenHash: (hash) => one(passes().where('token_hash', '=', hash)),
    async passesOf(subject) {
      const q = passes().where('subject', '=', subject).orderBy('created_at', 'desc').orderBy('id', 'desc');
      return (await all<Selectable<PassesTable>>(q.compile())).map(toPass);
    },
    async revokePass(id, at) {
      const changed = await run(
        sql
          .updateTable('passes')
          .set({ revoked_at: at })
          .where('id', '=', id)
          .where('revoked_at', 'is', null)
          .compile(),
      );
      return changed === 1;
    },
    async listPasses() {
      return (await all<Selectable<PassesTable>>(passes().orderBy('id').compile())).map(toPass);
    },
  };
}
