import { randomUUID } from 'node:crypto';
import type { AccessRepo, AccessRow, PartyRow } from '../access-port.js';
import type { PostgresContext } from './postgres-context.js';

/** Relying parties, entitlements and the access log. */
export function accessRepo({ q, run }: PostgresContext): AccessRepo {
  const partiesWith = async (name: string | null): Promise<PartyRow[]> => {
    // One statement: each party with its entitlements in name order ('{}' when it has none).
    return q<PartyRow>(
      `SELECT p.name, p.created_at AS "createdAt",
         COALESCE((SELECT array_agg(e.action ORDER BY e.action) FROM entitlements e WHERE e.party = p.name), '{}') AS actions
       FROM relying_parties p WHERE $1::text IS NULL OR p.name = $1 ORDER BY p.name`,
      [name],
    );
  };
  return {
    async addParty(name, at) {
      return (
        (await run('INSERT INTO relying_parties(name, created_at) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
          name,
          at,
        ])) === 1
      );
    },
    async getParty(name) {
      return (await partiesWith(name))[0];
    },
    async listParties() {
      return partiesWith(null);
    },
    async entitle(party, action, at) {
      return (
        (await run('INSERT INTO entitlements(party, action, granted_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [
          party,
          action,
          at,
        ])) === 1
      );
    },
    async isEntitled(party, action) {
      return (await q('SELECT 1 FROM entitlements WHERE party = $1 AND action = $2', [party, action])).length > 0;
    },
    async entitlementsOf(party) {
      return (
        await q<{ action: string }>('SELECT action FROM entitlements WHERE party = $1 ORDER BY action', [party])
      ).map((r) => r.action);
    },
    async appendAccess(rows) {
      if (rows.length === 0) return [];
      // Random ids, kept in the row: a batch's RETURNING order is not promised, so ids cannot be
      // paired with entries by their serial ids as SQLite's are (core/decision-id.ts).
      const decisions = rows.map(() => randomUUID());
      // unnest keeps the batch's order, so ids follow it as SQLite's row-by-row inserts do.
      await run(
        'INSERT INTO access_log(subject, party, action, effect, at, decision) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::text[])',
        [
          rows.map((r) => r.subject),
          rows.map((r) => r.party),
          rows.map((r) => r.action),
          rows.map((r) => r.effect),
          rows.map((r) => r.at),
          decisions,
        ],
      );
      return decisions;
    },
    async accessLogOf(subject) {
      return q<AccessRow>(
        'SELECT id, subject, party, action, effect, at, decision FROM access_log WHERE subject = $1 ORDER BY id',
        [subject],
      );
    },
    async accessByDecision(decision) {
      return (
        await q<AccessRow>(
          'SELECT id, subject, party, action, effect, at, decision FROM access_log WHERE decision = $1',
          [decision],
        )
      )[0];
    },
    async countAccess() {
      return (await q<{ n: number }>('SELECT COUNT(*) AS n FROM access_log'))[0]!.n;
    },
    async deleteAccessBefore({ before, party, except, limit }) {
      return run(
        `DELETE FROM access_log WHERE id IN (
           SELECT a.id FROM access_log a
            WHERE a.at < $1 AND (CASE WHEN $2::text IS NULL THEN a.party <> ALL($3::text[]) ELSE a.party = $2 END)
              AND NOT EXISTS (SELECT 1 FROM listings l WHERE l.subject = a.subject AND l.state <> 'ended')
            ORDER BY a.id LIMIT $4)`,
        [before, party, [...except], limit],
      );
    },
  };
}
