import type { ListingCore } from '../../core/listing-machine.js';
import type {
  ActiveSanctionRow,
  AccountRow,
  AppealRow,
  DisputeRow,
  DueProcessRepo,
  ListingRow,
  MessageRow,
  NewListing,
} from '../due-process-port.js';
import type { SqliteContext } from './sqlite-context.js';

/** A dispute's deadline: stored, else (filed before migration 7) filing + P30D. */
const DISPUTE_DUE = 'COALESCE(deadline_at, filed_at + 2592000000)';

/** The indexed expression of listings_next: a listing's next time-driven instant. */
const NEXT_DUE = `(CASE WHEN state = 'noticed' THEN (CASE WHEN received_at IS NULL THEN noticed_at + 172800000 ELSE effect_at END) ELSE term_ends_at END)`;

interface ListingDb {
  id: number;
  authority: string;
  scheme: string;
  list: string;
  list_type: ListingRow['listType'];
  subject: string;
  version: number;
  state: ListingRow['state'];
  noticed_at: number;
  effect_at: number;
  active_since: number | null;
  appealed: number;
  ended_at: number | null;
  end_reason: ListingRow['endReason'];
  term: string | null;
  term_ends_at: number | null;
  received_at: number | null;
}

const toListing = (r: ListingDb): ListingRow => ({
  id: r.id,
  authority: r.authority,
  scheme: r.scheme,
  list: r.list,
  listType: r.list_type,
  subject: r.subject,
  version: r.version,
  state: r.state,
  noticedAt: r.noticed_at,
  effectAt: r.effect_at,
  activeSince: r.active_since,
  appealed: r.appealed === 1,
  endedAt: r.ended_at,
  endReason: r.end_reason,
  term: r.term,
  termEndsAt: r.term_ends_at,
  receivedAt: r.received_at,
});

interface AppealDb {
  id: number;
  listing_id: number;
  subject: string;
  authority: string;
  statement: string;
  filed_at: number;
  filed_by: string | null;
  late: number;
  deadline: number;
  state: AppealRow['state'];
  decided_by: string | null;
  decided_at: number | null;
  reasons: string | null;
  retracted: string;
  exempt: number;
}

const toAppeal = (r: AppealDb): AppealRow => ({
  id: r.id,
  listingId: r.listing_id,
  subject: r.subject,
  authority: r.authority,
  statement: r.statement,
  filedAt: r.filed_at,
  filedBy: r.filed_by,
  late: r.late === 1,
  deadline: r.deadline,
  state: r.state,
  decidedBy: r.decided_by,
  decidedAt: r.decided_at,
  reasons: r.reasons,
  retracted: JSON.parse(r.retracted) as string[],
  exempt: r.exempt === 1,
});

interface DisputeDb {
  id: number;
  authority: string;
  key: string;
  subject: string;
  statement: string;
  filed_at: number;
  filed_by: string | null;
  state: DisputeRow['state'];
  decided_by: string | null;
  decided_at: number | null;
  reasons: string | null;
  deadline_at: number | null;
  overdue_at: number | null;
}

interface MessageDb {
  id: number;
  subject: string;
  kind: MessageRow['kind'];
  listing_id: number | null;
  authority: string;
  at: number;
  body: string;
}

const toMessage = (r: MessageDb): MessageRow => ({
  id: r.id,
  subject: r.subject,
  kind: r.kind,
  listingId: r.listing_id,
  authority: r.authority,
  at: r.at,
  body: JSON.parse(r.body) as Record<string, unknown>,
});

