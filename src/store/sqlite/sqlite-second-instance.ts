import type { LiftedNoticeRow, SecondInstanceRepo, SecondInstanceRow } from '../second-instance-port.js';
import type { SqliteContext } from './sqlite-context.js';

interface SecondDb {
  id: number;
  appeal_id: number;
  listing_id: number;
  subject: string;
  authority: string;
  reviewers: string;
  first_reviewer: string;
  statement: string;
  filed_at: number;
  filed_by: string | null;
  deadline: number;
  suspends: number;
  state: SecondInstanceRow['state'];
  decided_by: string | null;
  decided_at: number | null;
  reasons: string | null;
  exempt: number;
}

const toSecond = (r: SecondDb): SecondInstanceRow => ({
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
  suspends: r.suspends === 1,
  state: r.state,
  decidedBy: r.decided_by,
  decidedAt: r.decided_at,
  reasons: r.reasons,
  exempt: r.exempt === 1,
});

interface LiftedDb {
  id: number;
  party: string;
  subject: string;
  listing_id: number;
  authority: string;
  actions: string;
  cause: string;
  at: number;
}

const toLifted = (r: LiftedDb): LiftedNoticeRow => ({
  id: r.id,
  party: r.party,
  subject: r.subject,
  listingId: r.listing_id,
  authority: r.authority,
  actions: JSON.parse(r.actions) as string[],
  cause: r.cause,
  at: r.at,
});

/** Second instances and sanction-lifted notifications. */
export function secondInstanceRepo({ st }: SqliteContext): SecondInstanceRepo {
  return {
    async insertSecondInstance(s) {
      const info = st(
        `INSERT INTO second_instances(appeal_id, listing_id, subject, authority, reviewers, first_reviewer, statement, filed_at, filed_by, deadline, suspends, state, decided_by, decided_at, reasons, exempt)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(appeal_id) DO NOTHING`,
      ).run(
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
        s.suspends ? 1 : 0,
        s.state,
        s.decidedBy,
        s.decidedAt,
        s.reasons,
        s.exempt ? 1 : 0,
      );
      return info.changes === 1 ? Number(info.lastInsertRowid) : undefined;
    },
    async getSecondInstance(id) {
      const r = st('SELECT * FROM second_instances WHERE id = ?').get(id) as SecondDb | undefined;
      return r && toSecond(r);
    },
    async updateSecondInstance(s) {
      st(
        'UPDATE second_instances SET state = ?, decided_by = ?, decided_at = ?, reasons = ?, exempt = ? WHERE id = ?',
      ).run(s.state, s.decidedBy, s.decidedAt, s.reasons, s.exempt ? 1 : 0, s.id);
    },
    async secondInstancesOf(f) {
      const rows = st(
        `SELECT * FROM second_instances WHERE (? IS NULL OR subject = ?) AND (? IS NULL OR reviewers = ?)
           AND (? IS NULL OR state = ?) AND (? IS NULL OR appeal_id = ?) ORDER BY deadline, id`,
      ).all(
        f.subject ?? null,
        f.subject ?? null,
        f.reviewers ?? null,
        f.reviewers ?? null,
        f.state ?? null,
        f.state ?? null,
        f.appealId ?? null,
        f.appealId ?? null,
      ) as SecondDb[];
      return rows.map(toSecond);
    },
    async insertLiftedNotice(n) {
      const info = st(
        'INSERT INTO lifted_notices(party, subject, listing_id, authority, actions, cause, at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ).run(n.party, n.subject, n.listingId, n.authority, JSON.stringify(n.actions), n.cause, n.at);
      return Number(info.lastInsertRowid);
    },
    async liftedNoticesOf(f) {
      const rows = st(
        'SELECT * FROM lifted_notices WHERE (? IS NULL OR party = ?) AND (? IS NULL OR subject = ?) ORDER BY id',
      ).all(f.party ?? null, f.party ?? null, f.subject ?? null, f.subject ?? null) as LiftedDb[];
      return rows.map(toLifted);
    },
  };
}
