import { randomUUID } from 'node:crypto';
import { fail } from '../../core/errors.js';
import { formatInstant } from '../../core/instant.js';
import type { Principal, StaffPrincipal, SubjectPrincipal } from '../../core/principal.js';
import { requireOwnCase } from '../../core/case-access.js';
import { canonicalJson, canonicalRecord, validateRecord } from '../../core/record.js';
import { checkAuthority } from '../../core/subject.js';
import type { ReportRow } from '../../store/report-port.js';
import type { NewRecord, ReadTx, StoreTx } from '../../store/store.js';
import { appendAudit, auditRecordBatch, lockChains } from '../audit/audit.js';
import { sha256 } from '../audit/hash.js';
import type { EngineDeps } from '../deps.js';
import { checkStatement } from '../due-process/appeals.js';
import { sweep } from '../evaluation/sweep.js';
import { personName, submittedByPerson } from '../tenancy/accounts.js';
import { authorize } from '../../core/policy.js';

/**
 * Reports from the public (SPEC §14, notice and action): someone signed in reports a subject's
 * conduct to an authority that accepts reports. A report is not a record: it waits in the
 * authority's triage queue until a human reviewer of the authority accepts it (it becomes a
 * record of the authority, submitted by that reviewer, which remembers who reported it) or
 * rejects it, with reasons; either is final and audited. docs/decisions.md, *Reports from the public*.
 */

/** The most characters a report's description may have. */
export const REPORT_DESCRIPTION_MAX = 2000;
/** Reports one reporter may file to one authority in 24 hours, unless the operator sets another number. */
export const DEFAULT_REPORTS_PER_DAY = 10;
/** The most reports one list answer holds. */
export const REPORT_PAGE = 500;
/** How the subject's file names a reporter who acted for no authority. */
export const PUBLIC_REPORTER = 'a member of the public';
const DAY_MS = 86_400_000;

/** Meta key: {authority: {open, perDay}}; an authority not named is closed to reports. */
const SETTINGS = 'reports_settings';

export interface ReportsSetting {
  readonly authority: string;
  readonly open: boolean;
  readonly perDay: number;
}

type Settings = Record<string, { open: boolean; perDay: number }>;

async function readSettings(tx: ReadTx): Promise<Settings> {
  return JSON.parse((await tx.getMeta(SETTINGS)) ?? '{}') as Settings;
}

/** The settings the operator made, as audit verify compares them with their last entries. */
export async function reportSettingsSet(tx: ReadTx): Promise<Settings> {
  return readSettings(tx);
}

/** One authority's setting (closed, DEFAULT_REPORTS_PER_DAY when never set). */
export async function reportsSettingOf(tx: ReadTx, authority: string): Promise<ReportsSetting> {
  const s = (await readSettings(tx))[authority];
  return { authority, open: s?.open ?? false, perDay: s?.perDay ?? DEFAULT_REPORTS_PER_DAY };
}

/** Every known authority's setting, in name order (public: the transparency page shows it). */
export async function reportsSettings(deps: EngineDeps): Promise<ReportsSetting[]> {
  return deps.store.read(async (tx) => {
    const all = await readSettings(tx);
    return (await tx.listAuthorities()).map((authority) => ({
      authority,
      open: all[authority]?.open ?? false,
      perDay: all[authority]?.perDay ?? DEFAULT_REPORTS_PER_DAY,
    }));
  });
}

/**
 * Opens or closes an authority to reports (`standing authority reports A open|closed [--per-day N]`),
 * audited on its chain (`reports-setting`). Open reports stay in the queue when it closes. False when
 * nothing changed.
 */
