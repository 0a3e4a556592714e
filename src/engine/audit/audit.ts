import {
  entryProblem,
  GENESIS,
  nextEntry,
  OPERATOR_CHAIN,
  type AuditEntry,
  type AuditInput,
} from '../../core/audit-entry.js';
import { checkAuthority } from '../../core/subject.js';
import type { AuditRepo } from '../../store/audit-port.js';
import type { InsertOutcome, NewRecord, ReadTx, StorageCheck, StoreTx } from '../../store/store.js';
import type { EngineDeps } from '../deps.js';
import type { CrossCheck } from './cross-check.js';
import { sha256 } from './hash.js';
import { Problems, type AuditProblem } from './problems.js';
import { crossChecks } from './verify-all.js';

export { MAX_PROBLEMS, type AuditProblem } from './problems.js';
export { schemeVersionHash } from './verify-schemes.js';

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
 * Creates the authorities that do not exist yet and audits each on the operator chain (so an
 * authority deleted with its whole chain is still missed by `audit verify`). Call it before
 * locking any authority's chain: the operator chain is taken first (docs/fleet.md).
 */
export async function ensureAuthorities(tx: StoreTx, names: readonly string[], at: number): Promise<void> {
  for (const name of await tx.ensureAuthorities(names, at))
    await appendAudit(tx, { chain: OPERATOR_CHAIN, type: 'authority', payload: { name }, at });
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

/**
 * Audits an import batch: one 'record-batch' entry per authority, holding the records it
 * inserted (not duplicates or conflicts) with who submitted them and when they were received.
 * An import batch shares both; rows that differ start a new entry, in insertion order.
 */
export async function auditRecordBatch(
  tx: StoreTx,
  rows: readonly NewRecord[],
  outcomes: readonly InsertOutcome[],
  at: number,
): Promise<void> {
  // Members in code-unit order (hash < key), so the payload's canonical JSON is JSON.stringify's (record.ts).
  type Run = { by: string | null; receivedAt: number; records: { hash: string; key: string }[] };
  const byAuthority = new Map<string, Run[]>();
  outcomes.forEach((o, i) => {
    if (o !== 'inserted') return;
    const r = rows[i]!;
    let runs = byAuthority.get(r.authority);
    if (!runs) byAuthority.set(r.authority, (runs = []));
    let last = runs[runs.length - 1];
    if (!last || last.by !== r.submittedBy || last.receivedAt !== r.receivedAt)
      runs.push((last = { by: r.submittedBy, receivedAt: r.receivedAt, records: [] }));
    last.records.push({ hash: r.hash, key: r.key });
  });
  for (const [chain, runs] of byAuthority)
    for (const run of runs) await appendAudit(tx, { chain, type: 'record-batch', payload: run, at });
}

/** One chain as verified: how many entries and the hash of its last one (GENESIS when empty). */
export interface ChainSummary {
  readonly chain: string;
  readonly entries: number;
  readonly head: string;
}

export interface AuditReport {
  readonly ok: boolean;
  readonly chains: readonly ChainSummary[];
  /**
   * In a stable order: checkpoints, chains, then each cross-check's rows (records, scheme
   * versions, listings, sanctions, …; see verify-all.ts); the first is the first entry or row
   * that does not fit.
   */
  readonly problems: readonly AuditProblem[];
  /** Problems found beyond MAX_PROBLEMS and not listed. */
  readonly omitted: number;
}

/** What a checkpoint states of one chain: its first `size` entries end in `head`. Plain data, so it crosses to a worker thread. */
export interface CheckpointClaim {
  readonly chain: string;
  readonly size: number;
  /** Hex SHA-256 of the chain's entry number `size`. */
  readonly head: string;
  /** Where the claim comes from, named in problems: "checkpoint FILE", "stored checkpoint". */
  readonly source: string;
}

export interface VerifyOptions {
  /** Checkpoints the log must extend (already signature-checked: see checkpoint.ts). */
  readonly checkpoints?: readonly CheckpointClaim[];
  /** Told each step as it starts (for a progress line); default: nothing. */
  readonly onProgress?: (step: string) => void;
}

/**
 * The storage itself first (a damaged database is not read: `report` is then undefined), then
 * the log (verifyAudit). For readers that do not sweep in between (the HTTP route, its thread).
 */
export async function verifyStorageAndAudit(
  deps: Pick<EngineDeps, 'store'>,
  options: VerifyOptions & { readonly quick?: boolean } = {},
): Promise<{ storage: StorageCheck; report?: AuditReport }> {
  const storage = await deps.store.checkStorage({ quick: options.quick === true });
  if (!storage.ok) return { storage };
  return { storage, report: await verifyAudit(deps, options) };
}

const ENTRY_PAGE = 64;

/** Pass 1: every chain's links, hashes and head, each entry shown to every cross-check; and the hash at each claimed size. */
async function walkChains(
  tx: ReadTx,
  problems: Problems,
  checks: readonly CrossCheck[],
  claims: readonly CheckpointClaim[],
): Promise<ChainSummary[]> {
  const heads = new Map((await tx.auditHeads()).map((h) => [h.chain, h]));
  const chains: ChainSummary[] = [];
  for (const chain of await tx.auditChains()) {
    const wanted = new Map<number, CheckpointClaim[]>();
    for (const c of claims) if (c.chain === chain) wanted.set(c.size, [...(wanted.get(c.size) ?? []), c]);
    let expectSeq = 1;
    let prev = GENESIS;
    let entries = 0;
    for (;;) {
      const page = await tx.auditEntries(chain, expectSeq - 1, ENTRY_PAGE);
      for (const e of page) {
        const why = entryProblem(e, e.payload, expectSeq, prev, sha256);
        if (why) problems.add({ chain, seq: e.seq, message: why });
        // Record batches are streamed by the records check; parsing each here would double the work.
        let payload: Record<string, unknown> | undefined = {};
        if (e.type !== 'record-batch') {
          try {
            const p: unknown = JSON.parse(e.payload);
            payload = typeof p === 'object' && p !== null ? (p as Record<string, unknown>) : undefined;
          } catch {
            payload = undefined;
          }
        }
        if (payload === undefined) problems.add({ chain, seq: e.seq, message: 'entry payload is not a JSON object' });
        else for (const c of checks) c.entry(e, payload, problems);
        for (const claim of wanted.get(e.seq) ?? [])
          if (claim.head !== e.hash)
            problems.add({
              chain,
              seq: e.seq,
              table: 'checkpoint',
              id: chain,
              message: `entry ${e.seq} of chain ${chain} has hash ${e.hash.slice(0, 12)}… but ${claim.source} says ${claim.head.slice(0, 12)}…: the log was rewritten`,
            });
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

/** Checkpoints of chains the log no longer has, or that are longer than the chain. */
function shortChains(chains: readonly ChainSummary[], claims: readonly CheckpointClaim[], problems: Problems): void {
  const sizes = new Map(chains.map((c) => [c.chain, c.entries]));
  for (const c of claims) {
    const size = sizes.get(c.chain) ?? 0;
    if (c.size > size)
      problems.add({
        chain: c.chain,
        table: 'checkpoint',
        id: c.chain,
        message: `chain ${c.chain} has ${size} entries but ${c.source} says it had ${c.size}: entries were removed`,
      });
  }
}

/**
 * `standing audit verify` (SPEC §8): recomputes every chain (contiguous seqs, links,
 * hashes, head), then has each cross-check (verify-all.ts) compare its stored rows with
 * the entries that vouch for them, and checks that the log extends every checkpoint given
 * and every one stored. Runs in one read-only snapshot for a consistent view; records and
 * entries are streamed in pages. Store in, report out: callable from a worker thread.
 */
export async function verifyAudit(deps: Pick<EngineDeps, 'store'>, options: VerifyOptions = {}): Promise<AuditReport> {
  // Other processes may be writing: every page comes from one snapshot, which holds no write lock.
  return deps.store.snapshot(async (tx) => {
    const problems = new Problems();
    const stored = (await tx.latestCheckpoints()).map((c) => ({ ...c, source: 'the stored checkpoint' }));
    const claims = [...(options.checkpoints ?? []), ...stored];
    const checks = crossChecks();
    options.onProgress?.('recomputing the hash chains');
    const chains = await walkChains(tx, problems, checks, claims);
    shortChains(chains, claims, problems);
    options.onProgress?.('checking the stored rows against the chains');
    for (const check of checks) await check.rows(tx, problems);
    return { ok: problems.list.length === 0, chains, problems: problems.list, omitted: problems.omitted };
  });
}
