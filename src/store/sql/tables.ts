import type { Generated } from 'kysely';
import type { CandidateStatus } from '../candidates-port.js';
import type { AuthorityKind } from '../auth-port.js';
import type { EndReason, ListingState } from '../../core/listing-machine.js';
import type { Effect, ListType } from '../../core/scheme-types.js';
import type { AppealState, DisputeState } from '../due-process-port.js';
import type { MailLanguage, NoticeMailState } from '../mail-port.js';
import type { DeliveryState } from '../outbox-port.js';
import type { ReportRow } from '../report-port.js';
import type { SecondInstanceState } from '../second-instance-port.js';

/*
 * The tables as the query builder sees them (columns as stored; a repository maps rows to the
 * engine's shapes). Tables join this list as their repositories move to one implementation
 * (docs/decisions.md, "One store, written once: the first repository").
 */

export interface SchemeCandidatesTable {
  authority: string;
  scheme: string;
  version: number;
  source: string;
  content: string;
  status: CandidateStatus;
  published_at: number;
  published_by: string | null;
  requested_by: string | null;
  gate: string | null;
  decided_at: number | null;
  decided_by: string | null;
}

export interface ShadowStatesTable {
  authority: string;
  scheme: string;
  version: number;
  subject: string;
  /** SQLite 0/1, PostgreSQL boolean (SqlDialect.bool). */
  judged: boolean | number;
  score: number | null;
  grade: string | null;
  /** SQLite TEXT, PostgreSQL JSONB: written as JSON text, read with SqlDialect.readJson. */
  lists: string;
  next_change: number | null;
  evaluated_at: number;
}

// Notices and the inbox (typed notices, migration 19).

export interface MessagesTable {
  id: Generated<number>;
  subject: string;
  kind: string;
  listing_id: number | null;
  authority: string;
  at: number;
  /** A notice's slot holds '' here: its statement is in notices.body. */
  body: string;
}

export interface NoticesTable {
  id: number;
  listing_id: number;
  subject: string;
  authority: string;
  scheme: string;
  version: number;
  list: string;
  noticed_at: number;
  effect_at: number;
  /** SQLite 0/1, PostgreSQL boolean (SqlDialect.bool). */
  effect_provisional: boolean | number;
  term_ends_at: number | null;
  appeal_until: number;
  /** The statement's canonical JSON (what its audit hash covers). */
  body: string;
}

// --- Tenancy: authorities and the registry, authority kinds, API keys, passwords, sessions,
// enrolment codes, data-sharing grants (src/store/sql/registry-repo.ts, auth-repo.ts, sharing-repo.ts).

export interface MetaTable {
  key: string;
  value: string;
}

export interface AuthoritiesTable {
  name: string;
  created_at: number;
}

export interface ActionsTable {
  name: string;
  domain: string;
  effect: Effect;
  description: string | null;
}

export interface GrantsTable {
  authority: string;
  action: string;
  granted_at: number;
}

export interface AuthorityKindsTable {
  name: string;
  kind: AuthorityKind;
  title: string | null;
}

export interface ApiKeysTable {
  id: string;
  hash: string;
  authority: string | null;
  /** SQLite TEXT holding a JSON array, PostgreSQL TEXT[] (SqlDialect.textList, readTextList). */
  roles: unknown;
  party: string | null;
  label: string | null;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
  created_by: string | null;
}

export interface PasswordsTable {
  account: string;
  hash: string;
  changed_at: number;
}

export interface SessionsTable {
  token_hash: string;
  account: string;
  created_at: number;
  expires_at: number;
}

export interface EnrolmentsTable {
  code_hash: string;
  subject: string;
  authority: string | null;
  issued_by: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
  account: string | null;
}

export interface SharesTable {
  from_authority: string;
  to_authority: string;
  purpose: string;
  granted_at: number;
  revoked_at: number | null;
}

interface TenancyTables {
  meta: MetaTable;
  authorities: AuthoritiesTable;
  actions: ActionsTable;
  grants: GrantsTable;
  authority_kinds: AuthorityKindsTable;
  api_keys: ApiKeysTable;
  passwords: PasswordsTable;
  sessions: SessionsTable;
  enrolments: EnrolmentsTable;
  shares: SharesTable;
}
// --- end of tenancy

export interface Tables extends TenancyTables {
  scheme_candidates: SchemeCandidatesTable;
  shadow_states: ShadowStatesTable;
  messages: MessagesTable;
  notices: NoticesTable;
}

// --- Delivery and side concerns (outbox and webhooks, mail, passes, reports, manual listings,
// second instance, transparency): their tables, added to `Tables` by declaration merging so that
// other areas' blocks merge beside this one.

export interface OutboxEventsTable {
  seq: Generated<number>;
  id: string;
  type: string;
  at: number;
  authority: string;
  subject: string;
  schema_version: number;
  payload: string;
  /** JSON text (TEXT in both databases). */
  parties: string;
  /** 0 or 1 (INTEGER / SMALLINT in both). */
  fanned: Generated<number>;
  fan_cursor: string | null;
}

