import type { EvalRecord, RecordInput, StoredRecord } from '../core/record.js';
import type { ConsentEvent } from '../core/evaluate.js';
import type { DueProcessRepo } from './due-process-port.js';
import type { SecondInstanceRepo } from './second-instance-port.js';
import type { AuditRepo } from './audit-port.js';
import type { AccessEntry, AccessRepo } from './access-port.js';
import type { AuthRepo } from './auth-port.js';
import type { TransparencyRepo } from './transparency-port.js';
import type { CoordinationRepo } from './coordination-port.js';
import type { MatchesRepo } from './matches-port.js';
import type { SharingRepo } from './sharing-port.js';
import type { ManualListingsRepo } from './manual-listings-port.js';
import type { MailRepo } from './mail-port.js';
import type { PassRepo } from './pass-port.js';
import type { ReportRepo } from './report-port.js';
import type { OutboxRepo } from './outbox-port.js';
import type { CandidatesRepo } from './candidates-port.js';
import type { NoticesRepo } from './notices-port.js';
import type { RegistryRepo } from './registry-port.js';

/** A record ready to store: validated input plus who sent it, when, and its audit hash. */
export interface NewRecord extends RecordInput {
  readonly submittedBy: string | null;
  readonly receivedAt: number;
  readonly hash: string;
}

/** What storing one record did: inserted, already there identically, or a conflict with other content. */
export type InsertOutcome = 'inserted' | 'duplicate' | 'conflict';

/** A scheme is named by its authority and id; versions hang off it. */
export interface SchemeRef {
  readonly authority: string;
  readonly scheme: string;
}

export interface SchemeVersionRow extends SchemeRef {
  readonly version: number;
  /** The YAML text as published. */
  readonly source: string;
  /** Canonical JSON of the validated document without its version: equal text means equal content. */
  readonly content: string;
  readonly publishedAt: number;
  readonly publishedBy: string | null;
}

/** The derived state of one subject under the latest version of one scheme, as of the last evaluation. */
export interface SubjectState extends SchemeRef {
  readonly subject: string;
  readonly version: number;
  /** Judged: of a judged type, consent given if required, and at least one candidate record. */
  readonly judged: boolean;
  readonly score: number | null;
  readonly grade: string | null;
  readonly lists: readonly string[];
  /** The next instant at which time alone changes this state (SPEC §6), or null. */
  readonly nextChange: number | null;
  readonly evaluatedAt: number;
}

export interface StateSummary {
  readonly judged: number;
  readonly grades: readonly { readonly grade: string | null; readonly count: number }[];
  readonly lists: readonly { readonly list: string; readonly count: number }[];
}

export interface ConsentRow extends SchemeRef, ConsentEvent {
  readonly subject: string;
  readonly recordedBy: string | null;
}

export interface RetractInput {
  readonly authority: string;
  readonly key: string;
  readonly reason: string;
  readonly at: number;
  readonly by: string | null;
}

/**
 * Everything engine reads and writes, batch-oriented so adapters stay fast. Every
 * method belongs to one transaction; adapters mirror each other file for file.
 */
export interface StoreTx
  extends DueProcessRepo,
    AccessRepo,
    AuditRepo,
    AuthRepo,
    TransparencyRepo,
    CoordinationRepo,
    MatchesRepo,
    SharingRepo,
    ManualListingsRepo,
    MailRepo,
    SecondInstanceRepo,
    PassRepo,
    ReportRepo,
    OutboxRepo,
    CandidatesRepo,
    NoticesRepo,
    RegistryRepo {
  /** Inserts records idempotently by (authority, key), one outcome per input in order. */
  insertRecords(rows: readonly NewRecord[]): Promise<InsertOutcome[]>;
  getRecord(authority: string, key: string): Promise<StoredRecord | undefined>;
  /** Marks a record retracted; false when it was already. */
  retractRecord(input: RetractInput): Promise<boolean>;
  /** Deletes a record row (a retention step, which audits it); false when there is none. */
  deleteRecord(authority: string, key: string): Promise<boolean>;
  /** Non-retracted records of these subjects from these authorities (of these kinds only, if given), each list in (occurredAt, key) order. */
  recordsOfSubjects(
    subjects: readonly string[],
    sources: readonly string[],
    kinds?: readonly string[],
  ): Promise<Map<string, EvalRecord[]>>;
  /** Up to `limit` subject ids, after `after` in code-point order, that have non-retracted records from these authorities. */
  subjectsAfter(sources: readonly string[], after: string | null, limit: number): Promise<string[]>;
  /** Every record about one subject, retracted ones included, in (occurredAt, authority, key) order. */
  recordsOfSubject(subject: string): Promise<StoredRecord[]>;

  insertSchemeVersion(row: SchemeVersionRow): Promise<void>;
  /** Every version of every scheme, or of the schemes with this id, in (authority, scheme, version) order. */
  schemeVersions(scheme?: string): Promise<SchemeVersionRow[]>;

  putConsent(row: ConsentRow): Promise<void>;
  consentsOf(ref: SchemeRef, subjects: readonly string[]): Promise<Map<string, ConsentEvent[]>>;

  /** Subjects whose derived state must be recomputed (new records, retractions, consent). */
  markDirty(subjects: readonly string[]): Promise<void>;
  takeDirty(limit: number): Promise<string[]>;

  putStates(rows: readonly SubjectState[]): Promise<void>;
  deleteStates(ref: SchemeRef, subjects: readonly string[]): Promise<void>;
  getStates(ref: SchemeRef, subjects: readonly string[]): Promise<SubjectState[]>;
  /** States of a scheme in subject order, after `after`, at most `limit`. */
  statesAfter(ref: SchemeRef, after: string | null, limit: number): Promise<SubjectState[]>;
  /** States of a scheme of the subjects after `after` up to `last` (inclusive), in subject order. */
  statesBetween(ref: SchemeRef, after: string | null, last: string): Promise<SubjectState[]>;
  /** Deletes the states of a scheme of every subject after `after` (all of them for null). */
  deleteStatesAfter(ref: SchemeRef, after: string | null): Promise<void>;
  /** Counts of judged subjects of a scheme by grade and by qualifying list. */
  summarizeStates(ref: SchemeRef): Promise<StateSummary>;
  /** Where `score` stands among the judged subjects of a scheme: how many are judged, score below it, and score exactly it. */
  scoreRank(ref: SchemeRef, score: number): Promise<{ judged: number; below: number; equal: number }>;
  /** States whose next change is at or before `now`, at most `limit`. */
  dueStates(now: number, limit: number): Promise<SubjectState[]>;
}

