import type {
  AuditConsentRow,
  AuditEntitlementRow,
  AuditExemptionRow,
  AuditHead,
  AuditRecordRow,
  AuditRepo,
  CheckpointRow,
  ListingStateRow,
  StoredAuditEntry,
} from '../audit-port.js';
import type { ActiveSanctionRow, MessageRow } from '../due-process-port.js';
import type { PasswordRow } from '../auth-port.js';
import type { PostgresContext } from './postgres-context.js';

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
        `SELECT id, authority, key, subject, kind, occurred_at AS "occurredAt", data, evidence, hash, retracted_at IS NOT NULL AS retracted,
           submitted_by AS "submittedBy", received_at AS "receivedAt", retracted_at AS "retractedAt",
           retract_reason AS "retractReason", retracted_by AS "retractedBy"
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
    async sanctionsOfListings(afterId, lastId) {
      const rows = await q<Omit<ActiveSanctionRow, 'limit'> & { limit: string | null }>(
        `SELECT listing_id AS "listingId", subject, action, effect, limit_json AS "limit", authority, scheme, list, since
         FROM active_sanctions WHERE listing_id > $1 AND listing_id <= $2 ORDER BY listing_id, action, subject`,
        [afterId, lastId],
      );
      return rows.map((r) => ({
        ...r,
        limit: r.limit === null ? null : (JSON.parse(r.limit) as Record<string, number>),
      }));
    },
    async messagesAfter(afterId, limit) {
      const rows = await q<Omit<MessageRow, 'body'> & { body: string }>(
        'SELECT id, subject, kind, listing_id AS "listingId", authority, at, body FROM inbox WHERE id > $1 ORDER BY id LIMIT $2',
        [afterId, limit],
      );
      return rows.map((r) => ({ ...r, body: JSON.parse(r.body) as Record<string, unknown> }));
    },
    async allConsents() {
      return q<AuditConsentRow>(
        'SELECT id, authority, scheme, subject, at, opt_in AS "optIn", recorded_by AS "recordedBy" FROM consents ORDER BY id',
      );
    },
    async allExemptions() {
      return q<AuditExemptionRow>(
        'SELECT authority, scheme, list, subject, since FROM exemptions ORDER BY authority, scheme, list, subject',
      );
    },
    async allEntitlements() {
      return q<AuditEntitlementRow>(
        'SELECT party, action, granted_at AS "grantedAt" FROM entitlements ORDER BY party, action',
      );
    },
    async allPasswords() {
      return q<PasswordRow>('SELECT account, hash, changed_at AS "changedAt" FROM passwords ORDER BY account');
    },
    async insertCheckpoint(c) {
      await run('INSERT INTO audit_checkpoints(chain, size, head, note, created_at) VALUES ($1, $2, $3, $4, $5)', [
        c.chain,
        c.size,
        c.head,
        c.note,
        c.createdAt,
      ]);
    },
    async latestCheckpoints() {
      return q<CheckpointRow>(
        `SELECT DISTINCT ON (chain) chain, size, head, note, created_at AS "createdAt"
         FROM audit_checkpoints ORDER BY chain, id DESC`,
      );
    },
  };
}
