import { randomUUID } from 'node:crypto';
import { sql as raw, type Selectable } from 'kysely';
import type { AccessEffect, AccessRepo, AccessRow, PartyRow } from '../access-port.js';
import { compiledOnce, compiledOnceIn } from './compiled.js';
import type { SqlRunner } from './dialect.js';
import type { AccessLogTable } from './tables.js';

/*
 * Relying parties, their entitlements and the access log (SPEC §4): one implementation for
 * SQLite and PostgreSQL. A check's append on a SQLite file does not come here: it goes to the
 * access log's own thread (src/store/sqlite/sqlite-access-writer.ts, `Store.appendAccess`),
 * which group-commits concurrent checks with its own prepared statement.
 *
 * Decision ids (docs/decisions.md, "Complete statements of reasons and citable decisions"):
 * where the runner has `decisionIds` (SQLite), an entry's id is its row id encrypted, and the
 * row keeps NULL in `decision` (rows logged before then keep their random id); elsewhere
 * (PostgreSQL) each entry keeps a random id in `decision`.
 */

// The hot reads and writes of a check, compiled once per dialect.
const entitled = compiledOnce(2, (sql, party: string, action: string) =>
  sql
    .selectFrom('entitlements')
    .select((eb) => eb.lit(1).as('one'))
    .where('party', '=', party)
    .where('action', '=', action),
);
const insertOne = compiledOnce(5, (sql, subject: string, party: string, action: string, effect: string, at: number) =>
  sql.insertInto('access_log').values({ subject, party, action, effect, at }).returning('id'),
);
// One statement for a batch, its rows one JSON parameter (a text for any batch size), in order.
const insertBatch = compiledOnceIn(1, (dialect, json: string) =>
  dialect.sql
    .insertInto('access_log')
    .columns(['subject', 'party', 'action', 'effect', 'at', 'decision'])
    .expression(
      dialect.rows(json, {
        subject: 'text',
        party: 'text',
        action: 'text',
        effect: 'text',
        at: 'bigint',
        decision: 'text',
      }) as never,
    )
    .compile(),
);

const ROW = ['id', 'subject', 'party', 'action', 'effect', 'at', 'decision'] as const;
/** A subject's checks: read for every sanction that comes into force or is lifted (who to tell), so compiled once. */
const ACCESS_LOG_OF = compiledOnce(1, (sql, subject: string) =>
  sql.selectFrom('access_log').select(ROW).where('subject', '=', subject).orderBy('id'),
);

export function accessRepo({ dialect, all, run, decisionIds }: SqlRunner): AccessRepo {
  const { sql } = dialect;
  const accessRow = (r: Selectable<AccessLogTable>): AccessRow => ({
    id: r.id,
    subject: r.subject,
    party: r.party,
    action: r.action,
    effect: r.effect as AccessEffect,
    at: r.at,
    decision: r.decision ?? (decisionIds === undefined ? null : decisionIds().encode(r.id)),
  });
  const access = () => sql.selectFrom('access_log').select(ROW);
  /** Parties (all, or the one named) with their entitlements in name order. */
  const partiesWith = async (name: string | null): Promise<PartyRow[]> => {
    const parties = sql.selectFrom('relying_parties').$if(name !== null, (q) => q.where('name', '=', name!));
    const rows = await all<{ name: string; created_at: number }>(
      parties.select(['name', 'created_at']).orderBy('name').compile(),
    );
    const ents = await all<{ party: string; action: string }>(
      sql
        .selectFrom('entitlements')
        .select(['party', 'action'])
        .where('party', 'in', parties.select('name'))
        .orderBy('party')
        .orderBy('action')
        .compile(),
    );
    const byParty = new Map<string, string[]>();
    for (const e of ents) {
      let list = byParty.get(e.party);
      if (!list) byParty.set(e.party, (list = []));
      list.push(e.action);
    }
    return rows.map((p) => ({ name: p.name, createdAt: p.created_at, actions: byParty.get(p.name) ?? [] }));
  };
  return {
    async addParty(name, at) {
      const q = sql
        .insertInto('relying_parties')
        .values({ name, created_at: at })
        .onConflict((oc) => oc.doNothing());
      return (await run(q.compile())) === 1;
    },
    async getParty(name) {
      return (await partiesWith(name))[0];
    },
    async listParties() {
      return partiesWith(null);
    },
    async entitle(party, action, at) {
      const q = sql
        .insertInto('entitlements')
        .values({ party, action, granted_at: at })
        .onConflict((oc) => oc.doNothing());
      return (await run(q.compile())) === 1;
    },
    async isEntitled(party, action) {
      return (await all(entitled(dialect, party, action))).length > 0;
    },
    async entitlementsOf(party) {
      const q = sql.selectFrom('entitlements').select('action').where('party', '=', party).orderBy('action');
      return (await all<{ action: string }>(q.compile())).map((r) => r.action);
    },
    async appendAccess(rows) {
      if (rows.length === 0) return [];
      if (decisionIds !== undefined) {
        // One insert per entry, in order, each answering its row id: the id its decision id encrypts.
        const codec = decisionIds();
        const out: string[] = [];
        for (const r of rows) {
          const [row] = await all<{ id: number }>(insertOne(dialect, r.subject, r.party, r.action, r.effect, r.at));
          out.push(codec.encode(row!.id));
        }
        return out;
      }
      // Random ids, kept in the row: a batch's RETURNING order is not promised, so ids cannot be
      // paired with entries by their row ids. The rows are inserted in the batch's order.
      const decisions = rows.map(() => randomUUID());
      await run(
        insertBatch(
          dialect,
          JSON.stringify(
            rows.map((r, i) => ({
              subject: r.subject,
              party: r.party,
              action: r.action,
              effect: r.effect,
              at: r.at,
              decision: decisions[i],
            })),
          ),
        ),
      );
      return decisions;
    },
    async accessLogOf(subject) {
      return (await all<Selectable<AccessLogTable>>(ACCESS_LOG_OF(dialect, subject))).map(accessRow);
    },
    async accessByDecision(decision) {
      // An id made from a row id leads to its row, unless that row was logged with a random id
      // of its own; any other text can only be such a random id (a random id decodes as a row
      // id with odds of 2^-64).
      const id = decisionIds?.().decode(decision);
      const q =
        id === undefined
          ? access().where('decision', '=', decision)
          : access().where('id', '=', id).where('decision', 'is', null);
      const [r] = await all<Selectable<AccessLogTable>>(q.compile());
      return r === undefined ? undefined : accessRow(r);
    },
    async countAccess() {
      const q = sql.selectFrom('access_log').select((eb) => eb.fn.countAll<number>().as('n'));
      return (await all<{ n: number }>(q.compile()))[0]!.n;
    },
    async deleteAccessBefore({ before, party, except, limit }) {
      const oldest = sql
        .selectFrom('access_log as a')
        .select('a.id')
        .where('a.at', '<', before)
        .where((eb) => (party === null ? eb.not(dialect.oneOf('a.party', except)) : eb('a.party', '=', party)))
        // Kept while the subject has a listing not yet ended ('ended' a literal, as the partial indexes say it).
        .where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom('listings as l')
                .select(raw.lit(1).as('one'))
                .whereRef('l.subject', '=', 'a.subject')
                .where('l.state', '<>', raw.lit('ended')),
            ),
          ),
        )
        .orderBy('a.id')
        .limit(limit);
      return run(sql.deleteFrom('access_log').where('id', 'in', oldest).compile());
    },
  };
}
