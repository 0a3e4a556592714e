import type Database from 'better-sqlite3';
import type { StoreTx } from '../store.js';
import { sqliteContext, sqliteRunner } from './sqlite-context.js';
import { recordsRepo } from './sqlite-records.js';
import { schemesRepo } from './sqlite-schemes.js';
import { statesRepo } from './sqlite-states.js';
import { dueProcessRepo } from './sqlite-due-process.js';
import { auditRepo } from './sqlite-audit.js';
import { accessRepo } from './sqlite-access.js';
import { transparencyRepo } from '../sql/transparency-repo.js';
import { matchesRepo } from './sqlite-matches.js';
import { coordinationRepo } from './sqlite-coordination.js';
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

/** The SQLite StoreTx: one repository per concept, synchronous better-sqlite3 calls behind the async port. */
export function createSqliteTx(db: Database.Database): StoreTx {
  const ctx = sqliteContext(db);
  const sql = sqliteRunner(ctx);
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
