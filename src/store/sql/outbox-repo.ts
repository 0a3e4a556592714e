import { sql as raw, type Selectable } from 'kysely';
import type {
  ClaimedDelivery,
  DeliveryRow,
  DeliveryState,
  OutboxEvent,
  OutboxRepo,
  UnfannedEvent,
  WebhookEndpointRow,
} from '../outbox-port.js';
import { compiledOnce } from './compiled.js';
import type { SqlRunner } from './dialect.js';
import type { OutboxEventsTable, WebhookDeliveriesTable, WebhookEndpointsTable } from './tables.js';

/*
 * The transactional outbox, webhook endpoints and their deliveries (SPEC §13): one
 * implementation for SQLite and PostgreSQL. Where PostgreSQL can lock rows and skip those
 * another transaction holds (`dialect.can.skipLocked`), fan-outs and claims do, so that
 * several servers on one database never take the same event or delivery; SQLite runs one
 * write transaction at a time, so the same queries cannot race there.
 */

type EventSql = Selectable<OutboxEventsTable>;
type EndpointSql = Selectable<WebhookEndpointsTable>;
type DeliverySql = Selectable<WebhookDeliveriesTable> & { event_id: string; event_type: string };

const toEvent = (r: EventSql): OutboxEvent => ({
  seq: r.seq,
  id: r.id,
  type: r.type,
  at: r.at,
  authority: r.authority,
  subject: r.subject,
  schemaVersion: r.schema_version,
  payload: r.payload,
  parties: JSON.parse(r.parties) as string[],
});
const toEndpoint = (r: EndpointSql): WebhookEndpointRow => ({
  id: r.id,
  url: r.url,
  events: JSON.parse(r.events) as string[],
  party: r.party,
  authority: r.authority,
  secretGeneration: r.secret_generation,
  createdAt: r.created_at,
  createdBy: r.created_by,
  disabledAt: r.disabled_at,
});
const toDelivery = (r: DeliverySql): DeliveryRow => ({
  id: r.id,
  endpointId: r.endpoint_id,
  eventSeq: r.event_seq,
  eventId: r.event_id,
  eventType: r.event_type,
  subject: r.subject,
  state: r.state,
  attempts: r.attempts,
  createdAt: r.created_at,
  windowStart: r.window_start,
  nextAt: r.next_at,
  lastAt: r.last_at,
  lastStatus: r.last_status,
  lastLatencyMs: r.last_latency_ms,
  deliveredAt: r.delivered_at,
});

const DELIVERY_TYPES = {
  endpoint_id: 'text',
  event_seq: 'bigint',
  subject: 'text',
  state: 'text',
  attempts: 'int',
  created_at: 'bigint',
  window_start: 'bigint',
  next_at: 'bigint',
} as const;
const DELIVERY_COLUMNS = Object.keys(DELIVERY_TYPES) as (keyof typeof DELIVERY_TYPES)[];

/**
 * A delivery's own columns, unqualified: SQLite's RETURNING takes no table prefix, and in the
 * claim's `UPDATE … FROM due` the CTE has only `claim_id`, so none is ambiguous.
 */
const DELIVERY_ROW = [
  'id',
  'endpoint_id',
  'event_seq',
  'subject',
  'state',
  'attempts',
  'created_at',
  'window_start',
  'next_at',
  'last_at',
  'last_status',
  'last_latency_ms',
  'delivered_at',
] as const satisfies readonly (keyof WebhookDeliveriesTable)[];

/*
 * Written into the SQL, not bound: the partial indexes (`WHERE state = 'pending'`, `WHERE
 * fanned = 0`) serve a query only when its predicate is the same literal (SQLite's planner, and
 * PostgreSQL's generic plan of a prepared statement, cannot match a parameter to them).
 */
const PENDING = raw.lit<DeliveryState>('pending');
const UNFANNED = raw.lit<number>(0);

