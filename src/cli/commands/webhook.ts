import { fail } from '../../core/errors.js';
import { formatInstant } from '../../core/instant.js';
import {
  addWebhook,
  listWebhooks,
  replayDelivery,
  rotateWebhook,
  setWebhookEnabled,
  webhookDeliveries,
  type DeliveryRow,
  type WebhookEndpointRow,
} from '../../engine/webhooks/endpoints.js';
import type { WebhookSettings } from '../../engine/webhooks/worker.js';
import { nonNegativeInt } from '../args.js';
import { withStore, type CliContext } from '../context.js';
import { renderTable } from '../table.js';

// `standing webhook …`: the operator manages every endpoint (docs/webhooks.md).
const OPERATOR = { type: 'operator' } as const;

const settingsOf = (ctx: CliContext): WebhookSettings => ctx.config.webhooks;
const when = (t: number | null): string | null => (t === null ? null : formatInstant(t));

function endpointJson(w: WebhookEndpointRow) {
  return { ...w, createdAt: formatInstant(w.createdAt), disabledAt: when(w.disabledAt) };
}

function deliveryJson(d: DeliveryRow) {
  return {
    ...d,
    createdAt: formatInstant(d.createdAt),
    windowStart: formatInstant(d.windowStart),
    nextAt: d.state === 'pending' ? formatInstant(d.nextAt) : null,
    lastAt: when(d.lastAt),
    deliveredAt: when(d.deliveredAt),
  };
}

/** `standing webhook add URL --events TYPES [--party P | --authority A]`: prints the secret, this once. */
export async function webhookAdd(
  ctx: CliContext,
  url: string,
  opts: { db?: string; events: string; party?: string; authority?: string; json?: boolean },
): Promise<number> {
  const r = await withStore(ctx, opts.db, (deps) =>
    addWebhook(deps, settingsOf(ctx), OPERATOR, {
      url,
      events: opts.events.split(','),
      ...(opts.party !== undefined ? { party: opts.party } : {}),
      ...(opts.authority !== undefined ? { authority: opts.authority } : {}),
    }),
  );
  if (opts.json)
    ctx.output.out(`${JSON.stringify({ endpoint: endpointJson(r.endpoint), secret: r.secret }, null, 2)}\n`);
  else
    ctx.output.out(
      `webhook ${r.endpoint.id} → ${r.endpoint.url} (${r.endpoint.events.join(', ')})\nsecret (shown once; Standing keeps no copy): ${r.secret}\n`,
    );
  return 0;
}

export async function webhookList(ctx: CliContext, opts: { db?: string; json?: boolean }): Promise<number> {
  const rows = await withStore(ctx, opts.db, (deps) => listWebhooks(deps, OPERATOR));
  if (opts.json) {
    ctx.output.out(`${JSON.stringify(rows.map(endpointJson), null, 2)}\n`);
    return 0;
  }
  ctx.output.out(
    renderTable(
      ['id', 'url', 'events', 'owner', 'created', 'disabled'],
      rows.map((w) => [
        w.id,
        w.url,
        w.events.join(','),
        w.party !== null ? `party ${w.party}` : w.authority !== null ? `authority ${w.authority}` : 'operator',
        formatInstant(w.createdAt),
        when(w.disabledAt) ?? '—',
      ]),
    ),
  );
  return 0;
}

export async function webhookDisable(
  ctx: CliContext,
  id: string,
  opts: { db?: string; enable?: boolean },
): Promise<number> {
  const w = await withStore(ctx, opts.db, (deps) => setWebhookEnabled(deps, OPERATOR, id, opts.enable === true));
  ctx.output.out(`webhook ${w.id} ${w.disabledAt === null ? 'enabled' : 'disabled'}\n`);
  return 0;
}

export async function webhookRotate(ctx: CliContext, id: string, opts: { db?: string }): Promise<number> {
  const r = await withStore(ctx, opts.db, (deps) => rotateWebhook(deps, settingsOf(ctx), OPERATOR, id));
  ctx.output.out(`webhook ${id}: new secret (shown once; the old one no longer signs): ${r.secret}\n`);
  return 0;
}

export async function webhookReplay(ctx: CliContext, id: string, opts: { db?: string }): Promise<number> {
  const delivery = nonNegativeInt(id, 'delivery', Number.MAX_SAFE_INTEGER);
  const d = await withStore(ctx, opts.db, (deps) => replayDelivery(deps, OPERATOR, delivery));
  ctx.output.out(`delivery ${d.id} (${d.eventType} ${d.eventId}) queued again for ${d.endpointId}\n`);
  return 0;
}

export async function webhookLog(
  ctx: CliContext,
  id: string,
  opts: { db?: string; json?: boolean; limit: string },
): Promise<number> {
  const limit = nonNegativeInt(opts.limit, 'limit', 1000);
  if (limit === 0) fail('ARGUMENT_INVALID', '--limit: at least 1', { field: 'limit' });
  const rows = await withStore(ctx, opts.db, (deps) => webhookDeliveries(deps, OPERATOR, id, limit));
  if (opts.json) {
    ctx.output.out(`${JSON.stringify(rows.map(deliveryJson), null, 2)}\n`);
    return 0;
  }
  ctx.output.out(
    renderTable(
      ['delivery', 'event', 'type', 'subject', 'state', 'attempts', 'last status', 'latency ms', 'next'],
      rows.map((d) => [
        String(d.id),
        d.eventId,
        d.eventType,
        d.subject,
        d.state,
        String(d.attempts),
        d.lastStatus ?? '—',
        d.lastLatencyMs === null ? '—' : String(d.lastLatencyMs),
        d.state === 'pending' ? formatInstant(d.nextAt) : '—',
      ]),
    ),
  );
  return 0;
}
