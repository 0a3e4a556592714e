import {
  canonicalSchemeVersion,
  entryProblem,
  GENESIS,
  nextEntry,
  OPERATOR_CHAIN,
  type AuditEntry,
  type AuditInput,
  type AuditPayloads,
} from '../../core/audit-entry.js';
import { canonicalRecord } from '../../core/record.js';
import { checkAuthority } from '../../core/subject.js';
import type { AuditRepo, AuditRecordRow, StoredAuditEntry } from '../../store/audit-port.js';
import type { InsertOutcome, NewRecord, SchemeVersionRow, StoreTx } from '../../store/store.js';
import type { EngineDeps } from '../deps.js';
import { sha256 } from './hash.js';

/**
 * Appends one fact to its chain's audit log (SPEC §8), in the caller's transaction so
 * the fact and its entry commit together or not at all.
 *
 * - `chain`: the authority the fact belongs to, or OPERATOR_CHAIN ("operator") for
 *   operator-level facts (entitlements, registered actions).
 * - `type` and `payload`: one of AuditPayloads (src/core/audit-entry.ts); the payload is
 *   stored as canonical JSON.
 * - `at`: when the fact happened, epoch ms (normally deps.clock.now()).
 *
 * Costs one head read and two inserts: call it once per batch, not once per row.
 * Returns the sealed entry (seq, prev and hash filled in).
 */
export async function appendAudit(
  tx: Pick<AuditRepo, 'auditHead' | 'appendAudit'>,
  input: AuditInput,
): Promise<AuditEntry> {
  if (input.chain !== OPERATOR_CHAIN) checkAuthority(input.chain, 'chain');
  const { entry, payloadJson } = nextEntry(await tx.auditHead(input.chain), input, sha256);
  await tx.appendAudit({
    chain: entry.chain,
    seq: entry.seq,
    at: entry.at,
    type: entry.type,
    payload: payloadJson,
    prev: entry.prev,
    hash: entry.hash,
  });
  return entry;
}

/**
 * Takes the append lock of each chain now, in code-point order, rather than at the first
 * append (PostgreSQL: auditHead locks its chain until the transaction ends; SQLite has one
 * writer). A writer that must change rows of a chain's facts (records) after locking it,
 * or that appends to several chains, calls this first, so that no two transactions wait
 * for each other (docs/fleet.md). Import relies on it too: record ids then follow the
 * order of the record-batch entries that list them, which `audit verify` walks in step.
 */
export async function lockChains(tx: Pick<AuditRepo, 'auditHead'>, chains: Iterable<string>): Promise<void> {
  for (const chain of [...new Set(chains)].sort()) await tx.auditHead(chain);
}

/** Audits an import batch: one 'record-batch' entry per authority, holding the records it inserted (not duplicates or conflicts). */
export async function auditRecordBatch(
  tx: StoreTx,
  rows: readonly NewRecord[],
  outcomes: readonly InsertOutcome[],
  at: number,
): Promise<void> {
  const byAuthority = new Map<string, { key: string; hash: string }[]>();
  outcomes.forEach((o, i) => {
    if (o !== 'inserted') return;
    const r = rows[i]!;
    let list = byAuthority.get(r.authority);
    if (!list) byAuthority.set(r.authority, (list = []));
    list.push({ key: r.key, hash: r.hash });
  });
  for (const [chain, records] of byAuthority)
    await appendAudit(tx, { chain, type: 'record-batch', payload: { records }, at });
}

/** The hash a 'scheme-version' entry holds for a scheme_versions row. */
export function schemeVersionHash(
  v: Pick<SchemeVersionRow, 'authority' | 'scheme' | 'version' | 'source' | 'content'>,
): string {
  return sha256(canonicalSchemeVersion(v));
}

/** One chain as verified: how many entries and the hash of its last one (GENESIS when empty). */
export interface ChainSummary {
  readonly chain: string;
  readonly entries: number;
  readonly head: string;
}

/** Something that does not fit: an entry (chain, seq), a row (table, id), or both. */
export interface AuditProblem {
  readonly chain?: string;
  readonly seq?: number;
  readonly table?: string;
  readonly id?: string | number;
  readonly message: string;
}

