import type { StoreTx } from '../store.js';
import { postgresRunner, type PostgresContext } from './postgres-context.js';
import { recordsRepo } from './postgres-records.js';
import { schemesRepo } from './postgres-schemes.js';
import { statesRepo } from './postgres-states.js';
import { dueProcessRepo } from './postgres-due-process.js';
import { auditRepo } from './postgres-audit.js';
import { accessRepo } from './postgres-access.js';
import { transparencyRepo } from '../sql/transparency-repo.js';
import { matchesRepo } from './postgres-matches.js';
import { coordinationRepo } from './postgres-coordination.js';
import { candidatesRepo } from '../sql/candidates-repo.js';
import { noticesRepo } from '../sql/notices-repo.js';
import { registryRepo } from '../sql/registry-repo.js';
import { authRepo } from '../sql/auth-repo.js';
import { sharingRepo } from '../sql/sharing-repo.js';
import { outboxRepo } from '../sql/outbox-repo.js';
import { mailRepo } from '../sql/mail-repo.js';
import { passRepo } from '../sql/pass-repo.js';
import { reportRepo } from '../sql/report-repo.js';
import { manualListingsRepo } from '../sql/manual-listings-repo.js';
import { secondInstanceRepo } from '../sql/second-instance-repo.js';

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
    ...coordinationRepo(ctx),
    ...matchesRepo(ctx),
    ...candidatesRepo(sql),
    ...noticesRepo(sql),
    ...registryRepo(sql),
    ...authRepo(sql),
    ...sharingRepo(sql),
    ...outboxRepo(sql),
    ...mailRepo(sql),
    ...passRepo(sql),
    ...reportRepo(sql),
    ...manualListingsRepo(sql),
    ...secondInstanceRepo(sql),
    ...transparencyRepo(sql),
  };
}
