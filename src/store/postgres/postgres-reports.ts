import type { ReportRepo, ReportRow, ReporterTally } from '../report-port.js';
import type { PostgresContext } from './postgres-context.js';

const REPORT = `id, authority, subject, kind, occurred_at AS "occurredAt", data, description, reporter,
  reporter_authority AS "reporterAuthority", filed_at AS "filedAt", state, decided_by AS "decidedBy",
  decided_at AS "decidedAt", reasons, record_key AS "recordKey"`;

/** Reports from the public. */
export function reportRepo({ q, run }: PostgresContext): ReportRepo {
  return {
    async insertReport(p) {
      await run(
        `INSERT INTO reports(id, authority, subject, kind, occurred_at, data, description, reporter, reporter_authority,
           filed_at, state, decided_by, decided_at, reasons, record_key)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
        [
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
        ],
      );
    },
    async getReport(id) {
      return (await q<ReportRow>(`SELECT ${REPORT} FROM reports WHERE id = $1`, [id]))[0];
    },
    async decideReport(p) {
      return (
        (await run(
          `UPDATE reports SET state = $1, decided_by = $2, decided_at = $3, reasons = $4, record_key = $5
           WHERE id = $6 AND state = 'open'`,
          [p.state, p.decidedBy, p.decidedAt, p.reasons, p.recordKey, p.id],
        )) === 1
      );
    },
    async reportsTo(authority, state, limit) {
      return state === null
        ? q<ReportRow>(`SELECT ${REPORT} FROM reports WHERE authority = $1 ORDER BY filed_at, id LIMIT $2`, [
            authority,
            limit,
          ])
        : q<ReportRow>(
            `SELECT ${REPORT} FROM reports WHERE authority = $1 AND state = $2 ORDER BY filed_at, id LIMIT $3`,
            [authority, state, limit],
          );
    },
    async reportsBy(reporter, limit) {
      return q<ReportRow>(
        `SELECT ${REPORT} FROM reports WHERE reporter = $1 ORDER BY filed_at DESC, id DESC LIMIT $2`,
        [reporter, limit],
      );
    },
    async countReportsSince(reporter, authority, since) {
      const r = await q<{ n: string }>(
        'SELECT COUNT(*) AS n FROM reports WHERE reporter = $1 AND authority = $2 AND filed_at >= $3',
        [reporter, authority, since],
      );
      return Number(r[0]?.n ?? 0);
    },
    async reporterTallies(authority, reporters) {
      if (reporters.length === 0) return [];
      const rows = await q<{ reporter: string; accepted: string; rejected: string }>(
        `SELECT reporter, SUM(CASE WHEN state = 'accepted' THEN 1 ELSE 0 END) AS accepted,
                SUM(CASE WHEN state = 'rejected' THEN 1 ELSE 0 END) AS rejected
         FROM reports WHERE authority = $1 AND reporter = ANY($2::text[]) GROUP BY reporter ORDER BY reporter`,
        [authority, [...reporters]],
      );
      return rows.map(
        (r): ReporterTally => ({
          reporter: r.reporter,
          accepted: Number(r.accepted),
          rejected: Number(r.rejected),
        }),
      );
    },
    async acceptedReportsAbout(subject) {
      return q<ReportRow>(`SELECT ${REPORT} FROM reports WHERE subject = $1 AND state = 'accepted' ORDER BY id`, [
        subject,
      ]);
    },
    async listReports() {
      return q<ReportRow>(`SELECT ${REPORT} FROM reports ORDER BY id`);
    },
  };
}
