import { EVENT_TYPES, PARTY_EVENT_TYPES, type EventType } from '../engine/webhooks/events.js';

// The `webhooks` section of the OpenAPI 3.1 document (docs/webhooks.md): one entry per event
// type, each the POST Standing sends, with its envelope and the versioned schema of its data.

const instant = { type: 'string', format: 'date-time' } as const;
const nullableInstant = { type: ['string', 'null'], format: 'date-time' } as const;
const listingData = {
  type: 'object',
  required: ['listing', 'scheme', 'list', 'from', 'to', 'reason', 'effectAt', 'activeSince', 'endedAt'],
  properties: {
    listing: { type: 'integer' },
    scheme: { type: 'string' },
    list: { type: 'string' },
    from: { type: ['string', 'null'], description: 'the state before; null when the listing opens' },
    to: { type: 'string', enum: ['noticed', 'active', 'suspended', 'ended'] },
    reason: {
      type: ['string', 'null'],
      description: 'what moved it: qualified, window-passed, appeal-filed, upheld, overturned, or an end reason',
    },
    effectAt: nullableInstant,
    activeSince: nullableInstant,
    endedAt: nullableInstant,
  },
};
const actions = {
  type: 'array',
  items: {
    type: 'object',
    required: ['action', 'effect'],
    properties: {
      action: { type: 'string' },
      effect: { type: 'string', enum: ['deny', 'limit', 'waive', 'priority'] },
    },
  },
};

const DATA: Record<EventType, { description: string; schema: Record<string, unknown> }> = {
  'listing.noticed': {
    description: 'A listing opened with a notice (or went back to noticed after an upheld appeal within the window).',
    schema: listingData,
  },
  'listing.active': { description: 'A listing became active: its sanctions apply.', schema: listingData },
  'listing.suspended': {
    description: 'A listing was appealed within its window: suspended until a reviewer decides.',
    schema: listingData,
  },
  'listing.ended': {
    description: 'A listing ended (condition stopped, consent withdrawn, new version, term reached, overturned).',
    schema: listingData,
  },
  'notice.issued': {
    description: 'A notice (statement of reasons) was delivered to the subject’s inbox.',
    schema: {
      type: 'object',
      required: ['listing', 'message', 'scheme', 'list', 'effectAt', 'termEndsAt'],
      properties: {
        listing: { type: 'integer' },
        message: { type: 'integer' },
        scheme: { type: 'string' },
        list: { type: 'string' },
        effectAt: instant,
        termEndsAt: nullableInstant,
      },
    },
  },
  'appeal.filed': {
    description: 'The subject appealed a listing.',
    schema: {
      type: 'object',
      required: ['appeal', 'listing', 'late', 'listingState'],
      properties: {
        appeal: { type: 'integer' },
        listing: { type: 'integer' },
        late: { type: 'boolean' },
        listingState: { type: 'string' },
      },
    },
  },
  'appeal.decided': {
    description: 'A human reviewer decided an appeal.',
    schema: {
      type: 'object',
      required: ['appeal', 'listing', 'outcome', 'listingState', 'retracted', 'exempt'],
      properties: {
        appeal: { type: 'integer' },
        listing: { type: 'integer' },
        outcome: { type: 'string', enum: ['upheld', 'overturned'] },
        listingState: { type: 'string' },
        retracted: { type: 'integer', description: 'how many records the decision retracted' },
        exempt: { type: 'boolean' },
      },
    },
  },
  'appeal.second-instance-decided': {
    description: 'A second-instance review decided an appeal (same shape as appeal.decided, with `instance: 2`).',
    schema: {
      type: 'object',
      required: ['appeal', 'listing', 'outcome'],
      properties: {
        appeal: { type: 'integer' },
        listing: { type: 'integer' },
        outcome: { type: 'string' },
        instance: { const: 2 },
      },
    },
  },
  'dispute.opened': {
    description: 'The subject disputed a record.',
    schema: {
      type: 'object',
      required: ['dispute', 'key', 'deadline'],
      properties: { dispute: { type: 'integer' }, key: { type: 'string' }, deadline: instant },
    },
  },
  'dispute.decided': {
    description: 'A reviewer retracted or confirmed a disputed record.',
    schema: {
      type: 'object',
      required: ['dispute', 'key', 'outcome'],
      properties: {
        dispute: { type: 'integer' },
        key: { type: 'string' },
        outcome: { type: 'string', enum: ['retracted', 'confirmed'] },
      },
    },
  },
  'dispute.overdue': {
    description: 'A dispute passed its deadline undecided: the record stops counting until decided.',
    schema: {
      type: 'object',
      required: ['dispute', 'key', 'deadline'],
      properties: { dispute: { type: 'integer' }, key: { type: 'string' }, deadline: instant },
    },
  },
  'record.retracted': {
    description: 'A record was retracted: by its authority, an overturned appeal or an upheld dispute.',
    schema: {
      type: 'object',
      required: ['key', 'reason'],
      properties: {
        key: { type: 'string' },
        reason: {
          type: 'string',
          description: 'retracted, appeal-overturned or dispute-upheld (the authority’s text is not sent)',
        },
      },
    },
  },
  'consent.changed': {
    description: 'The subject opted in to or out of a consent scheme.',
    schema: {
      type: 'object',
      required: ['scheme', 'optIn', 'effectiveAt'],
      properties: { scheme: { type: 'string' }, optIn: { type: 'boolean' }, effectiveAt: instant },
    },
  },
  'sanction.in-force': {
    description:
      'A listing’s sanctions came into force. Sent to relying parties that checked the subject for one of the actions within their retention period. No score, grade or record.',
    schema: {
      type: 'object',
      required: ['listing', 'actions', 'since'],
      additionalProperties: false,
      properties: { listing: { type: 'integer' }, actions, since: instant },
    },
  },
  'sanction.lifted': {
    description:
      'A listing in force ended or was overturned. Sent to every relying party that checked the subject for one of its actions while it was in force; the subject’s inbox names them. No score, grade or record.',
    schema: {
      type: 'object',
      required: ['listing', 'actions', 'liftedAt'],
      additionalProperties: false,
      properties: { listing: { type: 'integer' }, actions, liftedAt: instant },
    },
  },
};