const toDispute = (r: DisputeDb): DisputeRow => ({
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

/** Builds a WHERE clause from the present filter fields. */
function where(filter: Readonly<Record<string, string | undefined>>): { sql: string; args: string[] } {
  const parts: string[] = [];
  const args: string[] = [];
  for (const [k, v] of Object.entries(filter)) {
    if (v === undefined) continue;
    parts.push(`${k} = ?`);
    args.push(v);
  }
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', args };
}

export function dueProcessRepo({ st, json }: SqliteContext): DueProcessRepo {
  const coreArgs = (c: ListingCore): unknown[] => [
    c.state,
    c.effectAt,
    c.activeSince,
    c.appealed ? 1 : 0,
    c.endedAt,
    c.endReason,
    c.term,
    c.termEndsAt,
    c.receivedAt,
  ];
  const insertListing = (r: NewListing, onConflict: '' | 'ON CONFLICT DO NOTHING'): number | undefined => {
    const info = st(
      `INSERT INTO listings(authority, scheme, list, list_type, subject, version, noticed_at, state, effect_at, active_since, appealed, ended_at, end_reason, term, term_ends_at, received_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ${onConflict}`,
    ).run(r.authority, r.scheme, r.list, r.listType, r.subject, r.version, r.noticedAt, ...coreArgs(r));
    return info.changes === 0 ? undefined : Number(info.lastInsertRowid);
  };
  return {
    async insertListing(r) {
      return insertListing(r, '')!;
    },
    async insertListingIfNoneOpen(r) {
      // No change: listings_one_open already holds an open listing of the subject on the list.
      return insertListing(r, 'ON CONFLICT DO NOTHING');
    },
    async updateListing(id, c) {
      st(
        'UPDATE listings SET state = ?, effect_at = ?, active_since = ?, appealed = ?, ended_at = ?, end_reason = ?, term = ?, term_ends_at = ?, received_at = ? WHERE id = ?',
      ).run(...coreArgs(c), id);
    },
    async getListing(id) {
      const r = st('SELECT * FROM listings WHERE id = ?').get(id) as ListingDb | undefined;
      return r && toListing(r);
    },
    async openListings(ref, subjects) {
      if (subjects.length === 0) return [];
      const rows = st(
        `SELECT * FROM listings WHERE authority = ? AND scheme = ? AND state <> 'ended' AND subject IN (SELECT value FROM json_each(?)) ORDER BY id`,
      ).all(ref.authority, ref.scheme, json(subjects)) as ListingDb[];
      return rows.map(toListing);
    },
    async openListingsBetween(ref, after, last) {
      const rows = st(
        `SELECT * FROM listings WHERE authority = ? AND scheme = ? AND state <> 'ended' AND subject > ? AND subject <= ? ORDER BY id`,
      ).all(ref.authority, ref.scheme, after ?? '', last) as ListingDb[];
      return rows.map(toListing);
    },
    async openListingsOfList(ref, list) {
      const rows = st(
        `SELECT * FROM listings WHERE authority = ? AND scheme = ? AND list = ? AND state <> 'ended' ORDER BY id`,
      ).all(ref.authority, ref.scheme, list) as ListingDb[];
      return rows.map(toListing);
    },
    async listingsOfSubject(subject) {
      return (st('SELECT * FROM listings WHERE subject = ? ORDER BY id').all(subject) as ListingDb[]).map(toListing);
    },
    async dueListings(now, limit) {
      const rows = st(
        `SELECT * FROM listings WHERE state <> 'ended' AND ${NEXT_DUE} <= ? ORDER BY ${NEXT_DUE}, id LIMIT ?`,
      ).all(now, limit) as ListingDb[];
      return rows.map(toListing);
    },
    async listingsOfState(state, limit) {
      return (st('SELECT * FROM listings WHERE state = ? ORDER BY id LIMIT ?').all(state, limit) as ListingDb[]).map(
        toListing,
      );
    },
    async listingsOf(filter, page) {
      const w = where({
        authority: filter.authority,
        subject: filter.subject,
        state: filter.state,
        scheme: filter.scheme,
        list: filter.list,
      });
      const sql = `SELECT * FROM listings ${w.sql ? `${w.sql} AND` : 'WHERE'} id > ? ORDER BY id LIMIT ?`;
      return (st(sql).all(...w.args, page.after ?? 0, page.limit) as ListingDb[]).map(toListing);
    },
    async countListings() {
      return st('SELECT state, COUNT(*) AS count FROM listings GROUP BY state ORDER BY state').all() as {
        state: string;
        count: number;
      }[];
    },

    async putExemption(ref, list, subject, since) {
      st(
        'INSERT INTO exemptions(authority, scheme, list, subject, since) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET since = excluded.since',
      ).run(ref.authority, ref.scheme, list, subject, since);
    },
    async getExemption(ref, list, subject) {
      const r = st('SELECT since FROM exemptions WHERE authority = ? AND scheme = ? AND list = ? AND subject = ?').get(
        ref.authority,
        ref.scheme,
        list,
        subject,
      ) as { since: number } | undefined;
      return r?.since;
    },
    async deleteExemption(ref, list, subject) {
      st('DELETE FROM exemptions WHERE authority = ? AND scheme = ? AND list = ? AND subject = ?').run(
        ref.authority,
        ref.scheme,
        list,
        subject,
      );
    },

    async replaceSanctions(listingId, rows) {
      st('DELETE FROM active_sanctions WHERE listing_id = ?').run(listingId);
      const ins = st(
        'INSERT INTO active_sanctions(listing_id, subject, action, effect, limit_json, authority, scheme, list, since) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      );
      for (const r of rows)
        ins.run(
          listingId,
          r.subject,
          r.action,
          r.effect,
          r.limit === null ? null : JSON.stringify(r.limit),
          r.authority,
          r.scheme,
          r.list,
          r.since,
        );
    },
    async activeSanctions(subject, action) {
      const rows = st(
        `SELECT a.*, l.version FROM active_sanctions a LEFT JOIN listings l ON l.id = a.listing_id
         WHERE a.subject = ? AND a.action = ? ORDER BY a.listing_id`,
      ).all(subject, action) as {
        version: number | null;
        listing_id: number;
        subject: string;
        action: string;
        effect: ActiveSanctionRow['effect'];
        limit_json: string | null;
        authority: string;
        scheme: string;
        list: string;
        since: number;
      }[];
      return rows.map((r) => ({
        listingId: r.listing_id,
        subject: r.subject,
        action: r.action,
        effect: r.effect,
        limit: r.limit_json === null ? null : (JSON.parse(r.limit_json) as Record<string, number>),
        authority: r.authority,
        scheme: r.scheme,
        list: r.list,
        since: r.since,
        version: r.version,
      }));
    },
    async countSanctions() {
      return st(
        'SELECT action, effect, COUNT(*) AS count FROM active_sanctions GROUP BY action, effect ORDER BY action, effect',
      ).all() as {
        action: string;
        effect: string;
        count: number;
      }[];
    },

    async insertMessage(m) {
      const info = st(
        'INSERT INTO messages(subject, kind, listing_id, authority, at, body) VALUES (?, ?, ?, ?, ?, ?)',
      ).run(m.subject, m.kind, m.listingId, m.authority, m.at, m.bodyJson ?? JSON.stringify(m.body));
      return Number(info.lastInsertRowid);
    },
    async messagesOf(subject) {
      const rows = st('SELECT * FROM inbox WHERE subject = ? ORDER BY id').all(subject) as MessageDb[];
      return rows.map(toMessage);
    },

    async insertAppeal(a) {
      const info = st(
        `INSERT INTO appeals(listing_id, subject, authority, statement, filed_at, filed_by, late, deadline, state, decided_by, decided_at, reasons, retracted, exempt)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        a.listingId,
        a.subject,
        a.authority,
        a.statement,
        a.filedAt,
        a.filedBy,
        a.late ? 1 : 0,
        a.deadline,
        a.state,
        a.decidedBy,
        a.decidedAt,
        a.reasons,
        JSON.stringify(a.retracted),
        a.exempt ? 1 : 0,
      );
      return Number(info.lastInsertRowid);
    },
    async getAppeal(id) {
      const r = st('SELECT * FROM appeals WHERE id = ?').get(id) as AppealDb | undefined;
      return r && toAppeal(r);
    },
    async updateAppeal(a) {
      st(
        'UPDATE appeals SET state = ?, decided_by = ?, decided_at = ?, reasons = ?, retracted = ?, exempt = ? WHERE id = ?',
      ).run(a.state, a.decidedBy, a.decidedAt, a.reasons, JSON.stringify(a.retracted), a.exempt ? 1 : 0, a.id);
    },
    async appealsOf(filter) {
      const w = where({ authority: filter.authority, subject: filter.subject, state: filter.state });
      return (st(`SELECT * FROM appeals ${w.sql} ORDER BY deadline, id`).all(...w.args) as AppealDb[]).map(toAppeal);
    },

    async insertDispute(d) {
      const info = st(
        `INSERT INTO disputes(authority, key, subject, statement, filed_at, filed_by, state, decided_by, decided_at, reasons, deadline_at, overdue_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
      ).run(
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
      );
      // No change: disputes_one_pending already holds a pending dispute of the record.
      return info.changes === 0 ? undefined : Number(info.lastInsertRowid);
    },
    async getDispute(id) {
      const r = st('SELECT * FROM disputes WHERE id = ?').get(id) as DisputeDb | undefined;
      return r && toDispute(r);
    },
    async updateDispute(d) {
      st('UPDATE disputes SET state = ?, decided_by = ?, decided_at = ?, reasons = ?, overdue_at = ? WHERE id = ?').run(
        d.state,
        d.decidedBy,
        d.decidedAt,
        d.reasons,
        d.overdueAt,
        d.id,
      );
    },
    async disputesOf(filter) {
      const w = where({ authority: filter.authority, subject: filter.subject, state: filter.state, key: filter.key });
      return (st(`SELECT * FROM disputes ${w.sql} ORDER BY filed_at, id`).all(...w.args) as DisputeDb[]).map(toDispute);
    },
    async pendingDisputesOf(subjects) {
      if (subjects.length === 0) return [];
      return (
        st(
          `SELECT * FROM disputes WHERE state = 'pending' AND subject IN (SELECT value FROM json_each(?)) ORDER BY id`,
        ).all(JSON.stringify(subjects)) as DisputeDb[]
      ).map(toDispute);
    },
    async overdueDisputes(now, limit) {
      return (
        st(
          `SELECT * FROM disputes WHERE state = 'pending' AND overdue_at IS NULL AND ${DISPUTE_DUE} <= ? ORDER BY ${DISPUTE_DUE}, id LIMIT ?`,
        ).all(now, limit) as DisputeDb[]
      ).map(toDispute);
    },

    async insertAccount(a) {
      return (
        st('INSERT OR IGNORE INTO accounts(name, authority, roles, subject, created_at) VALUES (?, ?, ?, ?, ?)').run(
          a.name,
          a.authority,
          JSON.stringify(a.roles),
          a.subject,
          a.createdAt,
        ).changes === 1
      );
    },
    async getAccount(name) {
      const r = st('SELECT * FROM accounts WHERE name = ?').get(name) as
        | { name: string; authority: string | null; roles: string; subject: string | null; created_at: number }
        | undefined;
      return (
        r && {
          name: r.name,
          authority: r.authority,
          roles: JSON.parse(r.roles) as AccountRow['roles'],
          subject: r.subject,
          createdAt: r.created_at,
        }
      );
    },
    async accountLanguage(name) {
      const r = st('SELECT language FROM account_settings WHERE account = ?').get(name) as
        | { language: string }
        | undefined;
      return r?.language ?? null;
    },
    async setAccountLanguage(name, language) {
      if (language === null) st('DELETE FROM account_settings WHERE account = ?').run(name);
      else
        st(
          'INSERT INTO account_settings (account, language) VALUES (?, ?) ON CONFLICT (account) DO UPDATE SET language = excluded.language',
        ).run(name, language);
    },
    async listAccounts() {
      const rows = st('SELECT * FROM accounts ORDER BY name').all() as {
        name: string;
        authority: string | null;
        roles: string;
        subject: string | null;
        created_at: number;
      }[];
      return rows.map((r) => ({
        name: r.name,
        authority: r.authority,
        roles: JSON.parse(r.roles) as AccountRow['roles'],
        subject: r.subject,
        createdAt: r.created_at,
      }));
    },
  };
}
