import type { Selectable } from 'kysely';
import type { ReportRepo, ReportRow, ReporterTally } from '../report-port.js';
import type { SqlRunner } from './dialect.js';
import type { ReportsTable } from './tables.js';

/* Reports from the public (SPEC §14): one implementation for SQLite and PostgreSQL. */

type ReportSql = Selectable<ReportsTable>;

const toReport = (r: ReportSql): ReportRow => ({
  id: r.id,
  authority: r.authority,
  subject: r.subject,
  kind: r.kind,
  occurredAt: r.occurred_at,
  data: r.data,
  description: r.description,
  reporter: r.reporter,
  reporterAuthority: r.reporter_authority,
  filedAt: r.filed_at,
  state: r.state,
  decidedBy: r.decided_by,
  decidedAt: r.decided_at,
  reasons: r.reasons,
  recordKey: r.record_key,
});

export function reportRepo({ dialect, all, run }: SqlRunner): ReportRepo {
  const { sql } = dialect;
  const reports = () => sql.selectFrom('reports').selectAll();
  const many = async (q: ReturnType<typeof reports>) => (await all<ReportSql>(q.compile())).map(toReport);
  return {
    async insertReport(p) {
      await run(
        sql
          .insertInto('reports')
          .values({
            id: p.id,
            authority: p.authority,
            subject: p.subject,
            kind: p.kind,
            occurred_at: p.occurredAt,
            data: p.data,
            description: p.description,
            reporter: p.reporter,
            reporter_authority: p.reporterAuthority,
            filed_at: p.filedAt,
            state: p.state,
            decided_by: p.decidedBy,
            decided_at: p.decidedAt,
            reasons: p.reasons,
            record_key: p.recordKey,
          })
          .compile(),
      );
    },
    async getReport(id) {
      const [r] = await many(reports().where('id', '=', id));
      return r;
    },
    async decideReport(p) {
      const changed = await run(
        sql
          .updateTable('reports')
          .set({
            state: p.state,
            decided_by: p.decidedBy,
            decided_at: p.decidedAt,
            reasons: p.reasons,
            record_key: p.recordKey,
          })
          .where('id', '=', p.id)
          .where('state', '=', 'open')
          .compile(),
      );
      return changed === 1;
    },
    reportsTo(authority, state, limit) {
      let q = reports().where('authority', '=', authority);
      if (state !== null) q = q.where('state', '=', state);
      return many(q.orderBy('filed_at').orderBy('id').limit(limit));
    },
    reportsBy(reporter, limit) {
      return many(
        reports().where('reporter', '=', reporter).orderBy('filed_at', 'desc').orderBy('id', 'desc').limit(limit),
      );
    },
    async countReportsSince(reporter, authority, since) {
      const [r] = await all<{ n: number | string }>(
        sql
          .selectFrom('reports')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('reporter', '=', reporter)
          .where('authority', '=', authority)
          .where('filed_at', '>=', since)
          .compile(),
      );
      return Number(r?.n ?? 0);
    },
    async reporterTallies(authority, reporters) {
      if (reporters.length === 0) return [];
      const rows = await all<{ reporter: string; accepted: number | string; rejected: number | string }>(
        sql
          .selectFrom('reports')
          .select((eb) => [
            'reporter',
            eb.fn.sum<number | string>(eb.case().when('state', '=', 'accepted').then(1).else(0).end()).as('accepted'),
            eb.fn.sum<number | string>(eb.case().when('state', '=', 'rejected').then(1).else(0).end()).as('rejected'),
          ])
          .where('authority', '=', authority)
          .where(dialect.oneOf('reporter', reporters))
          .groupBy('reporter')
          .orderBy('reporter')
          .compile(),
      );
      return rows.map(
        (r): ReporterTally => ({ reporter: r.reporter, accepted: Number(r.accepted), rejected: Number(r.rejected) }),
      );
    },
    acceptedReportsAbout(subject) {
      return many(reports().where('subject', '=', subject).where('state', '=', 'accepted').orderBy('id'));
    },
    listReports() {
      return many(reports().orderBy('id'));
    },
  };
}
