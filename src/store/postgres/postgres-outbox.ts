import type { ClaimedDelivery, OutboxRepo, UnfannedEvent } from '../outbox-port.js';
import { toDelivery, toEndpoint, toEvent, type DeliverySql, type EndpointSql, type EventSql } from '../outbox-rows.js';
import type { PostgresContext } from './postgres-context.js';

const DELIVERY = `SELECT d.*, e.id AS event_id, e.type AS event_type FROM webhook_deliveries d JOIN outbox_events e ON e.seq = d.event_seq`;

/** The outbox, endpoints and deliveries; claims skip rows another worker holds (FOR UPDATE SKIP LOCKED). */
export function outboxRepo({ q, run }: PostgresContext): OutboxRepo {
  return {
    async insertOutboxEvent(e) {
      const rows = await q<{ seq: number }>(
        `INSERT INTO outbox_events(id, type, at, authority, subject, schema_version, payload, parties, fanned)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0) RETURNING seq`,
        [e.id, e.type, e.at, e.authority, e.subject, e.schemaVersion, e.payload, JSON.stringify(e.parties)],
      );
      return rows[0]!.seq;
    },
    async outboxEvents(afterSeq, limit) {
      return (
        await q<EventSql>('SELECT * FROM outbox_events WHERE seq > $1 ORDER BY seq LIMIT $2', [afterSeq, limit])
      ).map(toEvent);
    },
    async unfannedEvents(limit) {
      // No cursor over seq: an event whose lower seq commits late is still found. Events
      // another worker is fanning out are skipped, not waited for.
      return (
        await q<EventSql>('SELECT * FROM outbox_events WHERE fanned = 0 ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED', [
          limit,
        ])
      ).map((r): UnfannedEvent => ({ ...toEvent(r), fanCursor: r.fan_cursor ?? null }));
    },
    async setFanOut(seq, cursor, done) {
      await run('UPDATE outbox_events SET fan_cursor = $1, fanned = $2 WHERE seq = $3', [cursor, done ? 1 : 0, seq]);
    },
    async enabledWebhookEndpointsAfter(afterId, limit) {
      return (
        await q<EndpointSql>(
          'SELECT * FROM webhook_endpoints WHERE disabled_at IS NULL AND id > $1 ORDER BY id LIMIT $2',
          [afterId ?? '', limit],
        )
      ).map(toEndpoint);
    },
    async insertDeliveries(eventSeq, subject, endpointIds, at) {
      if (endpointIds.length === 0) return;
      await run(
        `INSERT INTO webhook_deliveries(endpoint_id, event_seq, subject, state, attempts, created_at, window_start, next_at)
         SELECT x, $2, $3, 'pending', 0, $4, $4, $4 FROM unnest($1::text[]) AS x
         ON CONFLICT (endpoint_id, event_seq) DO NOTHING`,
        [endpointIds, eventSeq, subject, at],
      );
    },
    async insertWebhookEndpoint(w) {
      await run(
        `INSERT INTO webhook_endpoints(id, url, events, party, authority, secret_generation, created_at, created_by, disabled_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [
          w.id,
          w.url,
          JSON.stringify(w.events),
          w.party,
          w.authority,
          w.secretGeneration,
          w.createdAt,
          w.createdBy,
          w.disabledAt,
        ],
      );
    },
    async getWebhookEndpoint(id) {
      const r = (await q<EndpointSql>('SELECT * FROM webhook_endpoints WHERE id = $1', [id]))[0];
      return r && toEndpoint(r);
    },
    async listWebhookEndpoints() {
      return (await q<EndpointSql>('SELECT * FROM webhook_endpoints ORDER BY id')).map(toEndpoint);
    },
    async enabledWebhookEndpoints() {
      return (await q<EndpointSql>('SELECT * FROM webhook_endpoints WHERE disabled_at IS NULL ORDER BY id')).map(
        toEndpoint,
      );
    },
    async setWebhookDisabled(id, at) {
      return (await run('UPDATE webhook_endpoints SET disabled_at = $1 WHERE id = $2', [at, id])) === 1;
    },
    async rotateWebhookSecret(id) {
      const r = await q<{ secret_generation: number }>(
        'UPDATE webhook_endpoints SET secret_generation = secret_generation + 1 WHERE id = $1 RETURNING secret_generation',
        [id],
      );
      return r[0]?.secret_generation;
    },
    async claimDeliveries(now, leaseUntil, limit, limits = {}) {
      // Rows another worker has locked are skipped, not waited for; the NOT EXISTS still sees
      // them, so a later event of the same subject waits for the earlier one wherever it is.
      // An event of the subject not yet fanned out (locked by a fan-out or not) holds later ones.
      const rows = await q<DeliverySql>(
        `WITH eligible AS (
           SELECT d.id, d.next_at,
                  row_number() OVER (PARTITION BY d.endpoint_id ORDER BY d.next_at, d.id) AS rank
             FROM webhook_deliveries d JOIN webhook_endpoints w ON w.id = d.endpoint_id
            WHERE d.state = 'pending' AND d.next_at <= $1 AND w.disabled_at IS NULL
              AND NOT (d.endpoint_id = ANY($4::text[]))
              AND NOT EXISTS (SELECT 1 FROM webhook_deliveries p WHERE p.endpoint_id = d.endpoint_id
                AND p.subject = d.subject AND p.state = 'pending' AND p.event_seq < d.event_seq)
              AND NOT EXISTS (SELECT 1 FROM outbox_events u WHERE u.fanned = 0 AND u.subject = d.subject
                AND u.seq < d.event_seq)),
         due AS (
           SELECT d.id FROM webhook_deliveries d JOIN eligible x ON x.id = d.id
            WHERE x.rank <= $5
            ORDER BY x.next_at, x.id LIMIT $3 FOR UPDATE OF d SKIP LOCKED)
         UPDATE webhook_deliveries d SET next_at = $2 FROM due, outbox_events e
          WHERE d.id = due.id AND e.seq = d.event_seq AND d.state = 'pending' AND d.next_at <= $1
          RETURNING d.*, e.id AS event_id, e.type AS event_type`,
        [now, leaseUntil, limit, limits.exclude ?? [], limits.perEndpoint ?? 2_147_483_647],
      );
      rows.sort((a, b) => a.id - b.id);
      const out: ClaimedDelivery[] = [];
      for (const r of rows) {
        const event = (await q<EventSql>('SELECT * FROM outbox_events WHERE seq = $1', [r.event_seq]))[0]!;
        const endpoint = (await q<EndpointSql>('SELECT * FROM webhook_endpoints WHERE id = $1', [r.endpoint_id]))[0]!;
        out.push({ delivery: toDelivery(r), event: toEvent(event), endpoint: toEndpoint(endpoint) });
      }
      return out;
    },
    async finishDelivery(id, o) {
      await run(
        `UPDATE webhook_deliveries SET attempts = attempts + 1, last_at = $1, last_status = $2, last_latency_ms = $3,
           state = $4, next_at = $5, delivered_at = $6 WHERE id = $7`,
        [
          o.at,
          o.status,
          o.latencyMs,
          o.ok ? 'delivered' : o.nextAt === null ? 'dead' : 'pending',
          o.ok || o.nextAt === null ? o.at : o.nextAt,
          o.ok ? o.at : null,
          id,
        ],
      );
    },
    async getDelivery(id) {
      const r = (await q<DeliverySql>(`${DELIVERY} WHERE d.id = $1`, [id]))[0];
      return r && toDelivery(r);
    },
    async deliveriesOf(endpointId, limit) {
      return (
        await q<DeliverySql>(`${DELIVERY} WHERE d.endpoint_id = $1 ORDER BY d.id DESC LIMIT $2`, [endpointId, limit])
      ).map(toDelivery);
    },
    async replayDelivery(id, at) {
      return (
        (await run(
          `UPDATE webhook_deliveries SET state = 'pending', next_at = $1, window_start = $1, delivered_at = NULL WHERE id = $2`,
          [at, id],
        )) === 1
      );
    },
  };
}
