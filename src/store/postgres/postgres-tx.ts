import type { StoreTx } from '../store.js';
import { sqlRepos } from '../sql/repos.js';
import { postgresRunner, type PostgresContext } from './postgres-context.js';
import { statesRepo } from './postgres-states.js';
import { dueProcessRepo } from './postgres-due-process.js';
import { auditRepo } from './postgres-audit.js';
import { accessRepo } from './postgres-access.js';
import { matchesRepo } from './postgres-matches.js';
import { coordinationRepo } from './postgres-coordination.js';

/** The PostgreSQL StoreTx: one repository per concept, every call a statement on the transaction's connection. */
export function createPostgresTx(ctx: PostgresContext): StoreTx {
  const sql = postgresRunner(ctx);
  return {
    ...statesRepo(ctx),
    ...dueProcessRepo(ctx),
    ...auditRepo(ctx),
    ...accessRepo(ctx),
    ...coordinationRepo(ctx),
    ...matchesRepo(ctx),
    ...sqlRepos(sql),
  };
}
