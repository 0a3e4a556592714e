import { formatInstant } from '../../core/instant.js';
import type { DeliveryRow, WebhookEndpointRow } from '../../store/outbox-port.js';

/* Webhook endpoints and deliveries as their owners read them: instants as RFC 3339 strings, never the secret. */

const when = (t: number | null): string | null => (t === null ? null : formatInstant(t));

export const endpointView = (w: WebhookEndpointRow) => ({
  id: w.id,
  url: w.url,
  events: [...w.events],
  party: w.party,
  authority: w.authority,
  secretGeneration: w.secretGeneration,
  createdAt: formatInstant(w.createdAt),
  disabledAt: when(w.disabledAt),
});

export const deliveryView = (d: DeliveryRow) => ({
  id: d.id,
  eventId: d.eventId,
  eventType: d.eventType,
  subject: d.subject,
  state: d.state,
  attempts: d.attempts,
  lastStatus: d.lastStatus,
  lastLatencyMs: d.lastLatencyMs,
  lastAt: when(d.lastAt),
  nextAt: d.state === 'pending' ? formatInstant(d.nextAt) : null,
  deliveredAt: when(d.deliveredAt),
});