export async function setReports(
  deps: EngineDeps,
  authority: string,
  input: { readonly open: boolean; readonly perDay?: number },
): Promise<boolean> {
  checkAuthority(authority);
  if (input.perDay !== undefined && (!Number.isInteger(input.perDay) || input.perDay < 1 || input.perDay > 10_000))
    fail('ARGUMENT_INVALID', 'perDay: a whole number from 1 to 10000', { field: 'perDay' });
  return deps.store.transaction(async (tx) => {
    if (!(await tx.listAuthorities()).includes(authority))
      fail('AUTHORITY_NOT_FOUND', `no authority ${JSON.stringify(authority)} (\`standing authority add\`)`, {
        field: 'authority',
      });
    await lockChains(tx, [authority]);
    const all = await readSettings(tx);
    const before = all[authority];
    const next = { open: input.open, perDay: input.perDay ?? before?.perDay ?? DEFAULT_REPORTS_PER_DAY };
    if (before !== undefined && before.open === next.open && before.perDay === next.perDay) return false;
    all[authority] = next;
    await tx.setMeta(SETTINGS, JSON.stringify(all));
    await appendAudit(tx, {
      chain: authority,
      type: 'reports-setting',
      payload: { authority, open: next.open, perDay: next.perDay },
      at: deps.clock.now(),
    });
    return true;
  });
}

/** The hash of every column of a report row: what its audit entries vouch for. */
export function reportDigest(r: ReportRow): string {
  return sha256(canonicalJson({ ...r }));
}

/** Who files a report: an account name (the CLI's `--as`) or a principal the HTTP edge authenticated. */
interface Reporter {
  /** An account name, or `key:ID`. */
  readonly name: string;
  /** The authority it acts for, or null (a subject's own account: a member of the public). */
  readonly authority: string | null;
  /** The subject it is, for a subject's account. */
  readonly subject: string | null;
}

/** Anyone signed in reports: a subject's own account as a member of the public, or an authority's staff. */
function reporterOf(p: Principal): Reporter {
  const who = authorize(p, 'report.file');
  return who.type === 'subject'
    ? { name: who.account, authority: null, subject: who.subject }
    : { name: who.account ?? `key:${who.key}`, authority: who.authority, subject: null };
}

/** A report as its reporter and the authority's reviewers read it. */
export interface ReportView {
  readonly id: string;
  readonly authority: string;
  readonly subject: string;
  readonly kind: string;
  readonly occurredAt: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly description: string;
  readonly reporter: string;
  /** The authority the reporter acted for, or null: a member of the public. */
  readonly reporterAuthority: string | null;
  readonly filedAt: string;
  readonly state: ReportRow['state'];
  readonly decidedAt: string | null;
  readonly reasons: string | null;
  /** The record an accepted report became (of `authority`). */
  readonly recordKey: string | null;
}

export function reportView(r: ReportRow): ReportView {
  return {
    id: r.id,
    authority: r.authority,
    subject: r.subject,
    kind: r.kind,
    occurredAt: formatInstant(r.occurredAt),
    data: JSON.parse(r.data) as Record<string, unknown>,
    description: r.description,
    reporter: r.reporter,
    reporterAuthority: r.reporterAuthority,
    filedAt: formatInstant(r.filedAt),
    state: r.state,
    decidedAt: r.decidedAt === null ? null : formatInstant(r.decidedAt),
    reasons: r.reasons,
    recordKey: r.recordKey,
  };
}

export interface FileReportInput {
  readonly authority: string;
  readonly subject: string;
  readonly kind: string;
  /** RFC 3339; not more than 5 minutes ahead (as a record's). */
  readonly occurredAt: string;
  readonly data?: unknown;
  readonly description?: string;
  readonly as: Principal;
}

function auditReport(tx: StoreTx, r: ReportRow, by: string, at: number) {
  return appendAudit(tx, {
    chain: r.authority,
    type: 'report',
    payload: { report: r.id, subject: r.subject, state: r.state, by, recordKey: r.recordKey, row: reportDigest(r) },
    at,
  });
}

/**
 * Files a report (SPEC §14) to an authority whose reports are open: validated as the record it
 * would become (subject, kind, occurredAt, data within 16 KiB), with a description of at most
 * 2,000 characters; a reporter may not report itself, nor file more than the authority's
 * `perDay` reports to it in 24 hours (REPORT_RATE_LIMITED). Audited on the authority's chain.
 */