export interface WebhookEndpointsTable {
  id: string;
  url: string;
  /** JSON text (TEXT in both databases). */
  events: string;
  party: string | null;
  authority: string | null;
  secret_generation: number;
  created_at: number;
  created_by: string | null;
  disabled_at: number | null;
}

export interface WebhookDeliveriesTable {
  id: Generated<number>;
  endpoint_id: string;
  event_seq: number;
  subject: string;
  state: DeliveryState;
  attempts: number;
  created_at: number;
  window_start: number;
  next_at: number;
  last_at: number | null;
  last_status: string | null;
  last_latency_ms: number | null;
  delivered_at: number | null;
}

export interface SubjectSettingsTable {
  subject: string;
  email: string | null;
  language: MailLanguage;
  updated_at: number;
  updated_by: string | null;
}

export interface NoticeMailTable {
  id: Generated<number>;
  message_id: number;
  listing_id: number;
  subject: string;
  address: string | null;
  language: MailLanguage;
  state: NoticeMailState;
  attempts: Generated<number>;
  next_attempt_at: number | null;
  last_error: string | null;
  smtp_id: string | null;
  created_at: number;
  sent_at: number | null;
}

export interface PassesTable {
  id: string;
  subject: string;
  purpose: string;
  recipient: string | null;
  token_hash: string;
  created_at: number;
  expires_at: number;
  revoked_at: number | null;
  created_by: string | null;
}

export interface ReportsTable {
  id: string;
  authority: string;
  subject: string;
  kind: string;
  occurred_at: number;
  data: string;
  description: string;
  reporter: string;
  reporter_authority: string | null;
  filed_at: number;
  state: ReportRow['state'];
  decided_by: string | null;
  decided_at: number | null;
  reasons: string | null;
  record_key: string | null;
}

export interface ManualListingsTable {
  listing_id: number;
  authority: string;
  decision_key: string;
  scheme: string;
  list: string;
  subject: string;
  decided_by: string;
  reason: string;
  basis: string;
  evidence: string | null;
  term: string;
  decided_at: number;
}

export interface SecondInstancesTable {
  id: Generated<number>;
  appeal_id: number;
  listing_id: number;
  subject: string;
  authority: string;
  reviewers: string;
  first_reviewer: string;
  statement: string;
  filed_at: number;
  filed_by: string | null;
  deadline: number;
  /** SQLite 0/1, PostgreSQL boolean (SqlDialect.bool). */
  suspends: boolean | number;
  state: SecondInstanceState;
  decided_by: string | null;
  decided_at: number | null;
  reasons: string | null;
  /** SQLite 0/1, PostgreSQL boolean (SqlDialect.bool). */
  exempt: boolean | number;
}

export interface LiftedNoticesTable {
  id: Generated<number>;
  party: string;
  subject: string;
  listing_id: number;
  authority: string;
  /** SQLite TEXT, PostgreSQL JSONB: written as JSON text, read with SqlDialect.readJson. */
  actions: string;
  cause: string;
  at: number;
}

export interface Tables {
  outbox_events: OutboxEventsTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  subject_settings: SubjectSettingsTable;
  notice_mail: NoticeMailTable;
  passes: PassesTable;
  reports: ReportsTable;
  manual_listings: ManualListingsTable;
  second_instances: SecondInstancesTable;
  lifted_notices: LiftedNoticesTable;
}

// --- Due process: listings, exemptions, sanctions in force, the inbox's other messages, appeals,
// disputes, accounts and their settings (src/store/sql/listings-repo.ts, inbox-repo.ts,
// appeals-repo.ts, accounts-repo.ts).

export interface ListingsTable {
  id: Generated<number>;
  authority: string;
  scheme: string;
  list: string;
  list_type: ListType;
  subject: string;
  version: number;
  state: ListingState;
  noticed_at: number;
  effect_at: number;
  active_since: number | null;
  /** SQLite 0/1, PostgreSQL boolean (SqlDialect.bool). */
  appealed: boolean | number;
  ended_at: number | null;
  end_reason: EndReason | null;
  term: string | null;
  term_ends_at: number | null;
  received_at: number | null;
}

export interface ExemptionsTable {
  authority: string;
  scheme: string;
  list: string;
  subject: string;
  since: number;
}

export interface ActiveSanctionsTable {
  listing_id: number;
  subject: string;
  action: string;
  effect: Effect;
  /** JSON text in both (TEXT): the limit's object, or null. */
  limit_json: string | null;
  authority: string;
  scheme: string;
  list: string;
  since: number;
}

/** The view over messages and notices (migration 19): a notice's body is its statement. */
export interface InboxView {
  id: number;
  subject: string;
  kind: string;
  listing_id: number | null;
  authority: string;
  at: number;
  body: string;
}

export interface AppealsTable {
  id: Generated<number>;
  listing_id: number;
  subject: string;
  authority: string;
  statement: string;
  filed_at: number;
  filed_by: string | null;
  /** SQLite 0/1, PostgreSQL boolean (SqlDialect.bool). */
  late: boolean | number;
  deadline: number;
  state: AppealState;
  decided_by: string | null;
  decided_at: number | null;
  reasons: string | null;
  /** SQLite JSON text, PostgreSQL TEXT[] (SqlDialect.textList). */
  retracted: unknown;
  /** SQLite 0/1, PostgreSQL boolean (SqlDialect.bool). */
  exempt: boolean | number;
}

