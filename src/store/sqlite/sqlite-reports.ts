import type { ReportRepo, ReportRow, ReporterTally } from '../report-port.js';
import type { SqliteContext } from './sqlite-context.js';

interface ReportSql {
  id: string;
  authority: string;
  subject: string;
  kind: string;
  occurred_at: number;
  data: string;
  description: string;
  reporter: string;
  reporter_authority: string | null;
  filed_at: number;
  state: ReportRow['state'];
  decided_by: string | null;
  decided_at: number | null;
  reasons: string | null;
  record_key: string | null;
}

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

/** Reports from the public. */
export function reportRepo({ st }: SqliteContext): ReportRepo {
  return {
    async insertReport(p) {
      st(
        `INSERT INTO reports(id, authority, subject, kind, occurred_at, data, description, reporter, reporter_authority,
           filed_at, state, decided_by, decided_at, reasons, record_key)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        p.id,
        p.authority,
        p.subject,
        p.kind,
        p.occurredAt,
        p.data,
        p.description,
        p.reporter,
        p.reporterAuthority,
        p.filedAt,
        p.state,
        p.decidedBy,
        p.decidedAt,
        p.reasons,
        p.recordKey,
      );
    },
    async getReport(id) {
      const r = st('SELECT * FROM reports WHERE id = ?').get(id) as ReportSql | undefined;
      return r === undefined ? undefined : toReport(r);
    },
    async decideReport(p) {
      return (
        st(
          `UPDATE reports SET state = ?, decided_by = ?, decided_at = ?, reasons = ?, record_key = ?
           WHERE id = ? AND state = 'open'`,
        ).run(p.state, p.decidedBy, p.decidedAt, p.reasons, p.recordKey, p.id).changes === 1
      );
    },
    async reportsTo(authority, state, limit) {
      const rows =
        state === null
          ? st('SELECT * FROM reports WHERE authority = ? ORDER BY filed_at, id LIMIT ?').all(authority, limit)
          : st('SELECT * FROM reports WHERE authority = ? AND state = ? ORDER BY filed_at, id LIMIT ?').all(
              authority,
              state,
              limit,
            );
      return (rows as ReportSql[]).map(toReport);
    },
    async reportsBy(reporter, limit) {
      return (
        st('SELECT * FROM reports WHERE reporter = ? ORDER BY filed_at DESC, id DESC LIMIT ?').all(
          reporter,
          limit,
        ) as ReportSql[]
      ).map(toReport);
    },
    async countReportsSince(reporter, authority, since) {
      const r = st('SELECT COUNT(*) AS n FROM reports WHERE reporter = ? AND authority = ? AND filed_at >= ?').get(
        reporter,
        authority,
        since,
      ) as { n: number };
      return r.n;
    },
    async reporterTallies(authority, reporters) {
      if (reporters.length === 0) return [];
      const marks = reporters.map(() => '?').join(', ');
      return st(
        `SELECT reporter, SUM(CASE WHEN state = 'accepted' THEN 1 ELSE 0 END) AS accepted,
                SUM(CASE WHEN state = 'rejected' THEN 1 ELSE 0 END) AS rejected
         FROM reports WHERE authority = ? AND reporter IN (${marks}) GROUP BY reporter ORDER BY reporter`,
      ).all(authority, ...reporters) as ReporterTally[];
    },
    async acceptedReportsAbout(subject) {
      return (
        st("SELECT * FROM reports WHERE subject = ? AND state = 'accepted' ORDER BY id").all(subject) as ReportSql[]
      ).map(toReport);
    },
    async listReports() {
      return (st('SELECT * FROM reports ORDER BY id').all() as ReportSql[]).map(toReport);
    },
  };
}
