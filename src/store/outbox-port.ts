/**
 * The transactional outbox and webhook deliveries (SPEC §13): events are written in the
 * transaction of the change they tell (the event row only); delivery workers fan them out
 * to one delivery row per endpoint that is to hear of them, in small transactions of their
 * own, and claim due rows, in order per (endpoint, subject).
 */

/** An event as written by engine's `emit`. */
export interface NewOutboxEvent {
  /** Stable id (`evt_…`), the `webhook-id` of every delivery of it. */
  readonly id: string;
  readonly type: string;
  readonly at: number;
  /** The authority whose change this is. */
  readonly authority: string;
  readonly subject: string;
  /** Version of the payload schema of this type (docs/webhooks.md). */
  readonly schemaVersion: number;
  /** The `data` of the event, as JSON text. */
  readonly payload: string;
  /** Relying parties the event may be told to (decision-level events only; empty otherwise). */
  readonly parties: readonly string[];
}

export interface OutboxEvent extends NewOutboxEvent {
  /** Commit-order position: deliveries of one subject to one endpoint go in this order. */
  readonly seq: number;
}

/** A registered webhook endpoint; the secret itself is never stored (docs/webhooks.md, Secrets). */
export interface WebhookEndpointRow {
  readonly id: string;
  readonly url: string;
  /** Event types it receives; `*` for all it may see. */
  readonly events: readonly string[];
  /** Exactly one of party and authority, or neither (the operator's endpoint: every event). */
  readonly party: string | null;
  readonly authority: string | null;
  /** Bumped by each rotation: the secret is derived from the server key, the id and this. */
  readonly secretGeneration: number;
  readonly createdAt: number;
  readonly createdBy: string | null;
  readonly disabledAt: number | null;
}

/** An event not yet fanned out (all of it), with how far its fan-out got. */
export interface UnfannedEvent extends OutboxEvent {
  /** The last endpoint id (in id order) already fanned out to; null before the first step. */
  readonly fanCursor: string | null;
}

/** What a claim is to leave alone: endpoints at their cap, and how many one endpoint may get. */
export interface ClaimLimits {
  /** Endpoints whose deliveries are not to be claimed now (their slots are full). */
  readonly exclude?: readonly string[];
  /** At most this many deliveries of one endpoint in one claim. */
  readonly perEndpoint?: number;
}

export type DeliveryState = 'pending' | 'delivered' | 'dead';

/** One event to one endpoint: its state and its delivery log (last status, attempts, latency). */
export interface DeliveryRow {
  readonly id: number;
  readonly endpointId: string;
  readonly eventSeq: number;
  readonly eventId: string;
  readonly eventType: string;
  readonly subject: string;
  readonly state: DeliveryState;
  readonly attempts: number;
  readonly createdAt: number;
  /** The retry window runs from here (creation, or the last replay): dead after 3 days of failures. */
  readonly windowStart: number;
  /** When it is next due (while pending; a claim pushes it to the end of its lease). */
  readonly nextAt: number;
  readonly lastAt: number | null;
  /** HTTP status, or the failure (`timeout`, `refused: …`, `redirect 302`). */
  readonly lastStatus: string | null;
  readonly lastLatencyMs: number | null;
  readonly deliveredAt: number | null;
}

/** A claimed delivery with what sending it needs. */
export interface ClaimedDelivery {
  readonly delivery: DeliveryRow;
  readonly event: OutboxEvent;
  readonly endpoint: WebhookEndpointRow;
}

/** The outcome of one attempt. */
export interface AttemptOutcome {
  readonly at: number;
  readonly ok: boolean;
  readonly status: string;
  readonly latencyMs: number;
  /** When not ok: the next attempt's instant, or null to dead-letter it. */
  readonly nextAt: number | null;
}

export interface OutboxRepo {
  /** Appends an event, not yet fanned out; returns its seq. */
  insertOutboxEvent(e: NewOutboxEvent): Promise<number>;
  /**
   * Up to `limit` events not yet fanned out, in seq order. PostgreSQL locks them for the
   * transaction and skips those another transaction holds (FOR UPDATE SKIP LOCKED): two
   * workers never fan one event out at once.
   */
  unfannedEvents(limit: number): Promise<UnfannedEvent[]>;
  /** Records fan-out progress: the last endpoint id done, and whether the event is done. */
  setFanOut(seq: number, cursor: string | null, done: boolean): Promise<void>;
  /** Enabled endpoints with an id after `afterId` (all when null), in id order, at most `limit`. */
  enabledWebhookEndpointsAfter(afterId: string | null, limit: number): Promise<WebhookEndpointRow[]>;
  /** Events after `afterSeq` in seq order, at most `limit`. */
  outboxEvents(afterSeq: number, limit: number): Promise<OutboxEvent[]>;
  /** One pending delivery per endpoint id, each due at `at`; an (endpoint, event) already there is left alone. */
  insertDeliveries(eventSeq: number, subject: string, endpointIds: readonly string[], at: number): Promise<void>;

  insertWebhookEndpoint(row: WebhookEndpointRow): Promise<void>;
  getWebhookEndpoint(id: string): Promise<WebhookEndpointRow | undefined>;
  /** Every endpoint, disabled ones included, in id order. */
  listWebhookEndpoints(): Promise<WebhookEndpointRow[]>;
  /** Endpoints not disabled, in id order (what an event is fanned out to). */
  enabledWebhookEndpoints(): Promise<WebhookEndpointRow[]>;
  /** Sets disabled_at (null enables); false when there is no such endpoint. */
  setWebhookDisabled(id: string, at: number | null): Promise<boolean>;
  /** Bumps the secret generation; the new generation, or undefined when there is no such endpoint. */
  rotateWebhookSecret(id: string): Promise<number | undefined>;

  /**
   * Claims up to `limit` pending deliveries due at `now` of enabled endpoints, each the
   * earliest pending one of its (endpoint, subject) and with no earlier event of its subject
   * still to be fanned out, and leases them until `leaseUntil` (their next_at), so that no
   * other worker takes them meanwhile. PostgreSQL skips rows another transaction holds
   * (FOR UPDATE SKIP LOCKED).
   */
  claimDeliveries(now: number, leaseUntil: number, limit: number, limits?: ClaimLimits): Promise<ClaimedDelivery[]>;
  /** Records an attempt: delivered, retried at `nextAt`, or dead. */
  finishDelivery(id: number, outcome: AttemptOutcome): Promise<void>;
  getDelivery(id: number): Promise<DeliveryRow | undefined>;
  /** The delivery log of one endpoint, newest first, at most `limit`. */
  deliveriesOf(endpointId: string, limit: number): Promise<DeliveryRow[]>;
  /** Makes a delivery pending again, due at `at`, with a new retry window; false when there is none. */
  replayDelivery(id: number, at: number): Promise<boolean>;
}
