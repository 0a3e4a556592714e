import { SQLITE_SCHEMA } from './sqlite/sqlite-schema.js';
import {
  DISPUTES_ONE_PENDING_DDL as SQLITE_DISPUTES_ONE_PENDING,
  DISPUTE_DEADLINES_DDL as SQLITE_DISPUTE_DEADLINES,
  DUE_PROCESS_DDL as SQLITE_DUE_PROCESS,
  ACCOUNT_SETTINGS_DDL as SQLITE_ACCOUNT_SETTINGS,
  LISTING_TERMS_DDL as SQLITE_LISTING_TERMS,
  NOTICES_DDL as SQLITE_NOTICES,
} from './sqlite/sqlite-due-process.js';
import { AUDIT_DDL as SQLITE_AUDIT, CHECKPOINTS_DDL as SQLITE_CHECKPOINTS } from './sqlite/sqlite-audit.js';
import { ACCESS_DDL as SQLITE_ACCESS, ACCESS_DECISION_DDL as SQLITE_ACCESS_DECISION } from './sqlite/sqlite-access.js';
import { AUTH_DDL as SQLITE_AUTH, AUTH_V4_DDL as SQLITE_AUTH_V4 } from './sqlite/sqlite-auth.js';
import { SHARING_DDL as SQLITE_SHARING } from './sqlite/sqlite-sharing.js';
import { MATCHES_DDL as SQLITE_MATCHES } from './sqlite/sqlite-matches.js';
import { MANUAL_LISTINGS_DDL as SQLITE_MANUAL_LISTINGS } from './sqlite/sqlite-manual-listings.js';
import { MAIL_DDL as SQLITE_MAIL } from './sqlite/sqlite-mail.js';
import { SECOND_INSTANCE_DDL as SQLITE_SECOND_INSTANCE } from './sqlite/sqlite-second-instance.js';
import { PASSES_DDL as SQLITE_PASSES } from './sqlite/sqlite-passes.js';
import { PASSES_DDL as PG_PASSES } from './postgres/postgres-passes.js';
import { OUTBOX_DDL as SQLITE_OUTBOX, FAN_OUT_DDL as SQLITE_FAN_OUT } from './sqlite/sqlite-outbox.js';
import { CANDIDATES_DDL as SQLITE_CANDIDATES, WITHDRAWN_DDL as SQLITE_WITHDRAWN } from './sqlite/sqlite-candidates.js';
import { POSTGRES_SCHEMA } from './postgres/postgres-schema.js';
import {
  DISPUTES_ONE_PENDING_DDL as PG_DISPUTES_ONE_PENDING,
  DISPUTE_DEADLINES_DDL as PG_DISPUTE_DEADLINES,
  DUE_PROCESS_DDL as PG_DUE_PROCESS,
  ACCOUNT_SETTINGS_DDL as PG_ACCOUNT_SETTINGS,
  LISTING_TERMS_DDL as PG_LISTING_TERMS,
  NOTICES_DDL as PG_NOTICES,
} from './postgres/postgres-due-process.js';
import { AUDIT_DDL as PG_AUDIT, CHECKPOINTS_DDL as PG_CHECKPOINTS } from './postgres/postgres-audit.js';
import { ACCESS_DDL as PG_ACCESS, ACCESS_DECISION_DDL as PG_ACCESS_DECISION } from './postgres/postgres-access.js';
import { AUTH_DDL as PG_AUTH, AUTH_V4_DDL as PG_AUTH_V4 } from './postgres/postgres-auth.js';
import { SHARING_DDL as PG_SHARING } from './postgres/postgres-sharing.js';
import { MATCHES_DDL as PG_MATCHES } from './postgres/postgres-matches.js';
import { MANUAL_LISTINGS_DDL as PG_MANUAL_LISTINGS } from './postgres/postgres-manual-listings.js';
import { MAIL_DDL as PG_MAIL } from './postgres/postgres-mail.js';
import { SECOND_INSTANCE_DDL as PG_SECOND_INSTANCE } from './postgres/postgres-second-instance.js';
import { OUTBOX_DDL as PG_OUTBOX, FAN_OUT_DDL as PG_FAN_OUT } from './postgres/postgres-outbox.js';
import { CANDIDATES_DDL as PG_CANDIDATES, WITHDRAWN_DDL as PG_WITHDRAWN } from './postgres/postgres-candidates.js';
import { REPORTS_DDL as SQLITE_REPORTS } from './sqlite/sqlite-reports.js';
import { REPORTS_DDL as PG_REPORTS } from './postgres/postgres-reports.js';