export interface AuditReport {
  readonly ok: boolean;
  readonly chains: readonly ChainSummary[];
  /** In a stable order: chains, then records (by row id), scheme versions, listings; the first is the first entry or row that does not fit. */
  readonly problems: readonly AuditProblem[];
  /** Problems found beyond MAX_PROBLEMS and not listed. */
  readonly omitted: number;
}

/** Problems listed at most; a wholesale tamper would otherwise list every row. */
export const MAX_PROBLEMS = 1000;
const ENTRY_PAGE = 64;
const ROW_PAGE = 10_000;

/** What the chain walk learns from entries other than record batches; bounded by the number of such facts, not of records. */
interface ChainFacts {
  /** chain → key → seqs of its record-deletion entries. */
  readonly deletions: Map<string, Map<string, number[]>>;
  /** chain → keys retracted and not deleted since. */
  readonly retracted: Map<string, Set<string>>;
  /** "authority\0scheme\0version" → the entry. */
  readonly schemes: Map<
    string,
    { chain: string; seq: number; hash: string; scheme: string; version: number; seen: boolean }
  >;
  /** listing id → its last 'listing' entry. */
  readonly listings: Map<number, { chain: string; seq: number; to: string; seen: boolean }>;
  /** Chains holding at least one record batch. */
  readonly batchChains: Set<string>;
}

class Problems {
  readonly list: AuditProblem[] = [];
  omitted = 0;
  add(p: AuditProblem): void {
    if (this.list.length < MAX_PROBLEMS) this.list.push(p);
    else this.omitted++;
  }
}

function nestedGet<K, V>(m: Map<string, Map<K, V>>, chain: string): Map<K, V> {
  let inner = m.get(chain);
  if (!inner) m.set(chain, (inner = new Map<K, V>()));
  return inner;
}

function learn(facts: ChainFacts, e: StoredAuditEntry, problems: Problems): void {
  if (e.type === 'record-batch') {
    facts.batchChains.add(e.chain);
    return;
  }
  let payload: unknown;
  try {
    payload = JSON.parse(e.payload);
  } catch {
    problems.add({ chain: e.chain, seq: e.seq, message: 'entry payload is not JSON' });
    return;
  }
  switch (e.type) {
    case 'retraction': {
      const p = payload as AuditPayloads['retraction'];
      let set = facts.retracted.get(e.chain);
      if (!set) facts.retracted.set(e.chain, (set = new Set()));
      set.add(p.key);
      return;
    }
    case 'record-deletion': {
      const records = batchRecords(e.payload);
      if (!records) {
        problems.add({ chain: e.chain, seq: e.seq, message: 'record-deletion payload is not a list of records' });
        return;
      }
      const byKey = nestedGet(facts.deletions, e.chain);
      for (const r of records) {
        byKey.set(r.key, [...(byKey.get(r.key) ?? []), e.seq]);
        facts.retracted.get(e.chain)?.delete(r.key);
      }
      return;
    }
    case 'scheme-version': {
      const p = payload as AuditPayloads['scheme-version'];
      const key = `${e.chain}\u0000${p.scheme}\u0000${p.version}`;
      if (facts.schemes.has(key))
        problems.add({
          chain: e.chain,
          seq: e.seq,
          message: `a second scheme-version entry for ${e.chain}/${p.scheme}@${p.version}`,
        });
      else
        facts.schemes.set(key, {
          chain: e.chain,
          seq: e.seq,
          hash: p.hash,
          scheme: p.scheme,
          version: p.version,
          seen: false,
        });
      return;
    }
    case 'listing': {
      const p = payload as AuditPayloads['listing'];
      // Each transition starts where the last one ended, so a state changed behind the log cannot be laundered by a later transition.
      const last = facts.listings.get(p.listing);
      if ((last?.to ?? null) !== p.from) {
        problems.add({
          chain: e.chain,
          seq: e.seq,
          table: 'listings',
          id: p.listing,
          message: `listing ${p.listing} moves from ${p.from ?? 'nothing'} but its previous entry left it ${last?.to ?? 'uncreated'}`,
        });
      }
      facts.listings.set(p.listing, { chain: e.chain, seq: e.seq, to: p.to, seen: false });
      return;
    }
    case 'retention':
    case 'notice':
    case 'appeal':
    case 'dispute':
    case 'decision':
    case 'consent':
    case 'grant':
    case 'action':
    case 'entitlement':
    case 'account':
    case 'access-log-retention':
    case 'access-log-deletion':
      return;
  }
}

