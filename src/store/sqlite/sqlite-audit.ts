import type { AuditHead, AuditRecordRow, AuditRepo, ListingStateRow, StoredAuditEntry } from '../audit-port.js';
import type { SqliteContext } from './sqlite-context.js';

// The head table is written with every append, so removing the last entries of a chain leaves a head that no longer matches.
export const AUDIT_DDL = `
CREATE TABLE audit_entries (
  chain TEXT NOT NULL,
  seq INTEGER NOT NULL,
  at INTEGER NOT NULL,
  type TEXT NOT NULL,
  payload TEXT NOT NULL,
  prev TEXT NOT NULL,
  hash TEXT NOT NULL,
  PRIMARY KEY (chain, seq)
) WITHOUT ROWID;

CREATE TABLE audit_heads (
  chain TEXT PRIMARY KEY,
  seq INTEGER NOT NULL,
  hash TEXT NOT NULL
) WITHOUT ROWID;
`;

export function auditRepo({ st }: SqliteContext): AuditRepo {
  return {
    async appendAudit(e) {
      st('INSERT INTO audit_entries(chain, seq, at, type, payload, prev, hash) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
        e.chain,
        e.seq,
        e.at,
        e.type,
        e.payload,
        e.prev,
        e.hash,
      );
      st(
        'INSERT INTO audit_heads(chain, seq, hash) VALUES (?, ?, ?) ON CONFLICT(chain) DO UPDATE SET seq = excluded.seq, hash = excluded.hash',
      ).run(e.chain, e.seq, e.hash);
    },
    async auditHead(chain) {
      return st('SELECT chain, seq, hash FROM audit_heads WHERE chain = ?').get(chain) as AuditHead | undefined;
    },
    async auditHeads() {
      return st('SELECT chain, seq, hash FROM audit_heads ORDER BY chain').all() as AuditHead[];
    },
    async auditChains() {
      const rows = st(
        'SELECT DISTINCT chain FROM audit_entries UNION SELECT chain FROM audit_heads ORDER BY chain',
      ).all() as { chain: string }[];
      return rows.map((r) => r.chain);
    },
    async auditEntries(chain, afterSeq, limit) {
      return st(
        'SELECT chain, seq, at, type, payload, prev, hash FROM audit_entries WHERE chain = ? AND seq > ? ORDER BY seq LIMIT ?',
      ).all(chain, afterSeq, limit) as StoredAuditEntry[];
    },
    async recordsAfterId(afterId, limit) {
      // Aliased to the port's names so a million rows are not copied into new objects.
      const rows = st(
        `SELECT id, authority, key, subject, kind, occurred_at AS occurredAt, data, evidence, hash, retracted_at IS NOT NULL AS retracted
         FROM records WHERE id > ? ORDER BY id LIMIT ?`,
      ).all(afterId, limit) as (Omit<AuditRecordRow, 'retracted'> & { retracted: number | boolean })[];
      for (const r of rows) r.retracted = r.retracted === 1;
      return rows as AuditRecordRow[];
    },
    async recordExists(authority, key) {
      return st('SELECT 1 FROM records WHERE authority = ? AND key = ?').get(authority, key) !== undefined;
    },
    async listingStatesAfter(afterId, limit) {
      return st('SELECT id, authority, state FROM listings WHERE id > ? ORDER BY id LIMIT ?').all(
        afterId,
        limit,
      ) as ListingStateRow[];
    },
  };
}
