import pg from 'pg';
import type { CompiledQuery } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropSchema, TEST_PG_URL } from '../../test-support/postgres.js';
import { appealsRepo } from '../sql/appeals-repo.js';
import { POSTGRES_DIALECT, type SqlRunner } from '../sql/dialect.js';
import { listingsRepo } from '../sql/listings-repo.js';
import { openPostgresStore } from './postgres-store.js';

/*
 * The due-process reads written once keep the literals of the partial and expression indexes'
 * conditions in their text (docs/decisions.md, "Due process, written once"). PostgreSQL runs
 * them as prepared statements, which turn to a generic plan after a few executions; a generic
 * plan cannot use a partial index whose condition the query states with a parameter ('ended'
 * or 'pending' bound), and would scan every listing or dispute.
 */

const url = TEST_PG_URL;
const schema = `t_plans_${process.pid}_${Date.now().toString(36)}`;

/** The queries one repository call compiles (recorded, not run). */
async function compiled(call: (sql: SqlRunner) => Promise<unknown>): Promise<CompiledQuery[]> {
  const seen: CompiledQuery[] = [];
  const record = async (q: CompiledQuery) => (seen.push(q), [] as never[]);
  await call({
    dialect: POSTGRES_DIALECT,
    all: record,
    tuples: record,
    run: async (q) => (await record(q)).length,
    runEach: async (q, params) => {
      for (const parameters of params) await record({ ...q, parameters });
      return params.map(() => 0);
    },
    copyFrom: async () => undefined,
  });
  return seen;
}

const ref = { authority: 'city', scheme: 'fare' };

describe.skipIf(url === undefined)('due-process reads on PostgreSQL: generic plans use the partial indexes', () => {
  let client: pg.Client;
  beforeAll(async () => {
    await (await openPostgresStore(url!, { create: true, schema })).close();
    client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`SET search_path TO ${schema}`);
    // The plan a prepared statement falls back to, and an index wherever one can serve.
    await client.query('SET plan_cache_mode = force_generic_plan');
    await client.query('SET enable_seqscan = off');
  });
  afterAll(async () => {
    await client?.end();
    await dropSchema(url!, schema);
  });

  /** The generic plan of the one query `call` compiles. */
  const planOf = async (call: (sql: SqlRunner) => Promise<unknown>): Promise<string> => {
    const [q, ...more] = await compiled(call);
    expect(more).toEqual([]);
    await client.query('DEALLOCATE ALL');
    await client.query(`PREPARE p AS ${q!.sql}`);
    const args = q!.parameters.map((p) => client.escapeLiteral(Array.isArray(p) ? `{${p.join(',')}}` : String(p)));
    const rows = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN EXECUTE p(${args.join(', ')})`);
    return rows.rows.map((r) => r['QUERY PLAN']).join('\n');
  };

  it('the due listings: listings_next', async () => {
    expect(await planOf((sql) => listingsRepo(sql).dueListings(1, 10))).toMatch(/Index Scan using listings_next\b/);
  });
  it('the open listings of subjects, between subjects, of a list: an index of open listings', async () => {
    for (const read of [
      (sql: SqlRunner) => listingsRepo(sql).openListings(ref, ['p-1', 'p-2']),
      (sql: SqlRunner) => listingsRepo(sql).openListingsBetween(ref, 'p-1', 'p-9'),
      (sql: SqlRunner) => listingsRepo(sql).openListingsOfList(ref, 'evaders'),
    ])
      expect(await planOf(read)).toMatch(/Index Scan using listings_(open|one_open)\b/);
  });
  it('the pending disputes of subjects: an index of pending disputes; the overdue ones: disputes_due', async () => {
    expect(await planOf((sql) => appealsRepo(sql).pendingDisputesOf(['p-1']))).toMatch(
      /Index Scan using disputes_(pending_subject|one_pending)\b/,
    );
    expect(await planOf((sql) => appealsRepo(sql).overdueDisputes(1, 10))).toMatch(/Index Scan using disputes_due\b/);
  });
});
