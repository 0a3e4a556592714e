import type { ListingCore } from '../../core/listing-machine.js';
import type {
  SanctionInForceRow,
  AccountRow,
  AppealRow,
  DisputeRow,
  DueProcessRepo,
  ListingRow,
  MessageRow,
  NewListing,
} from '../due-process-port.js';
import type { PostgresContext } from './postgres-context.js';

/** The indexed expression of listings_next: a listing's next time-driven instant. */
const NEXT_DUE = `(CASE WHEN state = 'noticed' THEN (CASE WHEN received_at IS NULL THEN noticed_at + 172800000 ELSE effect_at END) ELSE term_ends_at END)`;

const LISTING = `id, authority, scheme, list, list_type AS "listType", subject, version, state, noticed_at AS "noticedAt", effect_at AS "effectAt",
  active_since AS "activeSince", appealed, ended_at AS "endedAt", end_reason AS "endReason",
  term, term_ends_at AS "termEndsAt", received_at AS "receivedAt"`;
const APPEAL = `id, listing_id AS "listingId", subject, authority, statement, filed_at AS "filedAt", filed_by AS "filedBy", late, deadline, state,
  decided_by AS "decidedBy", decided_at AS "decidedAt", reasons, retracted, exempt`;
const DISPUTE = `id, authority, key, subject, statement, filed_at AS "filedAt", filed_by AS "filedBy", state, decided_by AS "decidedBy",
  decided_at AS "decidedAt", reasons, deadline_at AS "deadlineAt", overdue_at AS "overdueAt"`;
/** A dispute's deadline: stored, else (filed before migration 7) filing + P30D. */
const DISPUTE_DUE = 'COALESCE(deadline_at, filed_at + 2592000000)';
const ACCOUNT = 'name, authority, roles, subject, created_at AS "createdAt"';

/** Builds a WHERE clause from the present filter fields (names are the code's, never the caller's). */
function where(filter: Readonly<Record<string, string | undefined>>): { sql: string; args: string[] } {
  const parts: string[] = [];
  const args: string[] = [];
  for (const [k, v] of Object.entries(filter)) {
    if (v === undefined) continue;
    args.push(v);
    parts.push(`${k} = $${args.length}`);
  }
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', args };
}

/**
 * Listings, appeals, disputes and the rest of due process. Unlike SQLite's single writer,
 * PostgreSQL transactions run side by side: the reads that precede a decision (a listing,
 * an appeal, a dispute, the open or due listings) lock their rows FOR UPDATE, so two
 * transactions deciding on the same row run one after the other and the second sees the first.
 */
