import type { AuditPayloads } from '../../core/audit-entry.js';
import { canonicalRecord } from '../../core/record.js';
import type { AuditRecordRow } from '../../store/audit-port.js';
import type { ReadTx } from '../../store/store.js';
import type { CrossCheck } from './cross-check.js';
import { sha256 } from './hash.js';
import type { Problems } from './problems.js';

const ENTRY_PAGE = 64;
const ROW_PAGE = 10_000;

interface BatchItem {
  readonly key: string;
  readonly hash: string;
  readonly seq: number;
  /** submitted_by and received_at as the batch states them; undefined in a batch written by an older Standing. */
  readonly by: string | null | undefined;
  readonly receivedAt: number | undefined;
}

interface Retraction {
  readonly seq: number;
  readonly at: number;
  readonly reason: unknown;
  readonly by: unknown;
}

/** The records of a record-batch (or record-deletion) payload, or undefined when it is not one. */
function batchOf(
  payloadJson: string,
): (Partial<AuditPayloads['record-batch']> & Pick<AuditPayloads['record-batch'], 'records'>) | undefined {
  let p: unknown;
  try {
    p = JSON.parse(payloadJson);
  } catch {
    return undefined;
  }
  if (typeof p !== 'object' || p === null) return undefined;
  const records: unknown = (p as { records?: unknown }).records;
  if (!Array.isArray(records)) return undefined;
  const ok = records.every(
    (r: unknown) =>
      typeof r === 'object' &&
      r !== null &&
      typeof (r as BatchItem).key === 'string' &&
      typeof (r as BatchItem).hash === 'string',
  );
  return ok ? (p as AuditPayloads['record-batch']) : undefined;
}

/** Walks the records one chain's batches hold, in order, lazily a page of entries at a time. */
function batchCursor(tx: ReadTx, chain: string, deletions: Map<string, number[]> | undefined, problems: Problems) {
  let afterSeq = 0;
  let buffer: BatchItem[] = [];
  let i = 0;
  let done = false;
  // A record deleted by an audited retention step after its batch is not expected among the rows.
  const deletedLater = (key: string, seq: number): boolean => (deletions?.get(key) ?? []).some((d) => d > seq);
  return {
    async peek(): Promise<BatchItem | undefined> {
      while (i >= buffer.length && !done) {
        const page = await tx.auditEntries(chain, afterSeq, ENTRY_PAGE);
        if (page.length < ENTRY_PAGE) done = true;
        buffer = [];
        i = 0;
        for (const e of page) {
          afterSeq = e.seq;
          if (e.type !== 'record-batch') continue;
          const batch = batchOf(e.payload);
          if (!batch) {
            problems.add({ chain, seq: e.seq, message: 'record-batch payload is not a list of records' });
            continue;
          }
          const by = batch.by === undefined || typeof batch.by === 'string' || batch.by === null ? batch.by : undefined;
          const receivedAt = typeof batch.receivedAt === 'number' ? batch.receivedAt : undefined;
          for (const r of batch.records)
            if (!deletedLater(r.key, e.seq)) buffer.push({ key: r.key, hash: r.hash, seq: e.seq, by, receivedAt });
        }
      }
      return buffer[i];
    },
    advance(): void {
      i++;
    },
  };
}

type Cursor = ReturnType<typeof batchCursor>;

/**
 * Records (SPEC §2): every row, retracted ones included, against its hash column and the
 * record-batch entry that holds it (content hash, who submitted it, when it was received),
 * streaming rows and entries in insertion order; retractions (instant, reason, by) against
 * their entries; batched records missing without a record-deletion entry.
 */
