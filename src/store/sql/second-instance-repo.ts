import type { Selectable } from 'kysely';
import type { LiftedNoticeRow, SecondInstanceRepo, SecondInstanceRow } from '../second-instance-port.js';
import type { SqlRunner } from './dialect.js';
import type { LiftedNoticesTable, SecondInstancesTable } from './tables.js';

/*
 * Second instances and the sanction-lifted notifications of relying parties (SPEC §6): one
 * implementation for SQLite and PostgreSQL.
 */

export function secondInstanceRepo({ dialect, all, run }: SqlRunner): SecondInstanceRepo {
  const { sql } = dialect;
  const toSecond = (r: Selectable<SecondInstancesTable>): SecondInstanceRow => ({
    id: r.id,
    appealId: r.appeal_id,
    listingId: r.listing_id,
    subject: r.subject,
    authority: r.authority,
    reviewers: r.reviewers,
    firstReviewer: r.first_reviewer,
    statement: r.statement,
    filedAt: r.filed_at,
    filedBy: r.filed_by,
    deadline: r.deadline,
    suspends: dialect.readBool(r.suspends),
    state: r.state,
    decidedBy: r.decided_by,
    decidedAt: r.decided_at,
    reasons: r.reasons,
    exempt: dialect.readBool(r.exempt),
  });
  const toLifted = (r: Selectable<LiftedNoticesTable>): LiftedNoticeRow => ({
    id: r.id,
    party: r.party,
    subject: r.subject,
    listingId: r.listing_id,
    authority: r.authority,
    actions: dialect.readJson<string[]>(r.actions),
    cause: r.cause,
    at: r.at,
  });
  return {
    async insertSecondInstance(s) {
      const [row] = await all<{ id: number }>(
        sql
          .insertInto('second_instances')
          .values({
            appeal_id: s.appealId,
            listing_id: s.listingId,
            subject: s.subject,
            authority: s.authority,
            reviewers: s.reviewers,
            first_reviewer: s.firstReviewer,
            statement: s.statement,
            filed_at: s.filedAt,
            filed_by: s.filedBy,
            deadline: s.deadline,
            suspends: dialect.bool(s.suspends),
            state: s.state,
            decided_by: s.decidedBy,
            decided_at: s.decidedAt,
            reasons: s.reasons,
            exempt: dialect.bool(s.exempt),
          })
          .onConflict((oc) => oc.column('appeal_id').doNothing())
          .returning('id')
          .compile(),
      );
      return row?.id;
    },
    async getSecondInstance(id) {
      const q = sql.selectFrom('second_instances').selectAll().where('id', '=', id);
      const [r] = await all<Selectable<SecondInstancesTable>>((dialect.can.rowLocks ? q.forUpdate() : q).compile());
      return r && toSecond(r);
    },
    async updateSecondInstance(s) {
      await run(
        sql
          .updateTable('second_instances')
          .set({
            state: s.state,
            decided_by: s.decidedBy,
            decided_at: s.decidedAt,
            reasons: s.reasons,
            exempt: dialect.bool(s.exempt),
          })
          .where('id', '=', s.id)
          .compile(),
      );
    },
    async secondInstancesOf(f) {
      // Only the filters given: each combination is its own statement text (at most 16).
      let q = sql.selectFrom('second_instances').selectAll();
      if (f.subject !== undefined) q = q.where('subject', '=', f.subject);
      if (f.reviewers !== undefined) q = q.where('reviewers', '=', f.reviewers);
      if (f.state !== undefined) q = q.where('state', '=', f.state);
      if (f.appealId !== undefined) q = q.where('appeal_id', '=', f.appealId);
      const rows = await all<Selectable<SecondInstancesTable>>(q.orderBy('deadline').orderBy('id').compile());
      return rows.map(toSecond);
    },
    async insertLiftedNotice(n) {
      const [row] = await all<{ id: number }>(
        sql
          .insertInto('lifted_notices')
          .values({
            party: n.party,
            subject: n.subject,
            listing_id: n.listingId,
            authority: n.authority,
            actions: JSON.stringify(n.actions),
            cause: n.cause,
            at: n.at,
          })
          .returning('id')
          .compile(),
      );
      return row!.id;
    },
    async liftedNoticesOf(f) {
      let q = sql.selectFrom('lifted_notices').selectAll();
      if (f.party !== undefined) q = q.where('party', '=', f.party);
      if (f.subject !== undefined) q = q.where('subject', '=', f.subject);
      return (await all<Selectable<LiftedNoticesTable>>(q.orderBy('id').compile())).map(toLifted);
    },
  };
}
