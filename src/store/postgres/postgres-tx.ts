import type { StoreTx } from '../store.js';
import { sqlRepos } from '../sql/repos.js';
import { postgresRunner, type PostgresContext } from './postgres-context.js';
import { auditRepo } from './postgres-audit.js';
import { accessRepo } from './postgres-access.js';

/** The PostgreSQL StoreTx: one repository per concept, every call a statement on the transaction's connection. */
export function createPostgresTx(ctx: PostgresContext): StoreTx {
  const sql = postgresRunner(ctx);
  return {
    ...auditRepo(ctx),
    ...accessRepo(ctx),
    ...sqlRepos(sql),
  };
}
