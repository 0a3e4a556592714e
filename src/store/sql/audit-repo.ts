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
import { compiledOnce } from './compiled.js';
import type { SqlRunner } from './dialect.js';

/*
 * The audit log (SPEC §8) and the reads `audit verify` streams: one implementation for SQLite
 * and PostgreSQL. Appending reads the chain's head and then writes the next entry. SQLite has
 * one writer, so nothing comes between; where the database has advisory locks (PostgreSQL),
 * `auditHead` takes a transaction-scoped lock on the chain first, so a second writer's read
 * waits for the first to commit and sees its entry: chains never fork, and concurrent appends
 * queue instead of failing.
 */

// An append is two statements per decided change (imports, sweeps, decisions): compiled once.
const insertEntry = compiledOnce(
  7,
  (sql, chain: string, seq: number, at: number, type: string, payload: string, prev: string, hash: string) =>
    sql.insertInto('audit_entries').values({ chain, seq, at, type, payload, prev, hash }),
);
// The guard is a second line behind the lock (or the single writer) and the (chain, seq) key: a
// head never moves backwards.
const moveHead = compiledOnce(3, (sql, chain: string, seq: number, hash: string) =>
  sql
    .insertInto('audit_heads')
    .values({ chain, seq, hash })
    .onConflict((oc) =>
      oc
        .column('chain')
        .doUpdateSet((eb) => ({ seq: eb.ref('excluded.seq'), hash: eb.ref('excluded.hash') }))
        .whereRef('audit_heads.seq', '<', 'excluded.seq'),
    ),
);
const headOf = compiledOnce(1, (sql, chain: string) =>
  sql.selectFrom('audit_heads').select(['chain', 'seq', 'hash']).where('chain', '=', chain),
);

