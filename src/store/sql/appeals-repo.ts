import { sql as raw, type Selectable } from 'kysely';
import type { AppealRow, DisputeRow, DisputeState, DueProcessRepo } from '../due-process-port.js';
import type { SqlDialect, SqlRunner } from './dialect.js';
import type { AppealsTable, DisputesTable } from './tables.js';

/*
 * Appeals of listings and disputes of records (SPEC §6): one implementation for SQLite and
 * PostgreSQL. As for listings (listings-repo.ts), the reads that precede a decision lock their
 * row where rows lock, and the partial indexes' literals stay literals.
 */

export type AppealsRepo = Pick<
  DueProcessRepo,
  | 'insertAppeal'
  | 'getAppeal'
  | 'updateAppeal'
  | 'appealsOf'
  | 'insertDispute'
  | 'getDispute'
  | 'updateDispute'
  | 'disputesOf'
  | 'pendingDisputesOf'
  | 'overdueDisputes'
>;

/** A dispute's deadline: stored, else (filed before migration 7) filing + P30D; the expression of the index disputes_due. */
const DISPUTE_DUE = raw<number>`COALESCE(deadline_at, filed_at + 2592000000)`;
const PENDING = raw.lit<DisputeState>('pending');

const toAppeal = (dialect: SqlDialect, r: Selectable<AppealsTable>): AppealRow => ({
  id: r.id,
  listingId: r.listing_id,
  subject: r.subject,
  authority: r.authority,
  statement: r.statement,
  filedAt: r.filed_at,
  filedBy: r.filed_by,
  late: dialect.readBool(r.late),
  deadline: r.deadline,
  state: r.state,
  decidedBy: r.decided_by,
  decidedAt: r.decided_at,
  reasons: r.reasons,
  retracted: dialect.readTextList(r.retracted),
  exempt: dialect.readBool(r.exempt),
});

const toDispute = (r: Selectable<DisputesTable>): DisputeRow => ({
  id: r.id,
  authority: r.authority,
  key: r.key,
  subject: r.subject,
  statement: r.statement,
  filedAt: r.filed_at,
  filedBy: r.filed_by,
  state: r.state,
  decidedBy: r.decided_by,
  decidedAt: r.decided_at,
  reasons: r.reasons,
  deadlineAt: r.deadline_at,
  overdueAt: r.overdue_at,
});

export function appealsRepo({ dialect, all, run }: SqlRunner): AppealsRepo {
  const { sql } = dialect;
  const appeals = () => sql.selectFrom('appeals').selectAll();
  const disputes = () => sql.selectFrom('disputes').selectAll();
  const readAppeals = async (q: ReturnType<typeof appeals>) =>
    (await all<Selectable<AppealsTable>>(q.compile())).map((r) => toAppeal(dialect, r));
  const readDisputes = async (q: ReturnType<typeof disputes>) =>
    (await all<Selectable<DisputesTable>>(q.compile())).map(toDispute);
  return {
    async insertAppeal(a) {
      const [row] = await all<{ id: number }>(
        sql
          .insertInto('appeals')
          .values({
            listing_id: a.listingId,
            subject: a.subject,
            authority: a.authority,
            statement: a.statement,
            filed_at: a.filedAt,
            filed_by: a.filedBy,
            late: dialect.bool(a.late),
            deadline: a.deadline,
            state: a.state,
            decided_by: a.decidedBy,
            decided_at: a.decidedAt,
            reasons: a.reasons,
            retracted: dialect.textList(a.retracted),
            exempt: dialect.bool(a.exempt),
          })
          .returning('id')
          .compile(),
      );
      return row!.id;
    },
    async getAppeal(id) {
      const q = appeals().where('id', '=', id);
      return (await readAppeals(dialect.can.rowLocks ? q.forUpdate() : q))[0];
    },
    async updateAppeal(a) {
      await run(
        sql
          .updateTable('appeals')
          .set({
            state: a.state,
            decided_by: a.decidedBy,
            decided_at: a.decidedAt,
            reasons: a.reasons,
            retracted: dialect.textList(a.retracted),
            exempt: dialect.bool(a.exempt),
          })
          .where('id', '=', a.id)
          .compile(),
      );
    },
    async appealsOf(filter) {
      let q = appeals();
      if (filter.authority !== undefined) q = q.where('authority', '=', filter.authority);
      if (filter.subject !== undefined) q = q.where('subject', '=', filter.subject);
      if (filter.state !== undefined) q = q.where('state', '=', filter.state);
      return readAppeals(q.orderBy('deadline').orderBy('id'));
    },

    async insertDispute(d) {
      const [row] = await all<{ id: number }>(
        sql
          .insertInto('disputes')
          .values({
            authority: d.authority,
            key: d.key,
            subject: d.subject,
            statement: d.statement,
            filed_at: d.filedAt,
            filed_by: d.filedBy,
            state: d.state,
            decided_by: d.decidedBy,
            decided_at: d.decidedAt,
            reasons: d.reasons,
            deadline_at: d.deadlineAt,
            overdue_at: d.overdueAt,
          })
          .onConflict((oc) => oc.doNothing())
          .returning('id')
          .compile(),
      );
      // No row: disputes_one_pending already holds a pending dispute of the record.
      return row?.id;
    },
    async getDispute(id) {
      const q = disputes().where('id', '=', id);
      return (await readDisputes(dialect.can.rowLocks ? q.forUpdate() : q))[0];
    },
    async updateDispute(d) {
      await run(
        sql
          .updateTable('disputes')
          .set({
            state: d.state,
            decided_by: d.decidedBy,
            decided_at: d.decidedAt,
            reasons: d.reasons,
            overdue_at: d.overdueAt,
          })
          .where('id', '=', d.id)
          .compile(),
      );
    },
    async disputesOf(filter) {
      let q = disputes();
      if (filter.authority !== undefined) q = q.where('authority', '=', filter.authority);
      if (filter.subject !== undefined) q = q.where('subject', '=', filter.subject);
      if (filter.state !== undefined) q = q.where('state', '=', filter.state);
      if (filter.key !== undefined) q = q.where('key', '=', filter.key);
      return readDisputes(q.orderBy('filed_at').orderBy('id'));
    },
    async pendingDisputesOf(subjects) {
      if (subjects.length === 0) return [];
      return readDisputes(
        disputes().where('state', '=', PENDING).where(dialect.oneOf('subject', subjects)).orderBy('id'),
      );
    },
    async overdueDisputes(now, limit) {
      return readDisputes(
        disputes()
          .where('state', '=', PENDING)
          .where('overdue_at', 'is', null)
          .where(DISPUTE_DUE, '<=', now)
          .orderBy(DISPUTE_DUE)
          .orderBy('id')
          .limit(limit),
      );
    },
  };
}
