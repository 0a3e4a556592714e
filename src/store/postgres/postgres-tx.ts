import type { StoreTx } from '../store.js';
import { sqlRepos } from '../sql/repos.js';
import { postgresRunner, type PostgresContext } from './postgres-context.js';

/** The PostgreSQL StoreTx: the repositories written once (src/store/sql), every call a statement on the transaction's connection. */
export function createPostgresTx(ctx: PostgresContext): StoreTx {
  return sqlRepos(postgresRunner(ctx));
}
