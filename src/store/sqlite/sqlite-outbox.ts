import type { ClaimedDelivery, OutboxRepo, UnfannedEvent } from '../outbox-port.js';
import { toDelivery, toEndpoint, toEvent, type DeliverySql, type EndpointSql, type EventSql } from '../outbox-rows.js';
import type { SqliteContext } from './sqlite-context.js';

const DELIVERY = `SELECT d.*, e.id AS event_id, e.type AS event_type FROM webhook_deliveries d JOIN outbox_events e ON e.seq = d.event_seq`;

/** The outbox, endpoints and deliveries. SQLite runs one transaction at a time: a claim cannot race. */
export function outboxRepo({ st }: SqliteContext): OutboxRepo {
  return {
    async insertOutboxEvent(e) {
      const r = st(
        `INSERT INTO outbox_events(id, type, at, authority, subject, schema_version, payload, parties, fanned)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0)`,
      ).run(e.id, e.type, e.at, e.authority, e.subject, e.schemaVersion, e.payload, JSON.stringify(e.parties));
      return Number(r.lastInsertRowid);
    },
    async outboxEvents(afterSeq, limit) {
      return (
        st('SELECT * FROM outbox_events WHERE seq > ? ORDER BY seq LIMIT ?').all(afterSeq, limit) as EventSql[]
      ).map(toEvent);
    },
    async unfannedEvents(limit) {
      return (st('SELECT * FROM outbox_events WHERE fanned = 0 ORDER BY seq LIMIT ?').all(limit) as EventSql[]).map(
        (r): UnfannedEvent => ({ ...toEvent(r), fanCursor: r.fan_cursor ?? null }),
      );
    },
    async setFanOut(seq, cursor, done) {
      st('UPDATE outbox_events SET fan_cursor = ?, fanned = ? WHERE seq = ?').run(cursor, done ? 1 : 0, seq);
    },
    async enabledWebhookEndpointsAfter(afterId, limit) {
      return (
        st('SELECT * FROM webhook_endpoints WHERE disabled_at IS NULL AND id > ? ORDER BY id LIMIT ?').all(
          afterId ?? '',
          limit,
        ) as EndpointSql[]
      ).map(toEndpoint);
    },
    async insertDeliveries(eventSeq, subject, endpointIds, at) {
      const ins = st(
        `INSERT INTO webhook_deliveries(endpoint_id, event_seq, subject, state, attempts, created_at, window_start, next_at)
         VALUES (?, ?, ?, 'pending', 0, ?, ?, ?) ON CONFLICT (endpoint_id, event_seq) DO NOTHING`,
      );
      for (const id of endpointIds) ins.run(id, eventSeq, subject, at, at, at);
    },
    async insertWebhookEndpoint(w) {
      st(
        `INSERT INTO webhook_endpoints(id, url, events, party, authority, secret_generation, created_at, created_by, disabled_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        w.id,
        w.url,
        JSON.stringify(w.events),
        w.party,
        w.authority,
        w.secretGeneration,
        w.createdAt,
        w.createdBy,
        w.disabledAt,
      );
    },
    async getWebhookEndpoint(id) {
      const r = st('SELECT * FROM webhook_endpoints WHERE id = ?').get(id) as EndpointSql | undefined;
      return r && toEndpoint(r);
    },
    async listWebhookEndpoints() {
      return (st('SELECT * FROM webhook_endpoints ORDER BY id').all() as EndpointSql[]).map(toEndpoint);
    },
    async enabledWebhookEndpoints() {
      return (st('SELECT * FROM webhook_endpoints WHERE disabled_at IS NULL ORDER BY id').all() as EndpointSql[]).map(
        toEndpoint,
      );
    },
    async setWebhookDisabled(id, at) {
      return st('UPDATE webhook_endpoints SET disabled_at = ? WHERE id = ?').run(at, id).changes === 1;
    },
    async rotateWebhookSecret(id) {
      const r = st(
        'UPDATE webhook_endpoints SET secret_generation = secret_generation + 1 WHERE id = ? RETURNING secret_generation',
      ).get(id) as { secret_generation: number } | undefined;
      return r?.secret_generation;
    },
    async claimDeliveries(now, leaseUntil, limit, limits = {}) {
      // Read in order and stop at the limit; endpoints excluded or at their cap are passed over here.
      const exclude = new Set(limits.exclude ?? []);
      const cap = limits.perEndpoint ?? Number.POSITIVE_INFINITY;
      const taken = new Map<string, number>();
      const rows: DeliverySql[] = [];
      if (limit > 0)
        for (const r of st(
          `${DELIVERY} JOIN webhook_endpoints w ON w.id = d.endpoint_id
           WHERE d.state = 'pending' AND d.next_at <= ? AND w.disabled_at IS NULL
             AND NOT EXISTS (SELECT 1 FROM webhook_deliveries p WHERE p.endpoint_id = d.endpoint_id
               AND p.subject = d.subject AND p.state = 'pending' AND p.event_seq < d.event_seq)
             AND NOT EXISTS (SELECT 1 FROM outbox_events u WHERE u.fanned = 0 AND u.subject = d.subject
               AND u.seq < d.event_seq)
           ORDER BY d.next_at, d.id`,
        ).iterate(now) as IterableIterator<DeliverySql>) {
          const n = taken.get(r.endpoint_id) ?? 0;
          if (exclude.has(r.endpoint_id) || n >= cap) continue;
          taken.set(r.endpoint_id, n + 1);
          rows.push(r);
          if (rows.length >= limit) break;
        }
      const lease = st('UPDATE webhook_deliveries SET next_at = ? WHERE id = ?');
      const event = st('SELECT * FROM outbox_events WHERE seq = ?');
      const endpoint = st('SELECT * FROM webhook_endpoints WHERE id = ?');
      return rows.map((r): ClaimedDelivery => {
        lease.run(leaseUntil, r.id);
        return {
          delivery: toDelivery({ ...r, next_at: leaseUntil }),
          event: toEvent(event.get(r.event_seq) as EventSql),
          endpoint: toEndpoint(endpoint.get(r.endpoint_id) as EndpointSql),
        };
      });
    },
    async finishDelivery(id, o) {
      st(
        `UPDATE webhook_deliveries SET attempts = attempts + 1, last_at = ?, last_status = ?, last_latency_ms = ?,
           state = ?, next_at = ?, delivered_at = ? WHERE id = ?`,
      ).run(
        o.at,
        o.status,
        o.latencyMs,
        o.ok ? 'delivered' : o.nextAt === null ? 'dead' : 'pending',
        o.ok || o.nextAt === null ? o.at : o.nextAt,
        o.ok ? o.at : null,
        id,
      );
    },
    async getDelivery(id) {
      const r = st(`${DELIVERY} WHERE d.id = ?`).get(id) as DeliverySql | undefined;
      return r && toDelivery(r);
    },
    async deliveriesOf(endpointId, limit) {
      return (
        st(`${DELIVERY} WHERE d.endpoint_id = ? ORDER BY d.id DESC LIMIT ?`).all(endpointId, limit) as DeliverySql[]
      ).map(toDelivery);
    },
    async replayDelivery(id, at) {
      return (
        st(
          `UPDATE webhook_deliveries SET state = 'pending', next_at = ?, window_start = ?, delivered_at = NULL WHERE id = ?`,
        ).run(at, at, id).changes === 1
      );
    },
  };
}
