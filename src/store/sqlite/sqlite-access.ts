import type Database from 'better-sqlite3';
import { decisionIds, type DecisionIds } from '../decision-id.js';

/*
 * What the SQLite access log has that PostgreSQL's has not: decision ids made from row ids with
 * a key the database keeps, and the group-commit thread's own insert. The repository itself is
 * written once (src/store/sql/access-repo.ts).
 */

/** One access-log entry, as the writer thread (sqlite-access-writer.ts) inserts it. */
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