export interface DisputesTable {
  id: Generated<number>;
  authority: string;
  key: string;
  subject: string;
  statement: string;
  filed_at: number;
  filed_by: string | null;
  state: DisputeState;
  decided_by: string | null;
  decided_at: number | null;
  reasons: string | null;
  deadline_at: number | null;
  overdue_at: number | null;
}

export interface AccountsTable {
  name: string;
  authority: string | null;
  /** SQLite JSON text, PostgreSQL TEXT[] (SqlDialect.textList). */
  roles: unknown;
  subject: string | null;
  created_at: number;
}

export interface AccountSettingsTable {
  account: string;
  language: string;
}

export interface Tables {
  listings: ListingsTable;
  exemptions: ExemptionsTable;
  active_sanctions: ActiveSanctionsTable;
  inbox: InboxView;
  appeals: AppealsTable;
  disputes: DisputesTable;
  accounts: AccountsTable;
  account_settings: AccountSettingsTable;
}

// --- Derived state: dirty subjects, each subject's state under each scheme, and the kept rule
// matches (src/store/sql/states-repo.ts, matches-repo.ts), joined to `Tables` by interface merging.

export interface DirtySubjectsTable {
  subject: string;
}

export interface SubjectStatesTable {
  authority: string;
  scheme: string;
  subject: string;
  version: number;
  /** SQLite 0/1, PostgreSQL boolean (SqlDialect.bool). */
  judged: boolean | number;
  score: number | null;
  grade: string | null;
  /** SQLite TEXT, PostgreSQL JSONB: written as JSON text, read with SqlDialect.readJson. */
  lists: string;
  next_change: number | null;
  evaluated_at: number;
}

export interface MatchSetsTable {
  id: Generated<number>;
  authority: string;
  scheme: string;
  version: number;
  layout: string;
  /** SQLite 0/1, PostgreSQL boolean (SqlDialect.bool). */
  complete: Generated<boolean | number>;
}

export interface SubjectMatchesTable {
  subject: string;
  set_id: number;
  /** Packed float64 values (match-codec.ts): SQLite BLOB, PostgreSQL BYTEA. */
  facts: Uint8Array;
  /** The strings the values index, as JSON text; null when none. */
  strings: string | null;
}

export interface Tables {
  dirty_subjects: DirtySubjectsTable;
  subject_states: SubjectStatesTable;
  match_sets: MatchSetsTable;
  subject_matches: SubjectMatchesTable;
}

// --- Records, consents and published scheme versions (src/store/sql/records-repo.ts, schemes-repo.ts).

export interface RecordsTable {
  id: Generated<number>;
  authority: string;
  key: string;
  subject: string;
  kind: string;
  occurred_at: number;
  /** Canonical JSON text (TEXT in both databases). */
  data: string;
  evidence: string | null;
  submitted_by: string | null;
  received_at: number;
  hash: string;
  retracted_at: number | null;
  retract_reason: string | null;
  retracted_by: string | null;
}

export interface ConsentsTable {
  id: Generated<number>;
  authority: string;
  scheme: string;
  subject: string;
  at: number;
  /** SQLite 0/1, PostgreSQL boolean (SqlDialect.bool). */
  opt_in: boolean | number;
  recorded_by: string | null;
}

export interface SchemeVersionsTable {
  authority: string;
  scheme: string;
  version: number;
  source: string;
  content: string;
  published_at: number;
  published_by: string | null;
}

export interface Tables {
  records: RecordsTable;
  consents: ConsentsTable;
  scheme_versions: SchemeVersionsTable;
}

// --- The audit log and the access log: audit chains, heads and checkpoints; relying parties,
// their entitlements and the access log (src/store/sql/audit-repo.ts, access-repo.ts).

export interface AuditEntriesTable {
  chain: string;
  seq: number;
  at: number;
  type: string;
  /** The payload's canonical JSON: the text that was hashed. */
  payload: string;
  prev: string;
  hash: string;
}

export interface AuditHeadsTable {
  chain: string;
  seq: number;
  hash: string;
}

export interface AuditCheckpointsTable {
  id: Generated<number>;
  chain: string;
  size: number;
  head: string;
  note: string;
  created_at: number;
}

export interface RelyingPartiesTable {
  name: string;
  created_at: number;
}

export interface EntitlementsTable {
  party: string;
  action: string;
  granted_at: number;
}

export interface AccessLogTable {
  id: Generated<number>;
  subject: string;
  party: string;
  action: string;
  effect: string;
  at: number;
  /** A random id kept in the row (PostgreSQL, and SQLite entries logged before ids came from row ids); else NULL. */
  decision: string | null;
}

export interface Tables {
  audit_entries: AuditEntriesTable;
  audit_heads: AuditHeadsTable;
  audit_checkpoints: AuditCheckpointsTable;
  relying_parties: RelyingPartiesTable;
  entitlements: EntitlementsTable;
  access_log: AccessLogTable;
}
