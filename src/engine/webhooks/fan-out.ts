import type { StoreTx } from '../../store/store.js';
import { endpointWants } from './events.js';

/** Endpoints looked at per transaction of fan-out: each transaction writes at most this many delivery rows. */
export const FAN_OUT_ROWS = 200;
/** Events taken per transaction of fan-out (each may be a step of a larger one). */
const FAN_OUT_EVENTS = 32;

/**
 * One step of the fan-out, in the caller's transaction: takes events not yet fanned out, in
 * seq order (on PostgreSQL, those no other worker holds), and writes one pending delivery per
 * enabled endpoint that is to hear of each (the rule `emit` applied before: endpointWants,
 * with the parties the event was written with), looking at no more than `rows` endpoints in
 * all. An event with more endpoints than that is continued by the next step from where this
 * one stopped (its cursor: endpoints in id order). A delivery already there is left alone, so
 * a step run twice writes nothing twice. Returns how many events it finished and whether
 * any is left for the next step, and how many deliveries it wrote (at most).
 */
export async function fanOutStep(
  tx: StoreTx,
  rows: number = FAN_OUT_ROWS,
): Promise<{ fanned: number; more: boolean; written: number }> {
  const events = await tx.unfannedEvents(FAN_OUT_EVENTS);
  let budget = rows;
  let fanned = 0;
  let written = 0;
  for (const e of events) {
    if (budget <= 0) return { fanned, more: true, written };
    const page = await tx.enabledWebhookEndpointsAfter(e.fanCursor, budget);
    budget -= page.length;
    const targets = page.filter((w) => endpointWants(w, e)).map((w) => w.id);
    if (targets.length > 0) await tx.insertDeliveries(e.seq, e.subject, targets, e.at);
    written += targets.length;
    const cursor = page.length > 0 ? page[page.length - 1]!.id : e.fanCursor;
    // Fewer endpoints than asked for: none is left after the cursor. Otherwise, look.
    const done = budget > 0 || (await tx.enabledWebhookEndpointsAfter(cursor, 1)).length === 0;
    await tx.setFanOut(e.seq, cursor, done);
    if (!done) return { fanned, more: true, written };
    fanned++;
  }
  return { fanned, more: events.length === FAN_OUT_EVENTS, written };
}