export async function fileReport(deps: EngineDeps, input: FileReportInput): Promise<ReportView> {
  const authority = checkAuthority(input.authority);
  const now = deps.clock.now();
  const description = (input.description ?? '').trim();
  if (description.length > REPORT_DESCRIPTION_MAX)
    fail('REPORT_INVALID', `description: at most ${REPORT_DESCRIPTION_MAX} characters`, { field: 'description' });
  const r = validateRecord(
    {
      key: 'report',
      authority,
      subject: input.subject,
      kind: input.kind,
      occurredAt: input.occurredAt,
      data: input.data ?? {},
    },
    { authority, now },
  );
  return deps.store.transaction(async (tx) => {
    if (!(await tx.listAuthorities()).includes(authority))
      fail('AUTHORITY_NOT_FOUND', `no authority ${JSON.stringify(authority)}`, { field: 'authority' });
    const reporter = reporterOf(input.as);
    if (reporter.subject !== null && reporter.subject === r.subject)
      fail('REPORT_INVALID', 'subject: a reporter may not report itself', { field: 'subject' });
    const setting = await reportsSettingOf(tx, authority);
    if (!setting.open)
      fail('REPORTS_CLOSED', `${authority} does not accept reports from the public`, { field: 'authority' });
    // The chain lock serializes one authority's reports, so the count below cannot be raced past.
    await lockChains(tx, [authority]);
    const recent = await tx.countReportsSince(reporter.name, authority, now - DAY_MS);
    if (recent >= setting.perDay)
      fail(
        'REPORT_RATE_LIMITED',
        `${reporter.name} filed ${recent} reports to ${authority} in the last 24 hours; it accepts ${setting.perDay}`,
        { field: 'as' },
      );
    const row: ReportRow = {
      id: randomUUID(),
      authority,
      subject: r.subject,
      kind: r.kind,
      occurredAt: r.occurredAt,
      data: r.data,
      description,
      reporter: reporter.name,
      reporterAuthority: reporter.authority,
      filedAt: now,
      state: 'open',
      decidedBy: null,
      decidedAt: null,
      reasons: null,
      recordKey: null,
    };
    await tx.insertReport(row);
    await auditReport(tx, row, reporter.name, now);
    return reportView(row);
  });
}

/** The reports the caller filed, newest first. */
export async function myReports(deps: EngineDeps, as: Principal): Promise<ReportView[]> {
  return deps.store.read(async (tx) => {
    const reporter = reporterOf(as);
    return (await tx.reportsBy(reporter.name, REPORT_PAGE)).map(reportView);
  });
}

/** A report in the triage queue, with its reporter's record at this authority (the trusted-flagger idea). */
export interface QueuedReport extends ReportView {
  readonly reporterAccepted: number;
  readonly reporterDecided: number;
  /** accepted / decided, or null before any decision. */
  readonly reporterAcceptanceRate: number | null;
}

/**
 * An authority's reports (default: the open ones, oldest first), for its human reviewers only
 * (REVIEWER_MUST_BE_HUMAN for keys), each with its reporter's acceptance rate at this authority.
 */
export async function reportQueue(
  deps: EngineDeps,
  input: { readonly authority: string; readonly state?: ReportRow['state'] | 'all'; readonly as: Principal },
): Promise<QueuedReport[]> {
  const authority = checkAuthority(input.authority);
  return deps.store.read(async (tx) => {
    authorize(input.as, 'report.queue', { authority });
    const state = input.state === 'all' ? null : (input.state ?? 'open');
    const rows = await tx.reportsTo(authority, state, REPORT_PAGE);
    const tallies = new Map(
      (await tx.reporterTallies(authority, [...new Set(rows.map((r) => r.reporter))].sort())).map((t) => [
        t.reporter,
        t,
      ]),
    );
    return rows.map((r) => {
      const t = tallies.get(r.reporter);
      const accepted = t?.accepted ?? 0;
      const decided = accepted + (t?.rejected ?? 0);
      return {
        ...reportView(r),
        reporterAccepted: accepted,
        reporterDecided: decided,
        reporterAcceptanceRate: decided === 0 ? null : accepted / decided,
      };
    });
  });
}

export interface ReportDecision {
  readonly id: string;
  readonly outcome: 'accept' | 'reject';
  readonly reasons: string;
  readonly as: Principal;
}

/** The key of the record an accepted report becomes: unique, and names the report. */
export function reportRecordKey(id: string): string {
  return `report-${id}`;
}

