import type { AuditHead, AuditRecordRow, AuditRepo, ListingStateRow, StoredAuditEntry } from '../audit-port.js';
import type { PostgresContext } from './postgres-context.js';

// The head table is written with every append, so removing the last entries of a chain leaves a head that no longer matches.
export const AUDIT_DDL = `
CREATE TABLE audit_entries (
  chain TEXT COLLATE "C" NOT NULL,
  seq BIGINT NOT NULL,
  at BIGINT NOT NULL,
  type TEXT COLLATE "C" NOT NULL,
  payload TEXT NOT NULL,
  prev TEXT COLLATE "C" NOT NULL,
  hash TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (chain, seq)
);

CREATE TABLE audit_heads (
  chain TEXT COLLATE "C" PRIMARY KEY,
  seq BIGINT NOT NULL,
  hash TEXT COLLATE "C" NOT NULL
);
`;

/**
 * The audit log. Appending reads the head and then writes the next entry; under SQLite's
 * single writer nothing can come between. Here `auditHead` takes a transaction-scoped
 * advisory lock on the chain, so a second writer's read waits for the first to commit and
 * sees its entry: chains never fork, and concurrent appends queue instead of failing.
 */
export function auditRepo({ q, run }: PostgresContext): AuditRepo {
  return {
    async appendAudit(e) {
      await run(
        'INSERT INTO audit_entries(chain, seq, at, type, payload, prev, hash) VALUES ($1, $2, $3, $4, $5, $6, $7)',
        [e.chain, e.seq, e.at, e.type, e.payload, e.prev, e.hash],
      );
      // The guard is a second line behind the lock and the (chain, seq) key: a head never moves backwards.
      const moved = await run(
        `INSERT INTO audit_heads(chain, seq, hash) VALUES ($1, $2, $3)
         ON CONFLICT (chain) DO UPDATE SET seq = excluded.seq, hash = excluded.hash WHERE audit_heads.seq < excluded.seq`,
        [e.chain, e.seq, e.hash],
      );
      if (moved !== 1) throw new Error(`audit chain ${e.chain} is past seq ${e.seq}: another writer appended first`);
    },
    async auditHead(chain) {
      await q(`SELECT pg_advisory_xact_lock(hashtextextended('standing.audit/' || current_schema() || '/' || $1, 0))`, [
        chain,
      ]);
      return (await q<AuditHead>('SELECT chain, seq, hash FROM audit_heads WHERE chain = $1', [chain]))[0];
    },
    async auditHeads() {
      return q<AuditHead>('SELECT chain, seq, hash FROM audit_heads ORDER BY chain');
    },
    async auditChains() {
      return (
        await q<{ chain: string }>('SELECT chain FROM audit_entries UNION SELECT chain FROM audit_heads ORDER BY chain')
      ).map((r) => r.chain);
    },
    async auditEntries(chain, afterSeq, limit) {
      return q<StoredAuditEntry>(
        'SELECT chain, seq, at, type, payload, prev, hash FROM audit_entries WHERE chain = $1 AND seq > $2 ORDER BY seq LIMIT $3',
        [chain, afterSeq, limit],
      );
    },
    async recordsAfterId(afterId, limit) {
      return q<AuditRecordRow>(
        `SELECT id, authority, key, subject, kind, occurred_at AS "occurredAt", data, evidence, hash, retracted_at IS NOT NULL AS retracted
         FROM records WHERE id > $1 ORDER BY id LIMIT $2`,
        [afterId, limit],
      );
    },
    async recordExists(authority, key) {
      return (await q('SELECT 1 FROM records WHERE authority = $1 AND key = $2', [authority, key])).length > 0;
    },
    async listingStatesAfter(afterId, limit) {
      return q<ListingStateRow>('SELECT id, authority, state FROM listings WHERE id > $1 ORDER BY id LIMIT $2', [
        afterId,
        limit,
      ]);
    },
  };
}
