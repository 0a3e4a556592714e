import { Type } from 'typebox';
import { fail } from '../../core/errors.js';
import { formatInstant } from '../../core/instant.js';
import { DECISION_FIELDS } from '../../core/manual-decision.js';
import {
  openManualListing,
  openManualListings,
  type DecisionResult,
} from '../../engine/due-process/manual-listings.js';
import type { App, HttpDeps } from '../app.js';
import { authorize } from '../../core/policy.js';
import { can } from '../auth.js';
import { body } from '../due-process-schemas.js';
import { errors, Instant, SubjectId } from '../schemas.js';
import type { RouteOptions } from './index.js';

const Text = (description: string) => Type.String({ minLength: 1, maxLength: 2000, description });

const Decision = Type.Object(
  {
    key: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 200,
        description: 'the authority’s key for the decision (case or order number); default: derived from the content',
      }),
    ),
    subject: SubjectId,
    scheme: Type.String({ minLength: 1, maxLength: 110, description: 'ID or ID@VERSION of one of your schemes' }),
    list: Type.String({ minLength: 1, maxLength: 100, description: 'a list with manual: true' }),
    reason: Text('why the subject is listed: the statement of reasons the notice carries'),
    basis: Text('the legal basis of the decision'),
    evidence: Type.Optional(Type.String({ minLength: 1, maxLength: 2000, description: 'an http(s) URL' })),
    term: Type.Optional(
      Type.String({ minLength: 2, maxLength: 40, description: 'ISO 8601, at most the list’s maxTerm (default: it)' }),
    ),
  },
  { additionalProperties: false, title: 'ListingDecision' },
);

const DecisionOutcome = Type.Object(
  {
    outcome: Type.Union([Type.Literal('opened'), Type.Literal('unchanged')]),
    listing: Type.Integer(),
    key: Type.String(),
    authority: Type.String(),
    subject: Type.String(),
    list: Type.String(),
    state: Type.String(),
    effectAt: Instant,
    termEndsAt: Type.Union([Instant, Type.Null()]),
  },
  { title: 'ListingDecisionOutcome' },
);

const view = (r: DecisionResult) => ({
  ...r,
  effectAt: formatInstant(r.effectAt),
  termEndsAt: r.termEndsAt === null ? null : formatInstant(r.termEndsAt),
});

/** Listings by decision (SPEC §6): an authority's admin lists a subject on one of its manual lists. */
export async function listingDecisionRoutes(app: App, deps: HttpDeps, options: RouteOptions): Promise<void> {
  app.post(
    '/v1/listings/decisions',
    {
      config: { access: can('listing.open') },
      schema: {
        tags: ['listings'],
        summary: 'List a subject by decision',
        description:
          'Admins of an authority, on a `manual: true` list of one of its schemes. Opens a listing in `noticed` whose notice states the reason, basis and evidence; the appeal window, appeal, term and audit follow as for scored listings. Idempotent by `key`: the same decision again answers 200 `unchanged`; the key with other content is DECISION_CONFLICT (409).',
        body: Decision,
        response: { 200: DecisionOutcome, 201: DecisionOutcome, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const staff = authorize(request.principal, 'listing.open');
      // Only the caller's own schemes: another authority's (even an unpublished one) is not found.
      const r = await openManualListing(deps, { ...request.body, authority: staff.authority }, request.principal);
      return reply.status(r.outcome === 'opened' ? 201 : 200).send(body(view(r)));
    },
  );

  app.post(
    '/v1/listings/decisions/batch',
    {
      config: { access: can('listing.open') },
      schema: {
        tags: ['listings'],
        summary: 'List subjects by decision, in a batch',
        description: `As POST /v1/listings/decisions, for up to ${options.maxBatch} decisions. Each is its own unit: a bad one is reported by its index and writes nothing, the others are kept; an error in the request itself rejects it whole.`,
        body: Type.Object(
          {
            decisions: Type.Array(
              Type.Unknown({
                description: `a decision: { ${DECISION_FIELDS.filter((f) => f !== 'authority').join(', ')} } (the authority is the caller’s)`,
              }),
            ),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object(
            {
              results: Type.Array(Type.Object({ index: Type.Integer(), listing: DecisionOutcome })),
              errors: Type.Array(
                Type.Object({
                  index: Type.Integer(),
                  code: Type.String(),
                  message: Type.String(),
                  field: Type.Optional(Type.String()),
                }),
              ),
            },
            { title: 'ListingDecisionBatchResult' },
          ),
          ...errors(400, 401, 403, 413),
        },
      },
    },
    async (request) => {
      const staff = authorize(request.principal, 'listing.open');
      const raws = request.body.decisions;
      if (raws.length > options.maxBatch)
        fail('REQUEST_TOO_LARGE', `decisions: at most ${options.maxBatch} per request, got ${raws.length}`, {
          field: 'decisions',
        });
      // Only the caller's own schemes: the authority is the caller's, whatever a decision says.
      const own = raws.map((r) =>
        typeof r === 'object' && r !== null && !Array.isArray(r) ? { ...r, authority: staff.authority } : r,
      );
      const { results, errors: bad } = await openManualListings(deps, own, request.principal);
      const failed = new Set(bad.map((e) => e.index));
      const okIndexes = raws.map((_, i) => i).filter((i) => !failed.has(i));
      return {
        results: body(results.map((r, i) => ({ index: okIndexes[i]!, listing: view(r) }))),
        errors: bad.map((e) => ({
          index: e.index,
          code: e.error.code,
          message: e.error.message,
          ...(e.error.at.field === undefined ? {} : { field: e.error.at.field }),
        })),
      };
    },
  );
}