/**
 * A human reviewer of the report's authority accepts or rejects it with reasons (SPEC §14). The
 * reporter may not decide its own report, nor a reviewer whose key filed it (REVIEW_CONFLICT).
 * Accept: a record of the authority, submitted by the reviewer, keyed `report-ID`, audited as any
 * record batch; the report keeps who reported it. Either decision is final (REPORT_DECIDED).
 */
export async function decideReport(deps: EngineDeps, d: ReportDecision): Promise<ReportView> {
  const reasons = checkStatement(d.reasons, 'reasons');
  const at = deps.clock.now();
  const decided = await deps.store.transaction(async (tx) => {
    const r = await tx.getReport(d.id);
    if (r === undefined) fail('REPORT_NOT_FOUND', `no report ${d.id}`, { field: 'report' });
    const by = personName(d.as, 'report.decide', { authority: r.authority });
    if (r.state !== 'open')
      fail('REPORT_DECIDED', `report ${r.id} was already ${r.state}; a decision is final`, { field: 'report' });
    if (await submittedByPerson(tx, r.reporter, by))
      fail(
        'REVIEW_CONFLICT',
        `${by} filed report ${r.id} (or created the key that did); another reviewer must decide`,
        {
          field: 'as',
        },
      );
    const out: ReportRow = {
      ...r,
      state: d.outcome === 'accept' ? 'accepted' : 'rejected',
      decidedBy: by,
      decidedAt: at,
      reasons,
      recordKey: d.outcome === 'accept' ? reportRecordKey(r.id) : null,
    };
    // Dirty mark, then chain, then records: the order every writer takes its locks in (docs/fleet.md).
    if (d.outcome === 'accept') await tx.markDirty([r.subject]);
    await lockChains(tx, [r.authority]);
    if (!(await tx.decideReport(out)))
      fail('REPORT_DECIDED', `report ${r.id} was decided meanwhile; a decision is final`, { field: 'report' });
    if (d.outcome === 'accept') {
      const input = {
        key: out.recordKey!,
        authority: r.authority,
        subject: r.subject,
        kind: r.kind,
        occurredAt: r.occurredAt,
        data: r.data,
        evidence: null,
      };
      const rows: NewRecord[] = [{ ...input, submittedBy: by, receivedAt: at, hash: sha256(canonicalRecord(input)) }];
      const outcomes = await tx.insertRecords(rows);
      if (outcomes[0] === 'conflict')
        fail('RECORD_CONFLICT', `record ${r.authority}/${input.key} exists with other content`, { field: 'key' });
      await auditRecordBatch(tx, rows, outcomes, at);
    }
    await auditReport(tx, out, by, at);
    return out;
  });
  if (decided.state === 'accepted') await sweep(deps);
  return reportView(decided);
}

/** How the subject's file names who reported each record that came from a report, by "authority/key". */
export async function reportedBy(tx: StoreTx, subject: string): Promise<Map<string, string>> {
  return new Map(
    (await tx.acceptedReportsAbout(subject))
      .filter((r) => r.recordKey !== null)
      .map((r) => [`${r.authority}/${r.recordKey}`, r.reporterAuthority ?? PUBLIC_REPORTER]),
  );
}

/**
 * A reviewer of the authority reported to decides (`decideReport`); to staff of any other
 * authority the report does not exist (REPORT_NOT_FOUND), before anything else is judged.
 */
export async function decideOwnReport(
  deps: EngineDeps,
  d: ReportDecision & { readonly as: StaffPrincipal | SubjectPrincipal },
): Promise<ReportView> {
  const r = await deps.store.read((tx) => tx.getReport(d.id));
  requireOwnCase(d.as, r, 'REPORT_NOT_FOUND', `no report ${d.id}`);
  return decideReport(deps, d);
}

/** Opens or closes an authority to reports (`setReports`) and answers its setting as it now stands. */
export async function configureReports(
  deps: EngineDeps,
  authority: string,
  input: { readonly open: boolean; readonly perDay?: number },
): Promise<ReportsSetting & { readonly changed: boolean }> {
  const changed = await setReports(deps, authority, input);
  const now = await deps.store.snapshot((tx) => reportsSettingOf(tx, authority));
  return { ...now, changed };
}
