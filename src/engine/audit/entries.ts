import type { StoredAuditEntry } from '../../store/audit-port.js';
import type { EngineDeps } from '../deps.js';

/** A page of one audit chain in sequence order after `after`; `next` is the last seq shown when more follow, else null. */
export async function auditPage(
  deps: EngineDeps,
  chain: string,
  after: number,
  limit: number,
): Promise<{ readonly entries: readonly StoredAuditEntry[]; readonly next: number | null }> {
  const rows = await deps.store.read((tx) => tx.auditEntries(chain, after, limit + 1));
  const entries = rows.slice(0, limit);
  return { entries, next: rows.length > limit ? (entries[entries.length - 1]?.seq ?? null) : null };
}
