import type { StoreTx } from '../store.js';
import { postgresRunner, type PostgresContext } from './postgres-context.js';
import { recordsRepo } from './postgres-records.js';
import { schemesRepo } from './postgres-schemes.js';
import { statesRepo } from './postgres-states.js';
import { dueProcessRepo } from './postgres-due-process.js';
import { auditRepo } from './postgres-audit.js';
import { accessRepo } from './postgres-access.js';
import { transparencyRepo } from './postgres-transparency.js';
import { matchesRepo } from './postgres-matches.js';
import { coordinationRepo } from './postgres-coordination.js';
import { manualListingsRepo } from './postgres-manual-listings.js';
import { mailRepo } from './postgres-mail.js';
import { secondInstanceRepo } from './postgres-second-instance.js';
import { passRepo } from './postgres-passes.js';
import { reportRepo } from './postgres-reports.js';
import { outboxRepo } from './postgres-outbox.js';
import { candidatesRepo } from '../sql/candidates-repo.js';
import { noticesRepo } from '../sql/notices-repo.js';
import { registryRepo } from '../sql/registry-repo.js';
import { authRepo } from '../sql/auth-repo.js';
import { sharingRepo } from '../sql/sharing-repo.js';

/** The PostgreSQL StoreTx: one repository per concept, every call a statement on the transaction's connection. */
export function createPostgresTx(ctx: PostgresContext): StoreTx {
  const sql = postgresRunner(ctx);
  return {
    ...recordsRepo(ctx),
    ...schemesRepo(ctx),
    ...statesRepo(ctx),
    ...dueProcessRepo(ctx),
    ...auditRepo(ctx),
    ...accessRepo(ctx),
    ...transparencyRepo(ctx),
    ...coordinationRepo(ctx),
    ...matchesRepo(ctx),
    ...manualListingsRepo(ctx),
    ...mailRepo(ctx),
    ...secondInstanceRepo(ctx),
    ...passRepo(ctx),
    ...reportRepo(ctx),
    ...outboxRepo(ctx),
    ...candidatesRepo(sql),
    ...noticesRepo(sql),
    ...registryRepo(sql),
    ...authRepo(sql),
    ...sharingRepo(sql),
  };
}