export function verifyRecords(): CrossCheck {
  /** chain → key → seqs of its record-deletion entries. */
  const deletions = new Map<string, Map<string, number[]>>();
  /** chain → key → its retraction, for keys retracted and not deleted since. */
  const retracted = new Map<string, Map<string, Retraction>>();
  const batchChains = new Set<string>();
  const nested = <V>(m: Map<string, Map<string, V>>, chain: string): Map<string, V> => {
    let inner = m.get(chain);
    if (!inner) m.set(chain, (inner = new Map<string, V>()));
    return inner;
  };
  return {
    entry(e, p, problems) {
      switch (e.type) {
        case 'record-batch':
          batchChains.add(e.chain);
          return;
        case 'retraction':
          nested(retracted, e.chain).set(String(p.key), { seq: e.seq, at: e.at, reason: p.reason, by: p.by });
          return;
        case 'record-deletion': {
          const batch = batchOf(e.payload);
          if (!batch) {
            problems.add({ chain: e.chain, seq: e.seq, message: 'record-deletion payload is not a list of records' });
            return;
          }
          const byKey = nested(deletions, e.chain);
          for (const r of batch.records) {
            byKey.set(r.key, [...(byKey.get(r.key) ?? []), e.seq]);
            retracted.get(e.chain)?.delete(r.key);
          }
          return;
        }
        default:
          return;
      }
    },
    async rows(tx, problems) {
      const cursors = new Map<string, Cursor>();
      const cursorOf = (chain: string): Cursor => {
        let c = cursors.get(chain);
        if (!c) cursors.set(chain, (c = batchCursor(tx, chain, deletions.get(chain), problems)));
        return c;
      };
      const missing = (chain: string, item: BatchItem): void =>
        problems.add({
          chain,
          seq: item.seq,
          table: 'records',
          id: `${chain}/${item.key}`,
          message: `record ${chain}/${item.key} of this record batch is not in the records table (deleted without a record-deletion entry, or its key or authority changed)`,
        });
      for (let after = 0; ; ) {
        const page = await tx.recordsAfterId(after, ROW_PAGE);
        for (const row of page) {
          after = row.id;
          await verifyRow(tx, row, cursorOf(row.authority), problems, missing);
          checkRetraction(row, retracted.get(row.authority)?.get(row.key), problems);
        }
        if (page.length < ROW_PAGE) break;
      }
      // Batched records no row was matched with.
      for (const chain of [...batchChains].sort()) {
        const c = cursorOf(chain);
        for (let item = await c.peek(); item; c.advance(), item = await c.peek()) missing(chain, item);
      }
    },
  };
}

function checkRetraction(row: AuditRecordRow, r: Retraction | undefined, problems: Problems): void {
  const name = `record ${row.authority}/${row.key}`;
  const at = { chain: row.authority, table: 'records', id: row.id };
  if (!r) {
    if (row.retracted) problems.add({ ...at, message: `${name} is retracted but no retraction entry says so` });
    return;
  }
  if (!row.retracted) {
    problems.add({ ...at, seq: r.seq, message: `${name} has a retraction entry but is not retracted` });
    return;
  }
  const changed: string[] = [];
  if (row.retractReason !== r.reason) changed.push('reason');
  if (row.retractedBy !== r.by) changed.push('retracted_by');
  if (row.retractedAt !== r.at) changed.push('retracted_at');
  if (changed.length > 0)
    problems.add({
      ...at,
      seq: r.seq,
      message: `${name}: its retraction's ${changed.join(', ')} no longer match${changed.length === 1 ? 'es' : ''} its retraction entry`,
    });
}

async function verifyRow(
  tx: ReadTx,
  row: AuditRecordRow,
  cursor: Cursor,
  problems: Problems,
  missing: (chain: string, item: BatchItem) => void,
): Promise<void> {
  const name = `record ${row.authority}/${row.key}`;
  const actual = sha256(canonicalRecord(row));
  for (;;) {
    const item = await cursor.peek();
    if (item?.key === row.key) {
      cursor.advance();
      const at = { chain: row.authority, seq: item.seq, table: 'records', id: row.id };
      if (actual !== row.hash && actual !== item.hash)
        problems.add({
          ...at,
          message: `${name} was changed: its content matches neither its hash column nor its record-batch entry`,
        });
      else if (actual !== item.hash)
        problems.add({
          ...at,
          message: `${name} was changed: its content and hash column no longer match its record-batch entry`,
        });
      else if (actual !== row.hash)
        problems.add({
          ...at,
          message: `${name}: its hash column was changed (content still matches its record-batch entry)`,
        });
      else if (item.by === undefined || item.receivedAt === undefined)
        problems.add({
          ...at,
          message: `${name}: its record-batch entry does not state who submitted it and when (written by an older Standing)`,
        });
      else if (item.by !== row.submittedBy)
        problems.add({
          ...at,
          message: `${name}: submitted_by is ${JSON.stringify(row.submittedBy)} but its record-batch entry says ${JSON.stringify(item.by)}`,
        });
      else if (item.receivedAt !== row.receivedAt)
        problems.add({
          ...at,
          message: `${name}: received_at is ${row.receivedAt} but its record-batch entry says ${item.receivedAt}`,
        });
      return;
    }
    if (item && !(await tx.recordExists(row.authority, item.key))) {
      missing(row.authority, item);
      cursor.advance();
      continue;
    }
    problems.add({
      chain: row.authority,
      table: 'records',
      id: row.id,
      message: `${name} is covered by no record-batch entry of chain ${row.authority}`,
    });
    return;
  }
}
