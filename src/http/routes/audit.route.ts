import { Type } from 'typebox';
import { GENESIS } from '../../core/audit-entry.js';
import { formatInstant } from '../../core/instant.js';
import { verifyStorageAndAudit } from '../../engine/audit/audit.js';
import { latestCheckpoints } from '../../engine/audit/checkpoint.js';
import { auditPage } from '../../engine/audit/entries.js';
import type { App, HttpDeps } from '../app.js';
import { authorize } from '../../core/policy.js';
import { can } from '../auth.js';
import { exportStatements } from '../../engine/due-process/statements.js';
import { LimitParam, counter, optionalInstantParam, pageLimit, SeqParam } from '../query-params.js';
import { errors, Instant } from '../schemas.js';
import type { RouteOptions } from './index.js';
import { AuthorityParam } from './records.route.js';

const Entry = Type.Object(
  {
    seq: Type.Integer(),
    at: Instant,
    type: Type.String(),
    payload: Type.Unknown({ description: 'the fact, as its canonical JSON was hashed' }),
    prev: Type.String({ description: 'SHA-256 of the previous entry' }),
    hash: Type.String({ description: 'SHA-256 of this entry' }),
  },
  { title: 'AuditEntry' },
);

const Chain = Type.Object({
  chain: Type.String(),
  entries: Type.Integer(),
  head: Type.String({ description: 'hash of the last entry' }),
});

const Problem = Type.Object({
  chain: Type.Optional(Type.String()),
  seq: Type.Optional(Type.Integer()),
  table: Type.Optional(Type.String()),
  id: Type.Optional(Type.Union([Type.String(), Type.Integer()])),
  message: Type.String(),
});

const Checkpoint = Type.Object(
  {
    chain: Type.String(),
    size: Type.Integer({ description: 'entries in the chain when signed' }),
    head: Type.String({ description: 'hex SHA-256 of entry number `size`' }),
    signedAt: Instant,
    note: Type.String({ description: 'the C2SP tlog-checkpoint signed note, as signed (docs/audit.md)' }),
  },
  { title: 'AuditCheckpoint' },
);

/** An authority's audit chain (SPEC §8), for its auditors only; the signed checkpoints, for anyone. */
export async function auditRoutes(app: App, deps: HttpDeps, _options: RouteOptions): Promise<void> {
  app.get(
    '/v1/audit/checkpoints',
    {
      schema: {
        tags: ['audit'],
        summary: 'The latest signed checkpoint of every audit chain',
        description:
          'Public. One C2SP tlog-checkpoint note per chain, signed with the operator’s checkpoint key (`standing audit checkpoint`). ' +
          'Keep them: `standing audit verify --checkpoint FILE --verifier VKEY` later proves the log still extends them.',
        security: [],
        response: { 200: Type.Object({ checkpoints: Type.Array(Checkpoint) }) },
      },
    },
    async () => ({
      checkpoints: (await latestCheckpoints(deps)).map((c) => ({
        chain: c.chain,
        size: c.size,
        head: c.head,
        signedAt: formatInstant(c.createdAt),
        note: c.note,
      })),
    }),
  );

  app.get(
    '/v1/audit/:authority',
    {
      config: { access: can('audit.read') },
      schema: {
        tags: ['audit'],
        summary: 'Entries of an authority’s audit chain',
        description:
          'Auditors of the authority. In sequence order; pass the returned `next` as `after` for the next page.',
        params: Type.Object({ authority: AuthorityParam }),
        querystring: Type.Object(
          { after: Type.Optional(SeqParam), limit: Type.Optional(LimitParam) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            chain: Type.String(),
            entries: Type.Array(Entry),
            next: Type.Union([Type.Integer(), Type.Null()]),
          }),
          ...errors(400, 401, 403),
        },
      },
    },
    async (request) => {
      const { authority } = request.params;
      authorize(request.principal, 'audit.read', { authority });
      const limit = pageLimit(request.query.limit);
      const after = counter(request.query.after, 'after', 0);
      const page = await auditPage(deps, authority, after, limit);
      return {
        chain: authority,
        entries: page.entries.map((e) => ({
          seq: e.seq,
          at: formatInstant(e.at),
          type: e.type,
          payload: JSON.parse(e.payload) as unknown,
          prev: e.prev,
          hash: e.hash,
        })),
        next: page.next,
      };
    },
  );

  app.get(
    '/v1/audit/:authority/verify',
    {
      config: { access: can('audit.read') },
      schema: {
        tags: ['audit'],
        summary: 'Verify an authority’s audit chain',
        description:
          'Auditors of the authority. Recomputes the chain and checks the records, scheme versions and listings it vouches for (as `standing audit verify`), ' +
          'reporting this chain’s problems and its head.',
        params: Type.Object({ authority: AuthorityParam }),
        response: {
          200: Type.Object({
            ok: Type.Boolean(),
            chain: Chain,
            problems: Type.Array(Problem),
            omitted: Type.Integer({
              description: 'problems of any chain beyond the report’s limit; when > 0 this chain may have more',
            }),
          }),
          ...errors(400, 401, 403),
        },
      },
    },
    async (request) => {
      const { authority } = request.params;
      authorize(request.principal, 'audit.read', { authority });
      // The storage first, then the whole-store walk: on a thread of its own when the server has one
      // (long-reads.ts), so checks go on. quick_check: a request must not hold the service for a full check.
      const { storage, report } = deps.longReads
        ? await deps.longReads.verifyAudit()
        : await verifyStorageAndAudit(deps, { quick: true });
      if (report === undefined) {
        return {
          ok: false,
          chain: { chain: authority, entries: 0, head: GENESIS },
          problems: storage.problems.map((m) => ({
            table: 'storage',
            message: `storage integrity check failed: ${m}`,
          })),
          omitted: 0,
        };
      }
      const problems = report.problems.filter((p) => p.chain === authority);
      const chain = report.chains.find((c) => c.chain === authority) ?? { chain: authority, entries: 0, head: GENESIS };
      return {
        ok: problems.length === 0 && report.omitted === 0,
        chain: { ...chain },
        problems: problems.map((p) => ({ ...p })),
        omitted: report.omitted,
      };
    },
  );

  app.get(
    '/v1/statements',
    {
      config: { access: can('audit.read') },
      schema: {
        tags: ['audit'],
        summary: 'The authority’s statements of reasons in the DSA Transparency Database API’s shape',
        description:
          'Auditors, for their own authority: one statement per notice of a blacklist or watchlist listing issued at or after `since`, oldest first, ' +
          'each validated against the API’s fields, enumerations and lengths (docs/statements.md). The body is the API’s multiple-statement request body.',
        querystring: Type.Object(
          {
            format: Type.Literal('dsa-tdb', { description: 'the only format: the DSA Transparency Database API' }),
            since: Type.Optional(Type.String({ description: 'RFC 3339 instant: notices issued at or after it' })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object(
            { statements: Type.Array(Type.Record(Type.String(), Type.Unknown())) },
            { title: 'DsaStatements' },
          ),
          ...errors(400, 401, 403),
        },
      },
    },
    async (request) => {
      const staff = authorize(request.principal, 'audit.read');
      const since = optionalInstantParam(request.query.since, 'since');
      const statements: Record<string, unknown>[] = [];
      for await (const s of exportStatements(deps, {
        authority: staff.authority,
        ...(since === undefined ? {} : { since }),
      }))
        statements.push({ ...s });
      return { statements };
    },
  );
}
