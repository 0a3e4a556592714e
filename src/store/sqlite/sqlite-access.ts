import type Database from 'better-sqlite3';
import { decisionIds, type DecisionIds } from '../decision-id.js';
import type { AccessEffect, AccessRepo, AccessRow, PartyRow } from '../access-port.js';
import type { SqliteContext } from './sqlite-context.js';

/** One access-log entry; the writer thread (sqlite-access-writer.ts) runs the same statement. */
export const ACCESS_INSERT = 'INSERT INTO access_log(subject, party, action, effect, at) VALUES (?, ?, ?, ?, ?)';

/** The meta key of the database's decision-id key (16 random bytes in hex, made when the store is opened). */
export const DECISION_KEY = 'decision_key';

/** Gives the database its decision-id key if it has none yet (a write: on the store's writing connection). */
export function ensureDecisionKey(db: Database.Database, keyHex: string): void {
  db.prepare('INSERT OR IGNORE INTO meta(key, value) VALUES (?, ?)').run(DECISION_KEY, keyHex);
}

const codecs = new WeakMap<Database.Database, DecisionIds>();

/** The decision ids of the database behind `db` (any of its connections), read once per connection. */
export function decisionIdsOf(db: Database.Database): DecisionIds {
  let c = codecs.get(db);
  if (c === undefined) {
    const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(DECISION_KEY) as { value: string } | undefined;
    if (row === undefined) throw new Error('the database has no decision-id key; open it with openSqliteStore');
    codecs.set(db, (c = decisionIds(row.value)));
  }
  return c;
}

interface AccessDb {
  id: number;
  subject: string;
  party: string;
  action: string;
  effect: AccessEffect;
  at: number;
  decision: string | null;
}

/** Relying parties, entitlements and the access log. */
export function accessRepo({ db, st, json }: SqliteContext): AccessRepo {
  const ids = (): DecisionIds => decisionIdsOf(db);
  const accessRow = (r: AccessDb): AccessRow => ({
    id: r.id,
    subject: r.subject,
    party: r.party,
    action: r.action,
    effect: r.effect,
    at: r.at,
    decision: r.decision ?? ids().encode(r.id),
  });
  const ROW = 'SELECT id, subject, party, action, effect, at, decision FROM access_log';
  const partiesWith = (where: string, ...params: string[]): PartyRow[] => {
    const parties = st(`SELECT name, created_at FROM relying_parties ${where} ORDER BY name`).all(...params) as {
      name: string;
      created_at: number;
    }[];
    const ents = st(
      `SELECT party, action FROM entitlements WHERE party IN (SELECT name FROM relying_parties ${where}) ORDER BY party, action`,
    ).all(...params) as { party: string; action: string }[];
    const byParty = new Map<string, string[]>();
    for (const e of ents) {
      let list = byParty.get(e.party);
      if (!list) byParty.set(e.party, (list = []));
      list.push(e.action);
    }
    return parties.map((p) => ({ name: p.name, createdAt: p.created_at, actions: byParty.get(p.name) ?? [] }));
  };
  return {
    async addParty(name, at) {
      return st('INSERT OR IGNORE INTO relying_parties(name, created_at) VALUES (?, ?)').run(name, at).changes === 1;
    },
    async getParty(name) {
      return partiesWith('WHERE name = ?', name)[0];
    },
    async listParties() {
      return partiesWith('');
    },
    async entitle(party, action, at) {
      return (
        st('INSERT OR IGNORE INTO entitlements(party, action, granted_at) VALUES (?, ?, ?)').run(party, action, at)
          .changes === 1
      );
    },
    async isEntitled(party, action) {
      return st('SELECT 1 FROM entitlements WHERE party = ? AND action = ?').get(party, action) !== undefined;
    },
    async entitlementsOf(party) {
      return (
        st('SELECT action FROM entitlements WHERE party = ? ORDER BY action').all(party) as { action: string }[]
      ).map((r) => r.action);
    },
    async appendAccess(rows) {
      const ins = st(ACCESS_INSERT);
      const codec = ids();
      return rows.map((r) =>
        codec.encode(Number(ins.run(r.subject, r.party, r.action, r.effect, r.at).lastInsertRowid)),
      );
    },
    async accessLogOf(subject) {
      return (st(`${ROW} WHERE subject = ? ORDER BY id`).all(subject) as AccessDb[]).map(accessRow);
    },
    async accessByDecision(decision) {
      // An id made from a row id leads to its row, unless that row was logged with a random id
      // of its own; any other text can only be such a random id (a random id decodes as a row
      // id with odds of 2^-64).
      const id = ids().decode(decision);
      const r = (
        id === undefined
          ? st(`${ROW} WHERE decision = ?`).get(decision)
          : st(`${ROW} WHERE id = ? AND decision IS NULL`).get(id)
      ) as AccessDb | undefined;
      return r === undefined ? undefined : accessRow(r);
    },
    async countAccess() {
      return (st('SELECT COUNT(*) AS n FROM access_log').get() as { n: number }).n;
    },
    async deleteAccessBefore({ before, party, except, limit }) {
      const which = party === null ? 'a.party NOT IN (SELECT value FROM json_each(?))' : 'a.party = ?';
      return st(
        `DELETE FROM access_log WHERE id IN (
           SELECT a.id FROM access_log a
            WHERE a.at < ? AND ${which}
              AND NOT EXISTS (SELECT 1 FROM listings l WHERE l.subject = a.subject AND l.state <> 'ended')
            ORDER BY a.id LIMIT ?)`,
      ).run(before, party === null ? json(except) : party, limit).changes;
    },
  };
}
