import type { AuditType } from '../../core/audit-entry.js';
import type { StoredAuditEntry } from '../../store/audit-port.js';
import type { ReadTx } from '../../store/store.js';
import type { Problems } from './problems.js';

/**
 * One concept's cross-check in `audit verify` (docs/audit.md): it sees every entry of every
 * chain as the walk passes it, then compares the stored rows of its table with what those
 * entries said. Add a concept by writing one (usually with keyedCheck) and listing it in
 * CROSS_CHECKS (verify-all.ts).
 */
export interface CrossCheck {
  /** Every entry, in (chain, seq) order, with its payload parsed (an object). */
  entry(e: StoredAuditEntry, payload: Readonly<Record<string, unknown>>, problems: Problems): void;
  /** After the walk, in the verify's snapshot. */
  rows(tx: ReadTx, problems: Problems): Promise<void>;
}

/** What an entry says about one row: its expected value, null when the row no longer exists, undefined when the entry does not say (written by an older Standing). */
export interface Vouch {
  readonly key: string;
  readonly value: string | null | undefined;
}

/** A stored row as a keyed check compares it. */
export interface KeyedRow {
  readonly key: string;
  /** The chain it belongs to, named in the problem. */
  readonly chain: string;
  /** The row's id as the problem names it. */
  readonly id: string | number;
  readonly value: string;
}

export interface KeyedCheckSpec {
  /** The table, as problems name it. */
  readonly table: string;
  /** The entry types that speak of this table's rows. */
  readonly types: readonly AuditType[];
  /** What one entry of those types says, if anything; the last entry about a key wins. */
  vouch(e: StoredAuditEntry, payload: Readonly<Record<string, unknown>>): Vouch | undefined;
  /** Every stored row. */
  rows(tx: ReadTx): Promise<Iterable<KeyedRow>>;
  /** A row named for people: "appeal 7". */
  name(key: string): string;
}

/**
 * The usual cross-check: the last entry about each key holds the value its row must have
 * (a hash of the covered columns, or the columns themselves); every row must have one, and
 * every row an entry names must exist unless a later entry removed it.
 */
export function keyedCheck(spec: KeyedCheckSpec): CrossCheck {
  const types = new Set<string>(spec.types);
  const last = new Map<string, { chain: string; seq: number; value: string | null; seen: boolean }>();
  return {
    entry(e, payload, problems) {
      if (!types.has(e.type)) return;
      const v = spec.vouch(e, payload);
      if (!v) return;
      if (v.value === undefined) {
        problems.add({
          chain: e.chain,
          seq: e.seq,
          table: spec.table,
          id: v.key,
          message: `this entry does not cover ${spec.name(v.key)} (written by an older Standing, without the fields audit verify compares)`,
        });
        last.delete(v.key);
        return;
      }
      last.set(v.key, { chain: e.chain, seq: e.seq, value: v.value, seen: false });
    },
    async rows(tx, problems) {
      for (const row of await spec.rows(tx)) {
        const v = last.get(row.key);
        const at = { chain: v?.chain ?? row.chain, table: spec.table, id: row.id };
        if (v === undefined) {
          problems.add({ ...at, message: `${spec.name(row.key)} is in ${spec.table} but no audit entry covers it` });
          continue;
        }
        v.seen = true;
        if (v.value === null)
          problems.add({
            ...at,
            seq: v.seq,
            message: `${spec.name(row.key)} is in ${spec.table} but its last entry says it was removed`,
          });
        else if (v.value !== row.value)
          problems.add({
            ...at,
            seq: v.seq,
            message: `${spec.name(row.key)} was changed: the ${spec.table} row no longer matches its last entry`,
          });
      }
      for (const [key, v] of last) {
        if (v.seen || v.value === null) continue;
        problems.add({
          chain: v.chain,
          seq: v.seq,
          table: spec.table,
          id: key,
          message: `${spec.name(key)} of this entry is not in ${spec.table} (deleted behind the log)`,
        });
      }
    },
  };
}

/** A payload field as a string, or undefined when absent or of another type. */
export const str = (p: Readonly<Record<string, unknown>>, k: string): string | undefined =>
  typeof p[k] === 'string' ? p[k] : undefined;
