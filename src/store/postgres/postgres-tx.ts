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
import { matchesRepo } from './postgres-matches.js';
import { coordinationRepo } from './postgres-coordination.js';
import { sharingRepo } from './postgres-sharing.js';
import { candidatesRepo } from '../sql/candidates-repo.js';
import { outboxRepo } from '../sql/outbox-repo.js';
import { mailRepo } from '../sql/mail-repo.js';
import { passRepo } from '../sql/pass-repo.js';
import { reportRepo } from '../sql/report-repo.js';
import { manualListingsRepo } from '../sql/manual-listings-repo.js';
import { secondInstanceRepo } from '../sql/second-instance-repo.js';
import { transparencyRepo } from '../sql/transparency-repo.js';

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
    ...coordinationRepo(ctx),
    ...matchesRepo(ctx),
    ...sharingRepo(ctx),
    ...candidatesRepo(postgresRunner(ctx)),
    ...outboxRepo(postgresRunner(ctx)),
    ...mailRepo(postgresRunner(ctx)),
    ...passRepo(postgresRunner(ctx)),
    ...reportRepo(postgresRunner(ctx)),
    ...manualListingsRepo(postgresRunner(ctx)),
    ...secondInstanceRepo(postgresRunner(ctx)),
    ...transparencyRepo(postgresRunner(ctx)),
  };
}
