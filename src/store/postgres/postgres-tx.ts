import type { StoreTx } from '../store.js';
import { sqlRepos } from '../sql/repos.js';
import { postgresRunner, type PostgresContext } from './postgres-context.js';
import { recordsRepo } from './postgres-records.js';
import { schemesRepo } from './postgres-schemes.js';
import { statesRepo } from './postgres-states.js';
import { dueProcessRepo } from './postgres-due-process.js';
import { matchesRepo } from './postgres-matches.js';
import { coordinationRepo } from './postgres-coordination.js';

/** The PostgreSQL StoreTx: one repository per concept, every call a statement on the transaction's connection. */
export function createPostgresTx(ctx: PostgresContext): StoreTx {
  const sql = postgresRunner(ctx);
  return {
    ...recordsRepo(ctx),
    ...schemesRepo(ctx),
    ...statesRepo(ctx),
    ...dueProcessRepo(ctx),
    ...coordinationRepo(ctx),
    ...matchesRepo(ctx),
    ...sqlRepos(sql),
  };
}
