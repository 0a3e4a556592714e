import { Type } from 'typebox';
import { fail } from '../../core/errors.js';
import type { Principal } from '../../core/principal.js';
import {
  addWebhook,
  listWebhooks,
  replayDelivery,
  rotateWebhook,
  setWebhookEnabled,
  webhookDeliveries,
  type WebhookOwner,
} from '../../engine/webhooks/endpoints.js';
import { deliveryView, endpointView } from '../../engine/webhooks/views.js';
import type { App, HttpDeps } from '../app.js';
import { signedIn } from '../auth.js';
import { errors, Instant } from '../schemas.js';
import { LimitParam, pageLimit } from '../query-params.js';
import type { RouteOptions } from './index.js';

const Endpoint = Type.Object(
  {
    id: Type.String(),
    url: Type.String(),
    events: Type.Array(Type.String()),
    party: Type.Union([Type.String(), Type.Null()]),
    authority: Type.Union([Type.String(), Type.Null()]),
    secretGeneration: Type.Integer(),
    createdAt: Instant,
    disabledAt: Type.Union([Instant, Type.Null()]),
  },
  { title: 'WebhookEndpoint' },
);

const Delivery = Type.Object(
  {
    id: Type.Integer(),
    eventId: Type.String(),
    eventType: Type.String(),
    subject: Type.String(),
    state: Type.Union([Type.Literal('pending'), Type.Literal('delivered'), Type.Literal('dead')]),
    attempts: Type.Integer(),
    lastStatus: Type.Union([Type.String(), Type.Null()]),
    lastLatencyMs: Type.Union([Type.Integer(), Type.Null()]),
    lastAt: Type.Union([Instant, Type.Null()]),
    nextAt: Type.Union([Instant, Type.Null()]),
    deliveredAt: Type.Union([Instant, Type.Null()]),
  },
  { title: 'WebhookDelivery' },
);

const WithSecret = Type.Object({
  endpoint: Endpoint,
  secret: Type.String({ description: 'the signing secret (whsec_…), shown this once; Standing keeps no copy' }),
});

/** An authority's admin manages its authority's endpoints; a relying party its own; nobody else any. */
function ownerOf(p: Principal): WebhookOwner {
  signedIn(p);
  if (p.type === 'staff' && p.roles.includes('admin'))
    return { type: 'authority', authority: p.authority, by: p.account ?? p.key };
  if (p.type === 'party') return { type: 'party', party: p.party };
  fail('FORBIDDEN', 'webhooks are managed by an authority’s admin or a relying party');
}

const Id = Type.Object({ id: Type.String({ maxLength: 100 }) });
const TAGS = ['webhooks'];
const ACCESS = { access: (p: Principal) => void ownerOf(p) };

/**
 * Webhook endpoints over HTTP (docs/webhooks.md): an authority's admin registers endpoints for
 * its own events, a relying party for sanction events about subjects it checked. The operator
 * manages every endpoint with `standing webhook`.
 */
export async function webhookRoutes(app: App, deps: HttpDeps, _options: RouteOptions): Promise<void> {
  const settings = deps.webhooks ?? { key: null, allowPrivate: false };
  app.post(
    '/v1/webhooks',
    {
      config: ACCESS,
      schema: {
        tags: TAGS,
        summary: 'Register a webhook endpoint',
        description:
          'The URL is resolved and refused when any address is private or loopback (unless the operator allows them). ' +
          'The secret is in this answer only. A relying party may subscribe to sanction.in-force and sanction.lifted only.',
        body: Type.Object(
          {
            url: Type.String({ maxLength: 2000 }),
            events: Type.Array(Type.String({ maxLength: 100 }), { maxItems: 50 }),
          },
          { additionalProperties: false },
        ),
        response: { 201: WithSecret, ...errors(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const r = await addWebhook(deps, settings, ownerOf(request.principal), request.body);
      return reply.code(201).send({ endpoint: endpointView(r.endpoint), secret: r.secret });
    },
  );

  app.get(
    '/v1/webhooks',
    {
      config: ACCESS,
      schema: {
        tags: TAGS,
        summary: 'Your webhook endpoints',
        response: { 200: Type.Object({ endpoints: Type.Array(Endpoint) }), ...errors(401, 403) },
      },
    },
    async (request) => ({ endpoints: (await listWebhooks(deps, ownerOf(request.principal))).map(endpointView) }),
  );

  for (const [path, enabled] of [
    ['disable', false],
    ['enable', true],
  ] as const)
    app.post(
      `/v1/webhooks/:id/${path}`,
      {
        config: ACCESS,
        schema: {
          tags: TAGS,
          summary: `${enabled ? 'Enable' : 'Disable'} a webhook endpoint`,
          params: Id,
          response: { 200: Endpoint, ...errors(401, 403, 404) },
        },
      },
      async (request) =>
        endpointView(await setWebhookEnabled(deps, ownerOf(request.principal), request.params.id, enabled)),
    );

  app.post(
    '/v1/webhooks/:id/rotate',
    {
      config: ACCESS,
      schema: {
        tags: TAGS,
        summary: 'Rotate a webhook endpoint’s secret',
        description: 'The new secret is in this answer only; the old one stops signing at once.',
        params: Id,
        response: { 200: WithSecret, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const r = await rotateWebhook(deps, settings, ownerOf(request.principal), request.params.id);
      return { endpoint: endpointView(r.endpoint), secret: r.secret };
    },
  );

  app.get(
    '/v1/webhooks/:id/deliveries',
    {
      config: ACCESS,
      schema: {
        tags: TAGS,
        summary: 'The delivery log of a webhook endpoint, newest first',
        params: Id,
        querystring: Type.Object({ limit: Type.Optional(LimitParam) }, { additionalProperties: false }),
        response: { 200: Type.Object({ deliveries: Type.Array(Delivery) }), ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => ({
      deliveries: (
        await webhookDeliveries(deps, ownerOf(request.principal), request.params.id, pageLimit(request.query.limit))
      ).map(deliveryView),
    }),
  );

  app.post(
    '/v1/webhook-deliveries/:id/replay',
    {
      config: ACCESS,
      schema: {
        tags: TAGS,
        summary: 'Queue a delivery again (a dead letter, or one the receiver lost)',
        params: Type.Object({ id: Type.String({ pattern: '^[1-9][0-9]{0,14}$' }) }),
        response: { 200: Delivery, ...errors(401, 403, 404) },
      },
    },
    async (request) => deliveryView(await replayDelivery(deps, ownerOf(request.principal), Number(request.params.id))),
  );
}