/** Pass 1: every chain's links, hashes and head. */
async function walkChains(tx: StoreTx, problems: Problems, facts: ChainFacts): Promise<ChainSummary[]> {
  const heads = new Map((await tx.auditHeads()).map((h) => [h.chain, h]));
  const chains: ChainSummary[] = [];
  for (const chain of await tx.auditChains()) {
    let expectSeq = 1;
    let prev = GENESIS;
    let entries = 0;
    for (;;) {
      const page = await tx.auditEntries(chain, expectSeq - 1, ENTRY_PAGE);
      for (const e of page) {
        const why = entryProblem(e, e.payload, expectSeq, prev, sha256);
        if (why) problems.add({ chain, seq: e.seq, message: why });
        learn(facts, e, problems);
        // Carry on from the entry as stored, so one bad entry is reported once, not at every later one.
        expectSeq = e.seq + 1;
        prev = e.hash;
        entries++;
      }
      if (page.length < ENTRY_PAGE) break;
    }
    const head = heads.get(chain);
    const lastSeq = expectSeq - 1;
    if (!head)
      problems.add({ chain, seq: lastSeq, table: 'audit_heads', message: `chain has ${entries} entries but no head` });
    else if (head.seq !== lastSeq || head.hash !== prev) {
      problems.add({
        chain,
        seq: head.seq,
        table: 'audit_heads',
        message: `head is seq ${head.seq} (${head.hash.slice(0, 12)}…) but the last entry is seq ${lastSeq} (${prev.slice(0, 12)}…): entries were removed or replaced`,
      });
    }
    chains.push({ chain, entries, head: prev });
  }
  return chains;
}

interface BatchItem {
  readonly key: string;
  readonly hash: string;
  readonly seq: number;
}

/** The records of a record-batch (or record-deletion) payload, or undefined when it is not one. */
function batchRecords(payloadJson: string): AuditPayloads['record-batch']['records'] | undefined {
  let p: unknown;
  try {
    p = JSON.parse(payloadJson);
  } catch {
    return undefined;
  }
  const records: unknown = typeof p === 'object' && p !== null ? (p as { records?: unknown }).records : undefined;
  if (!Array.isArray(records)) return undefined;
  const ok = records.every(
    (r: unknown) =>
      typeof r === 'object' &&
      r !== null &&
      typeof (r as BatchItem).key === 'string' &&
      typeof (r as BatchItem).hash === 'string',
  );
  return ok ? (records as AuditPayloads['record-batch']['records']) : undefined;
}

/** Walks the records one chain's batches hold, in order, lazily a page of entries at a time. */
function batchCursor(tx: StoreTx, chain: string, deletions: Map<string, number[]> | undefined, problems: Problems) {
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
          const records = batchRecords(e.payload);
          if (!records) {
            problems.add({ chain, seq: e.seq, message: 'record-batch payload is not a list of records' });
            continue;
          }
          for (const r of records)
            if (!deletedLater(r.key, e.seq)) buffer.push({ key: r.key, hash: r.hash, seq: e.seq });
        }
      }
      return buffer[i];
    },
    advance(): void {
      i++;
    },
  };
}

