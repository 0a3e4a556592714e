import { keyedCheck, type CrossCheck } from './cross-check.js';

/**
 * Webhook endpoints: each row against the last 'webhook' entry about it — URL, events, owner,
 * secret generation and whether it is disabled. An endpoint added or redirected in the
 * database alone (to leak events elsewhere) has no entry vouching for it.
 */
export function verifyWebhooks(): CrossCheck {
  const value = (w: {
    url: unknown;
    events: unknown;
    party: unknown;
    authority: unknown;
    generation: unknown;
    disabled: unknown;
  }): string =>
    JSON.stringify([w.url, w.events, w.party ?? null, w.authority ?? null, w.generation, w.disabled === true]);
  return keyedCheck({
    table: 'webhook_endpoints',
    types: ['webhook'],
    vouch: (_e, p) => ({ key: String(p.endpoint), value: value(p as Parameters<typeof value>[0]) }),
    async rows(tx) {
      return (await tx.listWebhookEndpoints()).map((w) => ({
        key: w.id,
        chain: w.authority ?? 'operator',
        id: w.id,
        value: value({ ...w, generation: w.secretGeneration, disabled: w.disabledAt !== null }),
      }));
    },
    name: (key) => `webhook endpoint ${key}`,
  });
}