/** One step of the schema, in each adapter's dialect. */
export interface Migration {
  /** Applied in increasing order; a database records the last one it has in meta `schema_version`. */
  readonly version: number;
  readonly name: string;
  readonly sqlite: string;
  readonly postgres: string;
}

/**
 * Every schema step, in order: the single list both adapters build their databases from.
 * The DDL itself lives beside the repository that uses it (sqlite-*.ts, postgres-*.ts).
 * A released step is never edited: a change to a released schema is a new step.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial',
    sqlite: [SQLITE_SCHEMA, SQLITE_DUE_PROCESS, SQLITE_AUDIT, SQLITE_ACCESS, SQLITE_AUTH].join('\n'),
    postgres: [POSTGRES_SCHEMA, PG_DUE_PROCESS, PG_AUDIT, PG_ACCESS, PG_AUTH].join('\n'),
  },
  {
    version: 2,
    name: 'one pending dispute per record',
    sqlite: SQLITE_DISPUTES_ONE_PENDING,
    postgres: PG_DISPUTES_ONE_PENDING,
  },
  { version: 3, name: 'kept rule matches', sqlite: SQLITE_MATCHES, postgres: PG_MATCHES },
  {
    version: 4,
    name: 'data-sharing grants; key creators; registrar enrolment codes',
    sqlite: [SQLITE_SHARING, SQLITE_AUTH_V4].join('\n'),
    postgres: [PG_SHARING, PG_AUTH_V4].join('\n'),
  },
  { version: 5, name: 'signed audit checkpoints', sqlite: SQLITE_CHECKPOINTS, postgres: PG_CHECKPOINTS },
  {
    version: 6,
    name: 'listing terms and notice receipt',
    sqlite: SQLITE_LISTING_TERMS,
    postgres: PG_LISTING_TERMS,
  },
  {
    version: 7,
    name: 'decision ids in the access log',
    sqlite: SQLITE_ACCESS_DECISION,
    postgres: PG_ACCESS_DECISION,
  },
  { version: 8, name: 'dispute deadlines', sqlite: SQLITE_DISPUTE_DEADLINES, postgres: PG_DISPUTE_DEADLINES },
  { version: 9, name: 'listings by decision', sqlite: SQLITE_MANUAL_LISTINGS, postgres: PG_MANUAL_LISTINGS },
  { version: 10, name: 'contact settings and notice e-mail', sqlite: SQLITE_MAIL, postgres: PG_MAIL },
  { version: 11, name: 'second instances', sqlite: SQLITE_SECOND_INSTANCE, postgres: PG_SECOND_INSTANCE },
  { version: 12, name: 'passes', sqlite: SQLITE_PASSES, postgres: PG_PASSES },
  { version: 13, name: 'outbox and webhooks', sqlite: SQLITE_OUTBOX, postgres: PG_OUTBOX },
  { version: 14, name: 'shadow and pending scheme versions', sqlite: SQLITE_CANDIDATES, postgres: PG_CANDIDATES },
  { version: 15, name: 'account settings', sqlite: SQLITE_ACCOUNT_SETTINGS, postgres: PG_ACCOUNT_SETTINGS },
  { version: 16, name: 'reports from the public', sqlite: SQLITE_REPORTS, postgres: PG_REPORTS },
  { version: 17, name: 'webhook fan-out by the worker', sqlite: SQLITE_FAN_OUT, postgres: PG_FAN_OUT },
  { version: 18, name: 'withdrawn scheme versions', sqlite: SQLITE_WITHDRAWN, postgres: PG_WITHDRAWN },
  { version: 19, name: 'typed notices; the inbox a view', sqlite: SQLITE_NOTICES, postgres: PG_NOTICES },
];

/** The schema version this code reads and writes: the last migration's. */
export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/** The migrations a database at `version` still needs, in order. */
export function pendingMigrations(version: number): Migration[] {
  return MIGRATIONS.filter((m) => m.version > version);
}
