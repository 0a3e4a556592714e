import { randomUUID } from 'node:crypto';
import type { StoreTx } from '../../store/store.js';
import type { WebhookEndpointRow } from '../../store/outbox-port.js';
import { retentionCutoffs } from '../decisions/access-retention.js';

/**
 * Every event type Standing tells (SPEC §13, docs/webhooks.md), with the version of its
 * payload schema. A change to a payload that a receiver could notice is a new version.
 */
export const EVENT_TYPES = {
  'listing.noticed': 1,
  'listing.active': 1,
  'listing.suspended': 1,
  'listing.ended': 1,
  'notice.issued': 1,
  'appeal.filed': 1,
  'appeal.decided': 1,
  'appeal.second-instance-decided': 1,
  'dispute.opened': 1,
  'dispute.decided': 1,
  'dispute.overdue': 1,
  'record.retracted': 1,
  'consent.changed': 1,
  'sanction.in-force': 1,
  'sanction.lifted': 1,
} as const;

export type EventType = keyof typeof EVENT_TYPES;

/**
 * The decision-level events a relying party may receive (SPEC §13): a sanction in force, a
 * sanction lifted, about a subject it checked for an action concerned. Their payloads carry
 * no score, grade or record, as a check answer does not.
 */
export const PARTY_EVENT_TYPES: readonly EventType[] = ['sanction.in-force', 'sanction.lifted'];

export const isEventType = (t: string): t is EventType => Object.hasOwn(EVENT_TYPES, t);

export interface EventInput {
  readonly type: EventType;
  readonly at: number;
  readonly authority: string;
  readonly subject: string;
  readonly data: Record<string, unknown>;
  /** For party events: the relying parties that may be told. */
  readonly parties?: readonly string[];
}

type Listener = () => void;
const listeners = new Set<Listener>();

/** Calls `fn` soon after every emit in this process (a delivery worker's wake-up); returns a function that stops it. */
export function onEmit(fn: Listener): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** Whether an endpoint is to hear of an event: its scope, then its subscription. */
export function endpointWants(
  w: WebhookEndpointRow,
  e: { type: string; authority: string; parties: readonly string[] },
): boolean {
  if (!w.events.includes('*') && !w.events.includes(e.type)) return false;
  if (w.party !== null) return (PARTY_EVENT_TYPES as readonly string[]).includes(e.type) && e.parties.includes(w.party);
  if (w.authority !== null) return w.authority === e.authority;
  return true;
}

/**
 * Writes an event to the outbox in the caller's transaction: the event commits with the
 * change, or neither does. One row, whatever the number of endpoints: the delivery worker
 * fans it out (fan-out.ts) in transactions of its own. The one place events are written.
 */
export async function emit(tx: StoreTx, input: EventInput): Promise<string> {
  const id = `evt_${randomUUID().replaceAll('-', '')}`;
  const parties = [...new Set(input.parties ?? [])].sort();
  await tx.insertOutboxEvent({
    id,
    type: input.type,
    at: input.at,
    authority: input.authority,
    subject: input.subject,
    schemaVersion: EVENT_TYPES[input.type],
    payload: JSON.stringify(input.data),
    parties,
  });
  // Soon after this tick (the transaction has usually committed by then; if not, the worker's poll finds it).
  if (listeners.size > 0 && !wakeUp) {
    wakeUp = setTimeout(() => {
      wakeUp = null;
      for (const l of listeners) l();
    }, 5);
    wakeUp.unref();
  }
  return id;
}
let wakeUp: NodeJS.Timeout | null = null;

/** A record was retracted (by its authority, an overturned appeal or an upheld dispute). */
export function emitRetraction(
  tx: StoreTx,
  r: { authority: string; key: string; subject: string; reason: string; at: number },
): Promise<string> {
  return emit(tx, {
    type: 'record.retracted',
    at: r.at,
    authority: r.authority,
    subject: r.subject,
    data: { key: r.key, reason: r.reason },
  });
}

/** A subject's consent to a scheme changed, effective from `effectiveAt`. */
export function emitConsent(
  tx: StoreTx,
  c: { authority: string; scheme: string; subject: string; optIn: boolean; effectiveAt: number; at: number },
): Promise<string> {
  return emit(tx, {
    type: 'consent.changed',
    at: c.at,
    authority: c.authority,
    subject: c.subject,
    data: { scheme: c.scheme, optIn: c.optIn, effectiveAt: new Date(c.effectiveAt).toISOString() },
  });
}

/**
 * The relying parties that checked `subject` for one of `actions` (any action when null)
 * from `from` to `to` inclusive, per the access log: who a sanction event is told to. With
 * `from` null, only checks within each party's retention period count (SPEC §4).
 */
export async function partiesWhoChecked(
  tx: StoreTx,
  subject: string,
  actions: readonly string[] | null,
  from: number | null,
  to: number,
): Promise<string[]> {
  const parties = new Set<string>();
  const since = from === null ? await retentionCutoffs(tx, to) : () => from;
  for (const a of await tx.accessLogOf(subject)) {
    if (a.party === 'operator' || a.effect === 'refused' || a.at < since(a.party) || a.at > to) continue;
    if (actions === null || actions.includes(a.action)) parties.add(a.party);
  }
  return [...parties].sort();
}
