import { randomBytes } from 'node:crypto';
import { fail } from '../../core/errors.js';
import { OPERATOR_CHAIN } from '../../core/audit-entry.js';
import { checkAuthority } from '../../core/subject.js';
import type { DeliveryRow, WebhookEndpointRow } from '../../store/outbox-port.js';
import type { StoreTx } from '../../store/store.js';
import { appendAudit } from '../audit/audit.js';
import type { EngineDeps } from '../deps.js';
import { EVENT_TYPES, PARTY_EVENT_TYPES, isEventType } from './events.js';
import { webhookSecret } from './secrets.js';

/** The rows the operator's commands render. */
export type { DeliveryRow, WebhookEndpointRow };
import { parseWebhookUrl, vetAddresses } from './ssrf.js';
import type { WebhookSettings } from './worker.js';

/**
 * Who manages an endpoint: the operator (every endpoint), an authority's admin (its own), a
 * relying party (its own). An endpoint of another owner is WEBHOOK_NOT_FOUND, not FORBIDDEN:
 * its existence is not told (tenant isolation, docs/security.md).
 */
export type WebhookOwner =
  | { readonly type: 'operator' }
  | { readonly type: 'authority'; readonly authority: string; readonly by: string | null }
  | { readonly type: 'party'; readonly party: string };

const owns = (o: WebhookOwner, w: WebhookEndpointRow): boolean =>
  o.type === 'operator' ||
  (o.type === 'authority' && w.authority === o.authority) ||
  (o.type === 'party' && w.party === o.party);

const chainOf = (w: WebhookEndpointRow): string => w.authority ?? OPERATOR_CHAIN;

async function audit(
  tx: StoreTx,
  w: WebhookEndpointRow,
  change: 'added' | 'disabled' | 'enabled' | 'rotated',
  at: number,
  by: string | null,
): Promise<void> {
  await appendAudit(tx, {
    chain: chainOf(w),
    type: 'webhook',
    payload: {
      endpoint: w.id,
      url: w.url,
      events: [...w.events],
      party: w.party,
      authority: w.authority,
      change,
      generation: w.secretGeneration,
      disabled: w.disabledAt !== null,
      by,
    },
    at,
  });
}

function checkEvents(events: readonly string[], party: boolean): string[] {
  const out = [...new Set(events.map((e) => e.trim()).filter((e) => e.length > 0))].sort();
  if (out.length === 0) fail('WEBHOOK_EVENTS_INVALID', 'name at least one event type, or *', { field: 'events' });
  for (const e of out) {
    if (e !== '*' && !isEventType(e))
      fail('WEBHOOK_EVENTS_INVALID', `unknown event type ${e} (known: ${Object.keys(EVENT_TYPES).join(', ')})`, {
        field: 'events',
      });
    if (party && e !== '*' && !(PARTY_EVENT_TYPES as readonly string[]).includes(e))
      fail(
        'WEBHOOK_EVENTS_INVALID',
        `a relying party receives only ${PARTY_EVENT_TYPES.join(' and ')}, not ${e} (SPEC §13)`,
        { field: 'events' },
      );
  }
  return out;
}

async function endpointOf(tx: StoreTx, owner: WebhookOwner, id: string): Promise<WebhookEndpointRow> {
  const w = await tx.getWebhookEndpoint(id);
  if (!w || !owns(owner, w)) fail('WEBHOOK_NOT_FOUND', `no webhook endpoint ${id}`, { field: 'id' });
  return w;
}

const byOf = (o: WebhookOwner): string | null =>
  o.type === 'operator' ? 'operator' : o.type === 'party' ? `party:${o.party}` : o.by;

/**
 * Registers an endpoint. The URL is resolved and every address checked (SSRF); the secret is
 * returned this once and never stored (derived from STANDING_WEBHOOK_KEY, secrets.ts).
 */