const header = (description: string) => ({ required: true, schema: { type: 'string' }, description });

/** The OpenAPI 3.1 `webhooks` object: each event type Standing POSTs to registered endpoints. */
export function webhooksOpenApi(): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const type of Object.keys(EVENT_TYPES) as EventType[]) {
    const d = DATA[type];
    const party = PARTY_EVENT_TYPES.includes(type);
    out[type] = {
      post: {
        tags: ['webhooks'],
        summary: type,
        description: `${d.description} Payload schema version ${EVENT_TYPES[type]}.${party ? ' Relying parties may subscribe.' : ' Authorities (their own) and the operator only.'} Signed per Standard Webhooks; retried with backoff for 3 days; any 2xx acknowledges.`,
        parameters: [
          {
            in: 'header',
            name: 'webhook-id',
            ...header('the event id (evt_…): the same on every retry; deduplicate on it'),
          },
          {
            in: 'header',
            name: 'webhook-timestamp',
            ...header('seconds since the epoch when this attempt was signed'),
          },
          {
            in: 'header',
            name: 'webhook-signature',
            ...header('v1,<base64 HMAC-SHA256 of id.timestamp.body with the endpoint secret>'),
          },
        ],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['id', 'type', 'timestamp', 'schemaVersion', 'authority', 'subject', 'data'],
                properties: {
                  id: { type: 'string' },
                  type: { const: type },
                  timestamp: { ...instant, description: 'when the change took effect' },
                  schemaVersion: { const: EVENT_TYPES[type] },
                  authority: { type: 'string' },
                  subject: { type: 'string' },
                  data: d.schema,
                },
              },
            },
          },
        },
        responses: {
          '2XX': { description: 'received; anything else (or a redirect, or no answer in 10 s) is retried' },
        },
      },
    };
  }
  return out;
}
