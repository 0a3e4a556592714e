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
import type { SqliteContext } from './sqlite-context.js';

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
        `SELECT id, authority, key, subject, kind, occurred_at AS occurredAt, data, evidence, hash, retracted_at IS NOT NULL AS retracted,
           submitted_by AS submittedBy, received_at AS receivedAt, retracted_at AS retractedAt, retract_reason AS retractReason,
           retracted_by AS retractedBy
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
    async sanctionsOfListings(afterId, lastId) {
      const rows = st(
        `SELECT listing_id AS listingId, subject, action, effect, limit_json AS "limit", authority, scheme, list, since
         FROM active_sanctions WHERE listing_id > ? AND listing_id <= ? ORDER BY listing_id, action, subject`,
      ).all(afterId, lastId) as (Omit<ActiveSanctionRow, 'limit'> & { limit: string | null })[];
      return rows.map((r) => ({
        ...r,
        limit: r.limit === null ? null : (JSON.parse(r.limit) as Record<string, number>),
      }));
    },
    async messagesAfter(afterId, limit) {
      const rows = st(
        'SELECT id, subject, kind, listing_id AS listingId, authority, at, body FROM inbox WHERE id > ? ORDER BY id LIMIT ?',
      ).all(afterId, limit) as (Omit<MessageRow, 'body'> & { body: string })[];
      return rows.map((r) => ({ ...r, body: JSON.parse(r.body) as Record<string, unknown> }));
    },
    async allConsents() {
      const rows = st(
        'SELECT id, authority, scheme, subject, at, opt_in AS optIn, recorded_by AS recordedBy FROM consents ORDER BY id',
      ).all() as (Omit<AuditConsentRow, 'optIn'> & { optIn: number })[];
      return rows.map((r) => ({ ...r, optIn: r.optIn === 1 }));
    },
    async allExemptions() {
      return st(
        'SELECT authority, scheme, list, subject, since FROM exemptions ORDER BY authority, scheme, list, subject',
      ).all() as AuditExemptionRow[];
    },
    async allEntitlements() {
      return st(
        'SELECT party, action, granted_at AS grantedAt FROM entitlements ORDER BY party, action',
      ).all() as AuditEntitlementRow[];
    },
    async allPasswords() {
      return st('SELECT account, hash, changed_at AS changedAt FROM passwords ORDER BY account').all() as PasswordRow[];
    },
    async insertCheckpoint(c) {
      st('INSERT INTO audit_checkpoints(chain, size, head, note, created_at) VALUES (?, ?, ?, ?, ?)').run(
        c.chain,
        c.size,
        c.head,
        c.note,
        c.createdAt,
      );
    },
    async latestCheckpoints() {
      return st(
        `SELECT chain, size, head, note, created_at AS createdAt FROM audit_checkpoints
         WHERE id IN (SELECT MAX(id) FROM audit_checkpoints GROUP BY chain) ORDER BY chain`,
      ).all() as CheckpointRow[];
    },
  };
}
