import type { DeliveryRow, OutboxEvent, WebhookEndpointRow } from './outbox-port.js';

// The outbox tables' rows as both adapters read them (snake_case columns, JSON text arrays).

export interface EventSql {
  seq: number;
  id: string;
  type: string;
  at: number;
  authority: string;
  subject: string;
  schema_version: number;
  payload: string;
  parties: string;
  fan_cursor?: string | null;
}
export interface EndpointSql {
  id: string;
  url: string;
  events: string;
  party: string | null;
  authority: string | null;
  secret_generation: number;
  created_at: number;
  created_by: string | null;
  disabled_at: number | null;
}
export interface DeliverySql {
  id: number;
  endpoint_id: string;
  event_seq: number;
  event_id: string;
  event_type: string;
  subject: string;
  state: DeliveryRow['state'];
  attempts: number;
  created_at: number;
  window_start: number;
  next_at: number;
  last_at: number | null;
  last_status: string | null;
  last_latency_ms: number | null;
  delivered_at: number | null;
}

export const toEvent = (r: EventSql): OutboxEvent => ({
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
export const toEndpoint = (r: EndpointSql): WebhookEndpointRow => ({
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
export const toDelivery = (r: DeliverySql): DeliveryRow => ({
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
