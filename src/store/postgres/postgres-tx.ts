import type { StoreTx } from '../store.js';
import { postgresRunner, type PostgresContext } from './postgres-context.js';
import { recordsRepo } from './postgres-records.js';
import { registryRepo } from './postgres-registry.js';
import { schemesRepo } from './postgres-schemes.js';
import { statesRepo } from './postgres-states.js';
import { dueProcessRepo } from './postgres-due-process.js';
import { auditRepo } from './postgres-audit.js';
import { accessRepo } from './postgres-access.js';
import { authRepo } from './postgres-auth.js';
import { transparencyRepo } from './postgres-transparency.js';
import { matchesRepo } from './postgres-matches.js';
import { coordinationRepo } from './postgres-coordination.js';
import { sharingRepo } from './postgres-sharing.js';
import { manualListingsRepo } from './postgres-manual-listings.js';
import { mailRepo } from './postgres-mail.js';
import { secondInstanceRepo } from './postgres-second-instance.js';
import { passRepo } from './postgres-passes.js';
import { reportRepo } from './postgres-reports.js';
import { outboxRepo } from './postgres-outbox.js';
import { candidatesRepo } from '../sql/candidates-repo.js';
import { noticesRepo } from '../sql/notices-repo.js';

/** The PostgreSQL StoreTx: one repository per concept, every call a statement on the transaction's connection. */
export function createPostgresTx(ctx: PostgresContext): StoreTx {
  return {
    ...registryRepo(ctx),
    ...recordsRepo(ctx),
    ...schemesRepo(ctx),
    ...statesRepo(ctx),
    ...dueProcessRepo(ctx),
    ...auditRepo(ctx),
    ...accessRepo(ctx),
    ...authRepo(ctx),
    ...transparencyRepo(ctx),
    ...coordinationRepo(ctx),
    ...matchesRepo(ctx),
    ...sharingRepo(ctx),
    ...manualListingsRepo(ctx),
    ...mailRepo(ctx),
    ...secondInstanceRepo(ctx),
    ...passRepo(ctx),
    ...reportRepo(ctx),
    ...outboxRepo(ctx),
    ...candidatesRepo(postgresRunner(ctx)),
    ...noticesRepo(postgresRunner(ctx)),
  };
}
