import type Database from 'better-sqlite3';
import type { StoreTx } from '../store.js';
import { sqliteContext, sqliteRunner } from './sqlite-context.js';
import { recordsRepo } from './sqlite-records.js';
import { registryRepo } from './sqlite-registry.js';
import { schemesRepo } from './sqlite-schemes.js';
import { statesRepo } from './sqlite-states.js';
import { dueProcessRepo } from './sqlite-due-process.js';
import { auditRepo } from './sqlite-audit.js';
import { accessRepo } from './sqlite-access.js';
import { authRepo } from './sqlite-auth.js';
import { matchesRepo } from './sqlite-matches.js';
import { coordinationRepo } from './sqlite-coordination.js';
import { sharingRepo } from './sqlite-sharing.js';
import { candidatesRepo } from '../sql/candidates-repo.js';
import { outboxRepo } from '../sql/outbox-repo.js';
import { mailRepo } from '../sql/mail-repo.js';
import { passRepo } from '../sql/pass-repo.js';
import { reportRepo } from '../sql/report-repo.js';
import { manualListingsRepo } from '../sql/manual-listings-repo.js';
import { secondInstanceRepo } from '../sql/second-instance-repo.js';
import { transparencyRepo } from '../sql/transparency-repo.js';

/** The SQLite StoreTx: one repository per concept, synchronous better-sqlite3 calls behind the async port. */
export function createSqliteTx(db: Database.Database): StoreTx {
  const ctx = sqliteContext(db);
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
    ...candidatesRepo(sqliteRunner(ctx)),
    ...outboxRepo(sqliteRunner(ctx)),
    ...mailRepo(sqliteRunner(ctx)),
    ...passRepo(sqliteRunner(ctx)),
    ...reportRepo(sqliteRunner(ctx)),
    ...manualListingsRepo(sqliteRunner(ctx)),
    ...secondInstanceRepo(sqliteRunner(ctx)),
    ...transparencyRepo(sqliteRunner(ctx)),
  };
}
