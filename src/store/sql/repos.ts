import type { SqlRunner } from './dialect.js';
import { accountsRepo } from './accounts-repo.js';
import { appealsRepo } from './appeals-repo.js';
import { accessRepo } from './access-repo.js';
import { auditRepo } from './audit-repo.js';
import { authRepo } from './auth-repo.js';
import { candidatesRepo } from './candidates-repo.js';
import { inboxRepo } from './inbox-repo.js';
import { listingsRepo } from './listings-repo.js';
import { coordinationRepo } from './coordination-repo.js';
import { mailRepo } from './mail-repo.js';
import { matchesRepo } from './matches-repo.js';
import { manualListingsRepo } from './manual-listings-repo.js';
import { noticesRepo } from './notices-repo.js';
import { outboxRepo } from './outbox-repo.js';
import { passRepo } from './pass-repo.js';
import { recordsRepo } from './records-repo.js';
import { registryRepo } from './registry-repo.js';
import { reportRepo } from './report-repo.js';
import { schemesRepo } from './schemes-repo.js';
import { secondInstanceRepo } from './second-instance-repo.js';
import { sharingRepo } from './sharing-repo.js';
import { statesRepo } from './states-repo.js';
import { transparencyRepo } from './transparency-repo.js';

/** Every repository written once, over one database's runner: the part of StoreTx both adapters share. */
export function sqlRepos(sql: SqlRunner) {
  return {
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
    ...listingsRepo(sql),
    ...inboxRepo(sql),
    ...appealsRepo(sql),
    ...accountsRepo(sql),
    ...statesRepo(sql),
    ...matchesRepo(sql),
    ...coordinationRepo(sql),
    ...recordsRepo(sql),
    ...schemesRepo(sql),
    ...auditRepo(sql),
    ...accessRepo(sql),
  };
}