export async function addWebhook(
  deps: EngineDeps,
  settings: WebhookSettings,
  owner: WebhookOwner,
  input: { url: string; events: readonly string[]; party?: string; authority?: string },
): Promise<{ endpoint: WebhookEndpointRow; secret: string }> {
  const url = parseWebhookUrl(input.url);
  await vetAddresses(url, settings.allowPrivate);
  const party = owner.type === 'party' ? owner.party : (input.party ?? null);
  const authority = owner.type === 'authority' ? owner.authority : (input.authority ?? null);
  if (party !== null && authority !== null)
    fail('ARGUMENT_INVALID', 'an endpoint belongs to a relying party or an authority, not both', { field: 'party' });
  if (authority !== null) checkAuthority(authority);
  const events = checkEvents(input.events, party !== null);
  const id = `wh_${randomBytes(12).toString('hex')}`;
  // Fails before anything is stored when no server key is configured.
  const secret = webhookSecret(settings.key, id, 1);
  const at = deps.clock.now();
  const endpoint: WebhookEndpointRow = {
    id,
    url: url.href,
    events,
    party,
    authority,
    secretGeneration: 1,
    createdAt: at,
    createdBy: byOf(owner),
    disabledAt: null,
  };
  await deps.store.transaction(async (tx) => {
    if (party !== null && (await tx.getParty(party)) === undefined)
      fail('PARTY_NOT_FOUND', `no relying party ${party}`, { field: 'party' });
    if (authority !== null && !(await tx.listAuthorities()).includes(authority))
      fail('AUTHORITY_NOT_FOUND', `no authority ${authority}`, { field: 'authority' });
    await tx.insertWebhookEndpoint(endpoint);
    await audit(tx, endpoint, 'added', at, byOf(owner));
  });
  return { endpoint, secret };
}

/** The endpoints the owner manages, in id order. */
export async function listWebhooks(deps: EngineDeps, owner: WebhookOwner): Promise<WebhookEndpointRow[]> {
  return deps.store.read(async (tx) => (await tx.listWebhookEndpoints()).filter((w) => owns(owner, w)));
}

/** Disables (or enables again) an endpoint: nothing more is queued or sent to it while disabled. */
export async function setWebhookEnabled(
  deps: EngineDeps,
  owner: WebhookOwner,
  id: string,
  enabled: boolean,
): Promise<WebhookEndpointRow> {
  const at = deps.clock.now();
  return deps.store.transaction(async (tx) => {
    const w = await endpointOf(tx, owner, id);
    if ((w.disabledAt === null) === enabled) return w;
    await tx.setWebhookDisabled(id, enabled ? null : at);
    const out = { ...w, disabledAt: enabled ? null : at };
    await audit(tx, out, enabled ? 'enabled' : 'disabled', at, byOf(owner));
    return out;
  });
}

/** A new secret, shown this once; the old one stops signing at once. */
export async function rotateWebhook(
  deps: EngineDeps,
  settings: WebhookSettings,
  owner: WebhookOwner,
  id: string,
): Promise<{ endpoint: WebhookEndpointRow; secret: string }> {
  webhookSecret(settings.key, id, 0);
  const at = deps.clock.now();
  const endpoint = await deps.store.transaction(async (tx) => {
    const w = await endpointOf(tx, owner, id);
    const generation = (await tx.rotateWebhookSecret(id))!;
    const out = { ...w, secretGeneration: generation };
    await audit(tx, out, 'rotated', at, byOf(owner));
    return out;
  });
  return { endpoint, secret: webhookSecret(settings.key, id, endpoint.secretGeneration) };
}

/** The delivery log of one endpoint, newest first. */
export async function webhookDeliveries(
  deps: EngineDeps,
  owner: WebhookOwner,
  id: string,
  limit = 100,
): Promise<DeliveryRow[]> {
  return deps.store.transaction(async (tx) => {
    await endpointOf(tx, owner, id);
    return tx.deliveriesOf(id, Math.min(Math.max(1, limit), 1000));
  });
}

/** Queues a delivery again, now, with a new retry window (a dead letter, or one delivered that the receiver lost). */
export async function replayDelivery(deps: EngineDeps, owner: WebhookOwner, delivery: number): Promise<DeliveryRow> {
  const at = deps.clock.now();
  return deps.store.transaction(async (tx) => {
    const d = await tx.getDelivery(delivery);
    if (!d) fail('WEBHOOK_NOT_FOUND', `no delivery ${delivery}`, { field: 'id' });
    await endpointOf(tx, owner, d.endpointId);
    await tx.replayDelivery(delivery, at);
    return (await tx.getDelivery(delivery))!;
  });
}
