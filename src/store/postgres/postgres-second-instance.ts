import type { LiftedNoticeRow, SecondInstanceRepo, SecondInstanceRow } from '../second-instance-port.js';
import type { PostgresContext } from './postgres-context.js';

const SECOND = `id, appeal_id AS "appealId", listing_id AS "listingId", subject, authority, reviewers, first_reviewer AS "firstReviewer",
  statement, filed_at AS "filedAt", filed_by AS "filedBy", deadline, suspends, state, decided_by AS "decidedBy",
  decided_at AS "decidedAt", reasons, exempt`;
const LIFTED = `id, party, subject, listing_id AS "listingId", authority, actions, cause, at`;

/** Second instances and sanction-lifted notifications. */
export function secondInstanceRepo({ q, run }: PostgresContext): SecondInstanceRepo {
  return {
    async insertSecondInstance(s) {
      const rows = await q<{ id: number }>(
        `INSERT INTO second_instances(appeal_id, listing_id, subject, authority, reviewers, first_reviewer, statement, filed_at, filed_by, deadline, suspends, state, decided_by, decided_at, reasons, exempt)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) ON CONFLICT (appeal_id) DO NOTHING RETURNING id`,
        [
          s.appealId,
          s.listingId,
          s.subject,
          s.authority,
          s.reviewers,
          s.firstReviewer,
          s.statement,
          s.filedAt,
          s.filedBy,
          s.deadline,
          s.suspends,
          s.state,
          s.decidedBy,
          s.decidedAt,
          s.reasons,
          s.exempt,
        ],
      );
      return rows[0]?.id;
    },
    async getSecondInstance(id) {
      return (await q<SecondInstanceRow>(`SELECT ${SECOND} FROM second_instances WHERE id = $1 FOR UPDATE`, [id]))[0];
    },
    async updateSecondInstance(s) {
      await run(
        'UPDATE second_instances SET state = $1, decided_by = $2, decided_at = $3, reasons = $4, exempt = $5 WHERE id = $6',
        [s.state, s.decidedBy, s.decidedAt, s.reasons, s.exempt, s.id],
      );
    },
    async secondInstancesOf(f) {
      return q<SecondInstanceRow>(
        `SELECT ${SECOND} FROM second_instances WHERE ($1::text IS NULL OR subject = $1) AND ($2::text IS NULL OR reviewers = $2)
           AND ($3::text IS NULL OR state = $3) AND ($4::bigint IS NULL OR appeal_id = $4) ORDER BY deadline, id`,
        [f.subject ?? null, f.reviewers ?? null, f.state ?? null, f.appealId ?? null],
      );
    },
    async insertLiftedNotice(n) {
      const rows = await q<{ id: number }>(
        'INSERT INTO lifted_notices(party, subject, listing_id, authority, actions, cause, at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id',
        [n.party, n.subject, n.listingId, n.authority, JSON.stringify(n.actions), n.cause, n.at],
      );
      return rows[0]!.id;
    },
    async liftedNoticesOf(f) {
      return q<LiftedNoticeRow>(
        `SELECT ${LIFTED} FROM lifted_notices WHERE ($1::text IS NULL OR party = $1) AND ($2::text IS NULL OR subject = $2) ORDER BY id`,
        [f.party ?? null, f.subject ?? null],
      );
    },
  };
}
