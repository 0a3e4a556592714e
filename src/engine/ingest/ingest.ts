import { isStandingError, type ErrorCode, StandingError } from '../../core/errors.js';
import { canonicalRecord, validateRecord, type RecordInput } from '../../core/record.js';
import type { NewRecord } from '../../store/store.js';
import type { EngineDeps } from '../deps.js';
import { sha256 } from '../audit/hash.js';
import { auditRecordBatch, ensureAuthorities, lockChains } from '../audit/audit.js';
import type { SourceLine } from './record-source.js';
import { sweep } from '../evaluation/sweep.js';

/** One rejected input line (or batch index), with the reason and where it points. */
export interface Rejection {
  readonly line: number;
  readonly code: ErrorCode;
  readonly message: string;
  readonly field?: string;
}

export interface ImportCounts {
  /** Records stored for the first time. */
  readonly accepted: number;
  /** Records that were already stored with the same content (idempotent resubmission). */
  readonly duplicates: number;
  readonly rejected: number;
}

export interface ImportOptions {
  /** Authority of records that name none (SPEC §9). Default "default". */
  readonly defaultAuthority?: string;
  /** The account that submits; stored with each record. Default null (the operator's CLI). */
  readonly submittedBy?: string | null;
  /** Called with each rejected line as it is found, so nothing needs to be held in memory. */
  readonly onRejected?: (r: Rejection) => void;
  /** Called after each batch is committed with each stored line's outcome (the HTTP batch reports per index). Default: none. */
  readonly onStored?: (line: number, outcome: 'inserted' | 'duplicate') => void;
  /** Called after each batch is committed. */
  readonly onProgress?: (counts: ImportCounts) => void;
  /** Accept only records of this authority (a reporter submits for its own). Default: any. */
  readonly onlyAuthority?: string;
  /** Skip the closing sweep (callers that sweep themselves). Default false. */
  readonly deferDerive?: boolean;
}

function rejection(line: number, e: unknown): Rejection {
  if (isStandingError(e))
    return { line, code: e.code, message: e.message, ...(e.at.field ? { field: e.at.field } : {}) };
  throw e;
}

/**
 * Imports record batches: each good line is stored (idempotent by authority and key),
 * each bad one reported with its line number, and the derived state of the affected
 * subjects updated. Each batch commits on its own, so an interrupted import keeps what
 * it stored and its subjects stay marked for re-evaluation.
 */
export async function importRecords(
  deps: EngineDeps,
  batches: AsyncIterable<readonly SourceLine[]>,
  options: ImportOptions = {},
): Promise<ImportCounts> {
  const defaultAuthority = options.defaultAuthority ?? 'default';
  const submittedBy = options.submittedBy ?? null;
  const reject = options.onRejected ?? (() => undefined);
  let accepted = 0;
  let duplicates = 0;
  let rejected = 0;
  const known = new Set<string>();
  for await (const batch of batches) {
    const now = deps.clock.now();
    const rows: NewRecord[] = [];
    const lines: number[] = [];
    for (const item of batch) {
      if ('error' in item) {
        rejected++;
        reject(rejection(item.line, item.error));
        continue;
      }
      try {
        const r: RecordInput = validateRecord(item.raw, { authority: defaultAuthority, now }, { line: item.line });
        if (options.onlyAuthority !== undefined && r.authority !== options.onlyAuthority) {
          throw new StandingError(
            'FORBIDDEN',
            `${submittedBy ?? 'this account'} reports for ${options.onlyAuthority}, not ${r.authority}`,
            { line: item.line, field: 'authority' },
          );
        }
        rows.push({
          key: r.key,
          authority: r.authority,
          subject: r.subject,
          kind: r.kind,
          occurredAt: r.occurredAt,
          data: r.data,
          evidence: r.evidence,
          submittedBy,
          receivedAt: now,
          hash: sha256(canonicalRecord(r)),
        });
        lines.push(item.line);
      } catch (e) {
        rejected++;
        reject(rejection(item.line, e));
      }
    }
    if (rows.length === 0) continue;
    const fresh = [...new Set(rows.map((r) => r.authority))].filter((a) => !known.has(a));
    const outcomes = await deps.store.transaction(async (tx) => {
      // The order in which every writer takes its locks (docs/fleet.md): dirty marks, then the
      // audit chains (a new authority's row just before), then records. Every subject of the
      // batch is marked, duplicates' too: the marks must come before the chains, and what will
      // be inserted is known only after. Locking the chains before inserting also makes record
      // ids follow the order of the record-batch entries, which `audit verify` relies on.
      await tx.markDirty([...new Set(rows.map((r) => r.subject))].sort());
      if (fresh.length > 0) await ensureAuthorities(tx, fresh, now);
      await lockChains(
        tx,
        rows.map((r) => r.authority),
      );
      const out = await tx.insertRecords(rows);
      await auditRecordBatch(tx, rows, out, now);
      return out;
    });
    for (const a of fresh) known.add(a);
    outcomes.forEach((o, i) => {
      const r = rows[i]!;
      if (o !== 'conflict') options.onStored?.(lines[i]!, o);
      if (o === 'inserted') accepted++;
      else if (o === 'duplicate') duplicates++;
      else {
        rejected++;
        const e = new StandingError(
          'RECORD_CONFLICT',
          `record ${r.authority}/${r.key} was already submitted with other content`,
          { field: 'key' },
        );
        reject(rejection(lines[i]!, e));
      }
    });
    options.onProgress?.({ accepted, duplicates, rejected });
    // A batch's store calls resolve as microtasks: yield so other requests (checks) get a turn.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  if (!options.deferDerive) await sweep(deps);
  return { accepted, duplicates, rejected };
}