/** Pass 2: every record row against its hash column and its batch entry, streaming both in insertion order. */
async function verifyRecords(tx: StoreTx, problems: Problems, facts: ChainFacts): Promise<void> {
  const cursors = new Map<string, ReturnType<typeof batchCursor>>();
  const cursorOf = (chain: string): ReturnType<typeof batchCursor> => {
    let c = cursors.get(chain);
    if (!c) cursors.set(chain, (c = batchCursor(tx, chain, facts.deletions.get(chain), problems)));
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

  let after = 0;
  for (;;) {
    const page = await tx.recordsAfterId(after, ROW_PAGE);
    for (const row of page) {
      after = row.id;
      await verifyRow(tx, row, cursorOf(row.authority), problems, missing);
      const retracted = facts.retracted.get(row.authority)?.has(row.key) ?? false;
      if (retracted !== row.retracted) {
        problems.add({
          chain: row.authority,
          table: 'records',
          id: row.id,
          message: row.retracted
            ? `record ${row.authority}/${row.key} is retracted but no retraction entry says so`
            : `record ${row.authority}/${row.key} has a retraction entry but is not retracted`,
        });
      }
    }
    if (page.length < ROW_PAGE) break;
  }
  // Batched records no row was matched with.
  for (const chain of [...facts.batchChains].sort()) {
    const c = cursorOf(chain);
    for (let item = await c.peek(); item; c.advance(), item = await c.peek()) missing(chain, item);
  }
}

async function verifyRow(
  tx: StoreTx,
  row: AuditRecordRow,
  cursor: ReturnType<typeof batchCursor>,
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

/** Pass 3: every scheme version row against its entry. */
async function verifySchemes(tx: StoreTx, problems: Problems, facts: ChainFacts): Promise<void> {
  for (const v of await tx.schemeVersions()) {
    const id = `${v.authority}/${v.scheme}@${v.version}`;
    const entry = facts.schemes.get(`${v.authority}\u0000${v.scheme}\u0000${v.version}`);
    if (!entry) {
      problems.add({
        chain: v.authority,
        table: 'scheme_versions',
        id,
        message: `scheme version ${id} has no scheme-version entry`,
      });
      continue;
    }
    entry.seen = true;
    if (schemeVersionHash(v) !== entry.hash) {
      problems.add({
        chain: entry.chain,
        seq: entry.seq,
        table: 'scheme_versions',
        id,
        message: `scheme version ${id} was changed: it no longer matches the hash its entry holds`,
      });
    }
  }
  for (const e of facts.schemes.values()) {
    if (!e.seen)
      problems.add({
        chain: e.chain,
        seq: e.seq,
        table: 'scheme_versions',
        id: `${e.chain}/${e.scheme}@${e.version}`,
        message: `scheme version ${e.chain}/${e.scheme}@${e.version} of this entry is not in scheme_versions`,
      });
  }
}

/** Pass 4: every listing's state against its last 'listing' entry. */
async function verifyListings(tx: StoreTx, problems: Problems, facts: ChainFacts): Promise<void> {
  let after = 0;
  for (;;) {
    const page = await tx.listingStatesAfter(after, ROW_PAGE);
    for (const l of page) {
      after = l.id;
      const entry = facts.listings.get(l.id);
      if (!entry) {
        problems.add({
          chain: l.authority,
          table: 'listings',
          id: l.id,
          message: `listing ${l.id} has no listing entry`,
        });
        continue;
      }
      entry.seen = true;
      if (entry.chain !== l.authority) {
        problems.add({
          chain: entry.chain,
          seq: entry.seq,
          table: 'listings',
          id: l.id,
          message: `listing ${l.id} belongs to ${l.authority} but its last entry is in chain ${entry.chain}`,
        });
      } else if (entry.to !== l.state) {
        problems.add({
          chain: entry.chain,
          seq: entry.seq,
          table: 'listings',
          id: l.id,
          message: `listing ${l.id} is ${l.state} but its last listing entry says ${entry.to}`,
        });
      }
    }
    if (page.length < ROW_PAGE) break;
  }
  const gone = [...facts.listings].filter(([, e]) => !e.seen).sort(([a], [b]) => a - b);
  for (const [id, e] of gone)
    problems.add({
      chain: e.chain,
      seq: e.seq,
      table: 'listings',
      id,
      message: `listing ${id} of this entry is not in the listings table`,
    });
}

/**
 * `standing audit verify` (SPEC §8): recomputes every chain (contiguous seqs, links,
 * hashes, head), then checks every record row, scheme version and listing state against
 * the entries that vouch for them. Runs in one read-only snapshot for a consistent view;
 * records and entries are streamed in pages, so memory stays bounded by the number of
 * retractions, deletions, scheme versions and listings, not of records.
 */
export async function verifyAudit(deps: Pick<EngineDeps, 'store'>): Promise<AuditReport> {
  return deps.store.transaction(async (tx) => {
    // Other processes may be writing: every page must come from one snapshot.
    await tx.readSnapshot();
    const problems = new Problems();
    const facts: ChainFacts = {
      deletions: new Map(),
      retracted: new Map(),
      schemes: new Map(),
      listings: new Map(),
      batchChains: new Set(),
    };
    const chains = await walkChains(tx, problems, facts);
    await verifyRecords(tx, problems, facts);
    await verifySchemes(tx, problems, facts);
    await verifyListings(tx, problems, facts);
    return { ok: problems.list.length === 0, chains, problems: problems.list, omitted: problems.omitted };
  });
}
