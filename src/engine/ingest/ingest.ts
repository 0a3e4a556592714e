import { StandingError } from '../../core/errors.js';
import type { NewRecord } from '../../store/store.js';
import type { EngineDeps } from '../deps.js';
import { auditRecordBatch, ensureAuthorities, lockChains } from '../audit/audit.js';
import type { RecordSource, SourceLine } from './record-source.js';
import { sweep } from '../evaluation/sweep.js';
import {
  preparedInline,
  preparedOnThread,
  rejection,
  type PrepareOptions,
  type PreparedSource,
  type Rejection,
} from './prepare.js';

export type { Rejection } from './prepare.js';

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

function prepareOptionsOf(options: ImportOptions): PrepareOptions {
  return {
    defaultAuthority: options.defaultAuthority ?? 'default',
    submittedBy: options.submittedBy ?? null,
    ...(options.onlyAuthority === undefined ? {} : { onlyAuthority: options.onlyAuthority }),
  };
}

/**
 * The batches `importRecords` takes from an opened import file: a file is read and prepared on a
 * thread of its own, a batch ahead (preparedOnThread); standard input (`-`) on the event loop.
 * `bytesRead` is how far reading has got, for a progress bar.
 */
export function importSource(
  source: RecordSource,
  options: ImportOptions = {},
): { batches: AsyncIterable<readonly SourceLine[]> | PreparedSource; bytesRead(): number } {
  if (source.path === '-') return { batches: source.batches, bytesRead: () => source.bytesRead() };
  let read = 0;
  const batches = preparedOnThread(source.path, source.format, prepareOptionsOf(options), (bytes) => {
    read = bytes;
  });
  return { batches, bytesRead: () => read };
}

/**
 * Imports record batches: each good line is stored (idempotent by authority and key),
 * each bad one reported with its line number, and the derived state of the affected
 * subjects updated. Each batch commits on its own, so an interrupted import keeps what
 * it stored and its subjects stay marked for re-evaluation.
 */
export async function importRecords(
  deps: EngineDeps,
  batches: AsyncIterable<readonly SourceLine[]> | PreparedSource,
  options: ImportOptions = {},
): Promise<ImportCounts> {
  const submittedBy = options.submittedBy ?? null;
  const reject = options.onRejected ?? (() => undefined);
  const source = Symbol.asyncIterator in batches ? preparedInline(batches, prepareOptionsOf(options)) : batches;
  let accepted = 0;
  let duplicates = 0;
  let rejected = 0;
  const known = new Set<string>();
  try {
    for (;;) {
      const now = deps.clock.now();
      const prepared = await source.next(now);
      if (prepared === undefined) break;
      for (const r of prepared.rejected) {
        rejected++;
        reject(r);
      }
      const { lines } = prepared;
      const rows: NewRecord[] = prepared.rows.map((r) => ({
        key: r.key,
        authority: r.authority,
        subject: r.subject,
        kind: r.kind,
        occurredAt: r.occurredAt,
        data: r.data,
        evidence: r.evidence,
        submittedBy,
        receivedAt: now,
        hash: r.hash,
      }));
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
  } finally {
    await source.close();
  }
  if (!options.deferDerive) await sweep(deps);
  return { accepted, duplicates, rejected };
}