export function dueProcessRepo({ q, run }: PostgresContext): DueProcessRepo {
  const coreArgs = (c: ListingCore): unknown[] => [
    c.state,
    c.effectAt,
    c.activeSince,
    c.appealed,
    c.endedAt,
    c.endReason,
    c.term,
    c.termEndsAt,
    c.receivedAt,
  ];
  const insertListing = async (
    r: NewListing,
    onConflict: '' | 'ON CONFLICT DO NOTHING',
  ): Promise<number | undefined> => {
    const rows = await q<{ id: number }>(
      `INSERT INTO listings(authority, scheme, list, list_type, subject, version, noticed_at, state, effect_at, active_since, appealed, ended_at, end_reason, term, term_ends_at, received_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) ${onConflict} RETURNING id`,
      [r.authority, r.scheme, r.list, r.listType, r.subject, r.version, r.noticedAt, ...coreArgs(r)],
    );
    return rows[0]?.id;
  };
  return {
    async insertListing(r) {
      return (await insertListing(r, ''))!;
    },
    async insertListingIfNoneOpen(r) {
      // No row: listings_one_open already holds an open listing (waiting, if need be, for the transaction that inserted it).
      return insertListing(r, 'ON CONFLICT DO NOTHING');
    },
    async updateListing(id, c) {
      await run(
        'UPDATE listings SET state = $1, effect_at = $2, active_since = $3, appealed = $4, ended_at = $5, end_reason = $6, term = $7, term_ends_at = $8, received_at = $9 WHERE id = $10',
        [...coreArgs(c), id],
      );
    },
    async getListing(id) {
      return (await q<ListingRow>(`SELECT ${LISTING} FROM listings WHERE id = $1 FOR UPDATE`, [id]))[0];
    },
    async openListings(ref, subjects) {
      if (subjects.length === 0) return [];
      return q<ListingRow>(
        `SELECT ${LISTING} FROM listings WHERE authority = $1 AND scheme = $2 AND state <> 'ended' AND subject = ANY($3::text[]) ORDER BY id FOR UPDATE`,
        [ref.authority, ref.scheme, subjects],
      );
    },
    async openListingsBetween(ref, after, last) {
      return q<ListingRow>(
        `SELECT ${LISTING} FROM listings WHERE authority = $1 AND scheme = $2 AND state <> 'ended' AND subject > $3 AND subject <= $4 ORDER BY id FOR UPDATE`,
        [ref.authority, ref.scheme, after ?? '', last],
      );
    },
    async openListingsOfList(ref, list) {
      return q<ListingRow>(
        `SELECT ${LISTING} FROM listings WHERE authority = $1 AND scheme = $2 AND list = $3 AND state <> 'ended' ORDER BY id FOR UPDATE`,
        [ref.authority, ref.scheme, list],
      );
    },
    async listingsOfSubject(subject) {
      return q<ListingRow>(`SELECT ${LISTING} FROM listings WHERE subject = $1 ORDER BY id`, [subject]);
    },
    async dueListings(now, limit) {
      // A listing another sweep is activating is waited for, then left out if it is no longer noticed.
      return q<ListingRow>(
        `SELECT ${LISTING} FROM listings WHERE state <> 'ended' AND ${NEXT_DUE} <= $1 ORDER BY ${NEXT_DUE}, id LIMIT $2 FOR UPDATE`,
        [now, limit],
      );
    },
    async listingsOfState(state, limit) {
      return q<ListingRow>(`SELECT ${LISTING} FROM listings WHERE state = $1 ORDER BY id LIMIT $2`, [state, limit]);
    },
    async listingsOf(filter, page) {
      const w = where({
        authority: filter.authority,
        subject: filter.subject,
        state: filter.state,
        scheme: filter.scheme,
        list: filter.list,
      });
      const n = w.args.length;
      return q<ListingRow>(
        `SELECT ${LISTING} FROM listings ${w.sql ? `${w.sql} AND` : 'WHERE'} id > $${n + 1} ORDER BY id LIMIT $${n + 2}`,
        [...w.args, page.after ?? 0, page.limit],
      );
    },
    async countListings() {
      return q<{ state: string; count: number }>(
        'SELECT state, COUNT(*) AS count FROM listings GROUP BY state ORDER BY state',
      );
    },

    async putExemption(ref, list, subject, since) {
      await run(
        `INSERT INTO exemptions(authority, scheme, list, subject, since) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (authority, scheme, list, subject) DO UPDATE SET since = excluded.since`,
        [ref.authority, ref.scheme, list, subject, since],
      );
    },
    async getExemption(ref, list, subject) {
      const rows = await q<{ since: number }>(
        'SELECT since FROM exemptions WHERE authority = $1 AND scheme = $2 AND list = $3 AND subject = $4',
        [ref.authority, ref.scheme, list, subject],
      );
      return rows[0]?.since;
    },
    async deleteExemption(ref, list, subject) {
      await run('DELETE FROM exemptions WHERE authority = $1 AND scheme = $2 AND list = $3 AND subject = $4', [
        ref.authority,
        ref.scheme,
        list,
        subject,
      ]);
    },

    async replaceSanctions(listingId, rows) {
      await run('DELETE FROM active_sanctions WHERE listing_id = $1', [listingId]);
      if (rows.length === 0) return;
      await run(
        `INSERT INTO active_sanctions(listing_id, subject, action, effect, limit_json, authority, scheme, list, since)
         SELECT $1::bigint, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::bigint[])`,
        [
          listingId,
          rows.map((r) => r.subject),
          rows.map((r) => r.action),
          rows.map((r) => r.effect),
          rows.map((r) => (r.limit === null ? null : JSON.stringify(r.limit))),
          rows.map((r) => r.authority),
          rows.map((r) => r.scheme),
          rows.map((r) => r.list),
          rows.map((r) => r.since),
        ],
      );
    },
    async activeSanctions(subject, action) {
      const rows = await q<Omit<SanctionInForceRow, 'limit'> & { limit: string | null }>(
        `SELECT a.listing_id AS "listingId", a.subject, a.action, a.effect, a.limit_json AS "limit", a.authority,
                a.scheme, a.list, a.since, l.version
         FROM active_sanctions a LEFT JOIN listings l ON l.id = a.listing_id
         WHERE a.subject = $1 AND a.action = $2 ORDER BY a.listing_id`,
        [subject, action],
      );
      return rows.map((r) => ({
        ...r,
        limit: r.limit === null ? null : (JSON.parse(r.limit) as Record<string, number>),
      }));
    },
    async countSanctions() {
      return q<{ action: string; effect: string; count: number }>(
        'SELECT action, effect, COUNT(*) AS count FROM active_sanctions GROUP BY action, effect ORDER BY action, effect',
      );
    },

    async insertMessage(m) {
      const rows = await q<{ id: number }>(
        'INSERT INTO messages(subject, kind, listing_id, authority, at, body) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
        [m.subject, m.kind, m.listingId, m.authority, m.at, m.bodyJson ?? JSON.stringify(m.body)],
      );
      return rows[0]!.id;
    },
    async messagesOf(subject) {
      const rows = await q<Omit<MessageRow, 'body'> & { body: string }>(
        'SELECT id, subject, kind, listing_id AS "listingId", authority, at, body FROM inbox WHERE subject = $1 ORDER BY id',
        [subject],
      );
      return rows.map((r) => ({ ...r, body: JSON.parse(r.body) as Record<string, unknown> }));
    },

    async insertAppeal(a) {
      const rows = await q<{ id: number }>(
        `INSERT INTO appeals(listing_id, subject, authority, statement, filed_at, filed_by, late, deadline, state, decided_by, decided_at, reasons, retracted, exempt)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
        [
          a.listingId,
          a.subject,
          a.authority,
          a.statement,
          a.filedAt,
          a.filedBy,
          a.late,
          a.deadline,
          a.state,
          a.decidedBy,
          a.decidedAt,
          a.reasons,
          a.retracted,
          a.exempt,
        ],
      );
      return rows[0]!.id;
    },
    async getAppeal(id) {
      return (await q<AppealRow>(`SELECT ${APPEAL} FROM appeals WHERE id = $1 FOR UPDATE`, [id]))[0];
    },
    async updateAppeal(a) {
      await run(
        'UPDATE appeals SET state = $1, decided_by = $2, decided_at = $3, reasons = $4, retracted = $5, exempt = $6 WHERE id = $7',
        [a.state, a.decidedBy, a.decidedAt, a.reasons, a.retracted, a.exempt, a.id],
      );
    },
    async appealsOf(filter) {
      const w = where({ authority: filter.authority, subject: filter.subject, state: filter.state });
      return q<AppealRow>(`SELECT ${APPEAL} FROM appeals ${w.sql} ORDER BY deadline, id`, w.args);
    },

    async insertDispute(d) {
      const rows = await q<{ id: number }>(
        `INSERT INTO disputes(authority, key, subject, statement, filed_at, filed_by, state, decided_by, decided_at, reasons, deadline_at, overdue_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT DO NOTHING RETURNING id`,
        [
          d.authority,
          d.key,
          d.subject,
          d.statement,
          d.filedAt,
          d.filedBy,
          d.state,
          d.decidedBy,
          d.decidedAt,
          d.reasons,
          d.deadlineAt,
          d.overdueAt,
        ],
      );
      // No row: disputes_one_pending already holds a pending dispute of the record.
      return rows[0]?.id;
    },
    async getDispute(id) {
      return (await q<DisputeRow>(`SELECT ${DISPUTE} FROM disputes WHERE id = $1 FOR UPDATE`, [id]))[0];
    },
    async updateDispute(d) {
      await run(
        'UPDATE disputes SET state = $1, decided_by = $2, decided_at = $3, reasons = $4, overdue_at = $5 WHERE id = $6',
        [d.state, d.decidedBy, d.decidedAt, d.reasons, d.overdueAt, d.id],
      );
    },
    async disputesOf(filter) {
      const w = where({ authority: filter.authority, subject: filter.subject, state: filter.state, key: filter.key });
      return q<DisputeRow>(`SELECT ${DISPUTE} FROM disputes ${w.sql} ORDER BY filed_at, id`, w.args);
    },
    async pendingDisputesOf(subjects) {
      if (subjects.length === 0) return [];
      return q<DisputeRow>(
        `SELECT ${DISPUTE} FROM disputes WHERE state = 'pending' AND subject = ANY($1::text[]) ORDER BY id`,
        [subjects],
      );
    },
    async overdueDisputes(now, limit) {
      return q<DisputeRow>(
        `SELECT ${DISPUTE} FROM disputes WHERE state = 'pending' AND overdue_at IS NULL AND ${DISPUTE_DUE} <= $1
         ORDER BY ${DISPUTE_DUE}, id LIMIT $2`,
        [now, limit],
      );
    },

    async insertAccount(a) {
      return (
        (await run(
          'INSERT INTO accounts(name, authority, roles, subject, created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING',
          [a.name, a.authority, a.roles, a.subject, a.createdAt],
        )) === 1
      );
    },
    async getAccount(name) {
      return (await q<AccountRow>(`SELECT ${ACCOUNT} FROM accounts WHERE name = $1`, [name]))[0];
    },
    async accountLanguage(name) {
      const r = await q<{ language: string }>('SELECT language FROM account_settings WHERE account = $1', [name]);
      return r[0]?.language ?? null;
    },
    async setAccountLanguage(name, language) {
      if (language === null) await q('DELETE FROM account_settings WHERE account = $1', [name]);
      else
        await q(
          'INSERT INTO account_settings (account, language) VALUES ($1, $2) ON CONFLICT (account) DO UPDATE SET language = EXCLUDED.language',
          [name, language],
        );
    },
    async listAccounts() {
      return q<AccountRow>(`SELECT ${ACCOUNT} FROM accounts ORDER BY name`);
    },
  };
}