export function auditRepo({ dialect, all, run }: SqlRunner): AuditRepo {
  const { sql } = dialect;
  return {
    async appendAudit(e) {
      await run(insertEntry(dialect, e.chain, e.seq, e.at, e.type, e.payload, e.prev, e.hash));
      const moved = await run(moveHead(dialect, e.chain, e.seq, e.hash));
      if (moved !== 1) throw new Error(`audit chain ${e.chain} is past seq ${e.seq}: another writer appended first`);
    },
    async auditHead(chain) {
      if (dialect.can.advisoryLocks) await all(dialect.advisoryLock('standing.audit', { key: chain }).compile(sql));
      return (await all<AuditHead>(headOf(dialect, chain)))[0];
    },
    async auditHeads() {
      return all<AuditHead>(sql.selectFrom('audit_heads').select(['chain', 'seq', 'hash']).orderBy('chain').compile());
    },
    async auditChains() {
      const rows = await all<{ chain: string }>(
        sql
          .selectFrom('audit_entries')
          .select('chain')
          .union(sql.selectFrom('audit_heads').select('chain'))
          .orderBy('chain')
          .compile(),
      );
      return rows.map((r) => r.chain);
    },
    async auditEntries(chain, afterSeq, limit) {
      return all<StoredAuditEntry>(
        sql
          .selectFrom('audit_entries')
          .select(['chain', 'seq', 'at', 'type', 'payload', 'prev', 'hash'])
          .where('chain', '=', chain)
          .where('seq', '>', afterSeq)
          .orderBy('seq')
          .limit(limit)
          .compile(),
      );
    },
    async recordsAfterId(afterId, limit) {
      // Aliased to the port's names so a million rows are not copied into new objects.
      const rows = await all<Omit<AuditRecordRow, 'retracted'> & { retracted: unknown }>(
        sql
          .selectFrom('records')
          .select((eb) => [
            'id',
            'authority',
            'key',
            'subject',
            'kind',
            'occurred_at as occurredAt',
            'data',
            'evidence',
            'hash',
            eb('retracted_at', 'is not', null).as('retracted'),
            'submitted_by as submittedBy',
            'received_at as receivedAt',
            'retracted_at as retractedAt',
            'retract_reason as retractReason',
            'retracted_by as retractedBy',
          ])
          .where('id', '>', afterId)
          .orderBy('id')
          .limit(limit)
          .compile(),
      );
      for (const r of rows) r.retracted = dialect.readBool(r.retracted);
      return rows as AuditRecordRow[];
    },
    async recordExists(authority, key) {
      const q = sql
        .selectFrom('records')
        .select((eb) => eb.lit(1).as('one'))
        .where('authority', '=', authority)
        .where('key', '=', key);
      return (await all(q.compile())).length > 0;
    },
    async listingStatesAfter(afterId, limit) {
      return all<ListingStateRow>(
        sql
          .selectFrom('listings')
          .select(['id', 'authority', 'state'])
          .where('id', '>', afterId)
          .orderBy('id')
          .limit(limit)
          .compile(),
      );
    },
    async sanctionsOfListings(afterId, lastId) {
      const rows = await all<Omit<ActiveSanctionRow, 'limit'> & { limit: string | null }>(
        sql
          .selectFrom('active_sanctions')
          .select([
            'listing_id as listingId',
            'subject',
            'action',
            'effect',
            'limit_json as limit',
            'authority',
            'scheme',
            'list',
            'since',
          ])
          .where('listing_id', '>', afterId)
          .where('listing_id', '<=', lastId)
          .orderBy('listing_id')
          .orderBy('action')
          .orderBy('subject')
          .compile(),
      );
      return rows.map((r) => ({
        ...r,
        limit: r.limit === null ? null : (JSON.parse(r.limit) as Record<string, number>),
      }));
    },
    async messagesAfter(afterId, limit) {
      const rows = await all<Omit<MessageRow, 'body'> & { body: string }>(
        sql
          .selectFrom('inbox')
          .select(['id', 'subject', 'kind', 'listing_id as listingId', 'authority', 'at', 'body'])
          .where('id', '>', afterId)
          .orderBy('id')
          .limit(limit)
          .compile(),
      );
      return rows.map((r) => ({ ...r, body: JSON.parse(r.body) as Record<string, unknown> }));
    },
    async allConsents() {
      const rows = await all<Omit<AuditConsentRow, 'optIn'> & { optIn: unknown }>(
        sql
          .selectFrom('consents')
          .select(['id', 'authority', 'scheme', 'subject', 'at', 'opt_in as optIn', 'recorded_by as recordedBy'])
          .orderBy('id')
          .compile(),
      );
      return rows.map((r) => ({ ...r, optIn: dialect.readBool(r.optIn) }));
    },
    async allExemptions() {
      return all<AuditExemptionRow>(
        sql
          .selectFrom('exemptions')
          .select(['authority', 'scheme', 'list', 'subject', 'since'])
          .orderBy('authority')
          .orderBy('scheme')
          .orderBy('list')
          .orderBy('subject')
          .compile(),
      );
    },
    async allEntitlements() {
      return all<AuditEntitlementRow>(
        sql
          .selectFrom('entitlements')
          .select(['party', 'action', 'granted_at as grantedAt'])
          .orderBy('party')
          .orderBy('action')
          .compile(),
      );
    },
    async allPasswords() {
      return all<PasswordRow>(
        sql.selectFrom('passwords').select(['account', 'hash', 'changed_at as changedAt']).orderBy('account').compile(),
      );
    },
    async insertCheckpoint(c) {
      await run(
        sql
          .insertInto('audit_checkpoints')
          .values({ chain: c.chain, size: c.size, head: c.head, note: c.note, created_at: c.createdAt })
          .compile(),
      );
    },
    async latestCheckpoints() {
      return all<CheckpointRow>(
        sql
          .selectFrom('audit_checkpoints')
          .select(['chain', 'size', 'head', 'note', 'created_at as createdAt'])
          .where(
            'id',
            'in',
            sql
              .selectFrom('audit_checkpoints')
              .select((eb) => eb.fn.max('id').as('id'))
              .groupBy('chain'),
          )
          .orderBy('chain')
          .compile(),
      );
    },
  };
}