/** A read answered by a replica: its data may lack the primary's commits of the last `lagMs` milliseconds, and `lagMs <= maxLagMs`. */
export interface ReplicaLag {
  /** Measured bound, rounded up, as of the start of the read. */
  readonly lagMs: number;
  /** The configured bound beyond which reads go to the primary. */
  readonly maxLagMs: number;
}

/** What a read of the whole storage found (Store.checkStorage). */
export interface StorageCheck {
  readonly ok: boolean;
  /** What the database reported, first problem first, at most 100; empty when ok. */
  readonly problems: readonly string[];
}

/**
 * The verbs a writing method of StoreTx is named with (`insertListing`, `setMeta`, `lockSweep`):
 * a method writes, or takes a lock to write, exactly when its name is one of these followed by a
 * capital letter, or `entitle`. A new writing method must be named so, or it reaches `read`.
 */
type WriteVerb =
  | 'add'
  | 'append'
  | 'claim'
  | 'complete'
  | 'decide'
  | 'delete'
  | 'drop'
  | 'ensure'
  | 'entitle'
  | 'finish'
  | 'insert'
  | 'lock'
  | 'mark'
  | 'put'
  | 'replace'
  | 'replay'
  | 'retract'
  | 'revoke'
  | 'rotate'
  | 'set'
  | 'take'
  | 'touch'
  | 'update'
  | 'use';

/** StoreTx's methods that write, and `readSnapshot`, which only a write transaction needs. */
export type StoreWriteMethod = Extract<keyof StoreTx, `${WriteVerb}${Capitalize<string>}` | 'entitle' | 'readSnapshot'>;

/**
 * StoreTx without its writing methods: what `Store.read` and `Store.snapshot` hand out (issue 14,
 * "a read cannot write"), so a read helper that would write does not compile.
 */
export type ReadTx = Omit<StoreTx, StoreWriteMethod>;

/** The store port: serialized transactions over one database. */
export interface Store {
  /**
   * Runs `fn` in one transaction: all of its writes commit together or none do. SQLite runs
   * transactions one at a time; PostgreSQL runs them side by side, and its repositories lock
   * what a read-then-write step depends on (audit heads, dirty subjects, listings, appeals,
   * disputes) so the outcome is the one a single writer gives (postgres-store.ts).
   */
  transaction<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T>;
  /**
   * Runs `fn`, which only reads, without a write transaction: each statement sees
   * committed data, statements together need not be one snapshot. The hot read paths
   * (decision checks) use it. An adapter with a read replica may run `fn` there, and then
   * passes how stale the data may be as `replica`; it may also run `fn` a second time, on
   * the primary, when the replica fails under it. Without `replica`, `fn` read the primary.
   */
  read<T>(fn: (tx: ReadTx, replica?: ReplicaLag) => Promise<T>): Promise<T>;
  /**
   * Runs `fn`, which only reads, in one read-only snapshot that does not hold up writers:
   * everything it reads is as of one instant, whatever commits meanwhile. For long reads
   * (simulations, backtests, audit verification), which must never stall imports or the
   * access log. SQLite: a read-only connection of its own in a deferred transaction (WAL keeps
   * its snapshot while writers commit); in memory there is one connection, so it queues with the
   * transactions. PostgreSQL: a REPEATABLE READ, READ ONLY transaction.
   */
  snapshot<T>(fn: (tx: ReadTx) => Promise<T>): Promise<T>;
  /**
   * Calls `listener` with the id of every API key revoked by any process on this database,
   * as soon as the revocation commits (PostgreSQL: LISTEN/NOTIFY), and with null whenever
   * notices may have been missed: then drop every cached key. Returns a function that stops
   * listening. Absent (the default) where the store cannot tell: caches then expire by time.
   */
  watchKeyRevocations?(listener: (id: string | null) => void): () => void;
  /**
   * Appends access-log entries (SPEC §4) in a transaction of their own and resolves once it
   * has committed. Absent (the default) where the group-commit writer should simply use
   * `transaction`; a SQLite file store commits them on a thread of its own, so the check
   * service's log writes do not hold up its event loop.
   */
  appendAccess?(rows: readonly AccessEntry[]): Promise<string[]>;
  /**
   * Reads the storage itself, below the data: SQLite runs `PRAGMA integrity_check` (with
   * `quick`, `quick_check`: pages and records but not that each index matches its table);
   * PostgreSQL reads every Standing table in full and every index in full and compares their
   * counts. A copy of a database taken unsafely (a `cp` of a SQLite file beside a live WAL) fails
   * here, before any audit chain is read (docs/operations.md).
   */
  checkStorage(options?: { readonly quick?: boolean }): Promise<StorageCheck>;
  close(): Promise<void>;
  /** Where the data lives, for messages (a file path or a redacted URL). */
  readonly location: string;
}