/** No cap on deliveries per endpoint (the largest INTEGER, as a bound both databases compare). */
const NO_CAP = 2_147_483_647;

/** An event's row: written for every listing noticed, activated or ended, so compiled once (docs/bench.md). */
const INSERT_EVENT = compiledOnce(
  9,
  (
    sql,
    id: string,
    type: string,
    at: number,
    authority: string,
    subject: string,
    schemaVersion: number,
    payload: string,
    parties: string,
    fanned: number,
  ) =>
    sql
      .insertInto('outbox_events')
      .values({
        id,
        type,
        at,
        authority,
        subject,
        schema_version: schemaVersion,
        payload,
        parties,
        fanned,
      })
      .returning('seq'),
);

export function outboxRepo({ dialect, all, run }: SqlRunner): OutboxRepo {
  const { sql } = dialect;
  const delivery = () =>
    sql
      .selectFrom('webhook_deliveries as d')
      .innerJoin('outbox_events as e', 'e.seq', 'd.event_seq')
      .selectAll('d')
      .select(['e.id as event_id', 'e.type as event_type']);
  const endpoints = () => sql.selectFrom('webhook_endpoints').selectAll();
  const eventBySeq = async (seq: number) =>
    (await all<EventSql>(sql.selectFrom('outbox_events').selectAll().where('seq', '=', seq).compile()))[0];
  const endpointById = async (id: string) => (await all<EndpointSql>(endpoints().where('id', '=', id).compile()))[0];
  return {
    async insertOutboxEvent(e) {
      const rows = await all<{ seq: number }>(
        INSERT_EVENT(
          dialect,
          e.id,
          e.type,
          e.at,
          e.authority,
          e.subject,
          e.schemaVersion,
          e.payload,
          JSON.stringify(e.parties),
          0,
        ),
      );
      return rows[0]!.seq;
    },
    async outboxEvents(afterSeq, limit) {
      const rows = await all<EventSql>(
        sql.selectFrom('outbox_events').selectAll().where('seq', '>', afterSeq).orderBy('seq').limit(limit).compile(),
      );
      return rows.map(toEvent);
    },
    async unfannedEvents(limit) {
      // No cursor over seq: an event whose lower seq commits late is still found. Events
      // another worker is fanning out are skipped, not waited for.
      const q = sql.selectFrom('outbox_events').selectAll().where('fanned', '=', UNFANNED).orderBy('seq').limit(limit);
      const rows = await all<EventSql>((dialect.can.skipLocked ? q.forUpdate().skipLocked() : q).compile());
      return rows.map((r): UnfannedEvent => ({ ...toEvent(r), fanCursor: r.fan_cursor ?? null }));
    },
    async setFanOut(seq, cursor, done) {
      await run(
        sql
          .updateTable('outbox_events')
          .set({ fan_cursor: cursor, fanned: done ? 1 : 0 })
          .where('seq', '=', seq)
          .compile(),
      );
    },
    async enabledWebhookEndpointsAfter(afterId, limit) {
      const rows = await all<EndpointSql>(
        endpoints()
          .where('disabled_at', 'is', null)
          .where('id', '>', afterId ?? '')
          .orderBy('id')
          .limit(limit)
          .compile(),
      );
      return rows.map(toEndpoint);
    },
    async insertDeliveries(eventSeq, subject, endpointIds, at) {
      if (endpointIds.length === 0) return;
      // One statement for any number of endpoints: the rows as one JSON parameter.
      const json = JSON.stringify(
        endpointIds.map((id) => ({
          endpoint_id: id,
          event_seq: eventSeq,
          subject,
          state: 'pending',
          attempts: 0,
          created_at: at,
          window_start: at,
          next_at: at,
        })),
      );
      await run(
        sql
          .insertInto('webhook_deliveries')
          .columns(DELIVERY_COLUMNS)
          .expression(dialect.rows(json, DELIVERY_TYPES))
          .onConflict((oc) => oc.columns(['endpoint_id', 'event_seq']).doNothing())
          .compile(),
      );
    },
    async insertWebhookEndpoint(w) {
      await run(
        sql
          .insertInto('webhook_endpoints')
          .values({
            id: w.id,
            url: w.url,
            events: JSON.stringify(w.events),
            party: w.party,
            authority: w.authority,
            secret_generation: w.secretGeneration,
            created_at: w.createdAt,
            created_by: w.createdBy,
            disabled_at: w.disabledAt,
          })
          .compile(),
      );
    },
    async getWebhookEndpoint(id) {
      const r = await endpointById(id);
      return r && toEndpoint(r);
    },
    async listWebhookEndpoints() {
      return (await all<EndpointSql>(endpoints().orderBy('id').compile())).map(toEndpoint);
    },
    async enabledWebhookEndpoints() {
      return (await all<EndpointSql>(endpoints().where('disabled_at', 'is', null).orderBy('id').compile())).map(
        toEndpoint,
      );
    },
    async setWebhookDisabled(id, at) {
      return (
        (await run(sql.updateTable('webhook_endpoints').set({ disabled_at: at }).where('id', '=', id).compile())) === 1
      );
    },
    async rotateWebhookSecret(id) {
      const r = await all<{ secret_generation: number }>(
        sql
          .updateTable('webhook_endpoints')
          .set((eb) => ({ secret_generation: eb('secret_generation', '+', 1) }))
          .where('id', '=', id)
          .returning('secret_generation')
          .compile(),
      );
      return r[0]?.secret_generation;
    },
    async claimDeliveries(now, leaseUntil, limit, limits = {}) {
      if (limit <= 0) return [];
      // Eligible: pending and due, of an enabled endpoint not excluded, the earliest pending one of
      // its (endpoint, subject), and no earlier event of its subject still to be fanned out (locked
      // by a fan-out or not). Rows another worker has locked are skipped, not waited for; the NOT
      // EXISTS still sees them, so a later event of the same subject waits for the earlier one
      // wherever it is.
      const eligible = sql
        .selectFrom('webhook_deliveries as d')
        .innerJoin('webhook_endpoints as w', 'w.id', 'd.endpoint_id')
        .where('d.state', '=', PENDING)
        .where('d.next_at', '<=', now)
        .where('w.disabled_at', 'is', null)
        .where((eb) => eb.not(dialect.oneOf('d.endpoint_id', limits.exclude ?? [])))
        .where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom('webhook_deliveries as p')
                .select('p.id')
                .whereRef('p.endpoint_id', '=', 'd.endpoint_id')
                .whereRef('p.subject', '=', 'd.subject')
                .where('p.state', '=', PENDING)
                .whereRef('p.event_seq', '<', 'd.event_seq'),
            ),
          ),
        )
        .where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom('outbox_events as u')
                .select('u.seq')
                .where('u.fanned', '=', UNFANNED)
                .whereRef('u.subject', '=', 'd.subject')
                .whereRef('u.seq', '<', 'd.event_seq'),
            ),
          ),
        );
      const cap = limits.perEndpoint ?? NO_CAP;
      let leased: Selectable<WebhookDeliveriesTable>[];
      if (dialect.can.skipLocked) {
        // Several servers claim at once: the rows are chosen, locked and leased in one statement,
        // ranked per endpoint in due order so that at most `perEndpoint` of each are taken.
        const claim = sql
          .with('eligible', () =>
            eligible.select((eb) => [
              'd.id',
              'd.next_at',
              eb.fn
                .agg<number>('row_number')
                .over((ob) => ob.partitionBy('d.endpoint_id').orderBy('d.next_at').orderBy('d.id'))
                .as('rank'),
            ]),
          )
          .with('due', (db) =>
            db
              .selectFrom('webhook_deliveries as d')
              .innerJoin('eligible as x', 'x.id', 'd.id')
              .select('d.id as claim_id')
              .where('x.rank', '<=', cap)
              .orderBy('x.next_at')
              .orderBy('x.id')
              .limit(limit)
              .forUpdate('d')
              .skipLocked(),
          )
          .updateTable('webhook_deliveries as d')
          .from('due')
          .set({ next_at: leaseUntil })
          .whereRef('d.id', '=', 'due.claim_id')
          .where('d.state', '=', PENDING)
          .where('d.next_at', '<=', now)
          .returning(DELIVERY_ROW);
        leased = await all<Selectable<WebhookDeliveriesTable>>(claim.compile());
      } else {
        // One writer at a time (SQLite): nothing can change between the read and the lease, so
        // the eligible rows are read in due order a page at a time, and the read stops at the
        // limit rather than ranking the whole backlog (docs/decisions.md: the claim written once).
        const taken = new Map<string, number>();
        const ids: number[] = [];
        const page = Math.max(64, 4 * limit);
        let after: { nextAt: number; id: number } | undefined;
        read: for (;;) {
          let q = eligible
            .select(['d.id', 'd.endpoint_id', 'd.next_at'])
            .orderBy('d.next_at')
            .orderBy('d.id')
            .limit(page);
          if (after !== undefined) {
            const { nextAt, id } = after;
            q = q.where((eb) =>
              eb.or([eb('d.next_at', '>', nextAt), eb.and([eb('d.next_at', '=', nextAt), eb('d.id', '>', id)])]),
            );
          }
          const rows = await all<{ id: number; endpoint_id: string; next_at: number }>(q.compile());
          for (const r of rows) {
            const n = taken.get(r.endpoint_id) ?? 0;
            if (n >= cap) continue;
            taken.set(r.endpoint_id, n + 1);
            ids.push(r.id);
            if (ids.length >= limit) break read;
          }
          if (rows.length < page) break;
          const last = rows.at(-1)!;
          after = { nextAt: last.next_at, id: last.id };
        }
        leased = [];
        for (const id of ids) {
          const [r] = await all<Selectable<WebhookDeliveriesTable>>(
            sql
              .updateTable('webhook_deliveries')
              .set({ next_at: leaseUntil })
              .where('id', '=', id)
              .returning(DELIVERY_ROW)
              .compile(),
          );
          leased.push(r!);
        }
      }
      leased.sort((a, b) => a.id - b.id);
      const out: ClaimedDelivery[] = [];
      for (const r of leased) {
        const event = toEvent((await eventBySeq(r.event_seq))!);
        const endpoint = toEndpoint((await endpointById(r.endpoint_id))!);
        out.push({ delivery: toDelivery({ ...r, event_id: event.id, event_type: event.type }), event, endpoint });
      }
      return out;
    },
    async finishDelivery(id, o) {
      await run(
        sql
          .updateTable('webhook_deliveries')
          .set((eb) => ({
            attempts: eb('attempts', '+', 1),
            last_at: o.at,
            last_status: o.status,
            last_latency_ms: o.latencyMs,
            state: o.ok ? 'delivered' : o.nextAt === null ? 'dead' : 'pending',
            next_at: o.ok || o.nextAt === null ? o.at : o.nextAt,
            delivered_at: o.ok ? o.at : null,
          }))
          .where('id', '=', id)
          .compile(),
      );
    },
    async getDelivery(id) {
      const [r] = await all<DeliverySql>(delivery().where('d.id', '=', id).compile());
      return r && toDelivery(r);
    },
    async deliveriesOf(endpointId, limit) {
      const rows = await all<DeliverySql>(
        delivery().where('d.endpoint_id', '=', endpointId).orderBy('d.id', 'desc').limit(limit).compile(),
      );
      return rows.map(toDelivery);
    },
    async replayDelivery(id, at) {
      const changed = await run(
        sql
          .updateTable('webhook_deliveries')
          .set({ state: 'pending', next_at: at, window_start: at, delivered_at: null })
          .where('id', '=', id)
          .compile(),
      );
      return changed === 1;
    },
  };
}
