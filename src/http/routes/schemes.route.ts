import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { fail, isStandingError, type StandingError } from '../../core/errors.js';
import { principalName, type Principal } from '../../core/principal.js';
import type { DataContextReport, ProportionalityEntry } from '../../core/proportionality.js';
import { publishGated } from '../../engine/evaluation/publish-gate.js';
import { publishShadow } from '../../engine/evaluation/shadow.js';
import { Gate, gatedView } from './candidates.route.js';
import { visibleSchemeVersions } from '../../engine/audit/transparency.js';
import { checkSchemeSource, schemeVersionDetail, schemeVersionSummary } from '../../engine/evaluation/scheme-reads.js';
import type { App, HttpDeps } from '../app.js';
import { authorize } from '../../core/policy.js';
import { can } from '../auth.js';
import { statusOf } from '../errors.js';
import { ErrorRef, errors, Instant } from '../schemas.js';
import type { RouteOptions } from './index.js';
import { AuthorityParam } from './records.route.js';

export const SchemeIdParam = Type.String({ pattern: '^[a-z0-9][a-z0-9_-]{0,62}$', description: 'scheme id' });
const VersionParam = Type.String({ pattern: '^[1-9][0-9]{0,8}$', description: 'version number' });
const Source = Type.Object(
  { source: Type.String({ minLength: 1, maxLength: 256 * 1024, description: 'the scheme as YAML (SPEC §3)' }) },
  { additionalProperties: false },
);

const PublishBody = Type.Object(
  {
    source: Type.String({ minLength: 1, maxLength: 256 * 1024, description: 'the scheme as YAML (SPEC §3)' }),
    shadow: Type.Optional(
      Type.Boolean({
        description: 'publish a shadow version: evaluated beside the live one, never noticed or enforced',
      }),
    ),
  },
  { additionalProperties: false },
);

const Problem = Type.Object(
  {
    code: Type.String(),
    message: Type.String(),
    field: Type.Optional(Type.String()),
    line: Type.Optional(Type.Integer()),
    column: Type.Optional(Type.Integer()),
    rule: Type.Optional(Type.String()),
    scheme: Type.Optional(Type.String()),
  },
  { title: 'SchemeProblem' },
);

const ReportEntry = Type.Object(
  {
    list: Type.String(),
    listType: Type.String(),
    action: Type.String(),
    effect: Type.String(),
    limit: Type.Optional(Type.Record(Type.String(), Type.Number())),
    actionDomain: Type.Union([Type.String(), Type.Null()]),
    schemeContext: Type.String(),
    crossContext: Type.Boolean(),
    privilege: Type.Boolean(),
    justification: Type.Optional(Type.String()),
    basis: Type.Optional(Type.String()),
    triggers: Type.Union([Type.Array(Type.String()), Type.Literal('any')], {
      description: 'record kinds that can trigger the sanction, or "any"',
    }),
    longest: Type.String({
      description:
        'how long it can last: an ISO 8601 duration (at most the maximum term); "unbounded" only for a redlist privilege',
    }),
    maxTerm: Type.Union([Type.String(), Type.Null()], {
      description: "the list's maximum term (ISO 8601); null for a redlist, which has none",
    }),
    maxTermDefault: Type.Boolean({ description: "the maximum term is the operator's default" }),
  },
  { title: 'ProportionalityEntry', description: 'One sanction as the proportionality report shows it (SPEC §5).' },
);

const DataContext = Type.Object(
  {
    schemeContext: Type.String(),
    domains: Type.Array(Type.String(), {
      description:
        'every domain whose records feed the scheme, sorted; "any" when a condition reads records of any kind',
    }),
    uses: Type.Array(
      Type.Object({
        on: Type.Union([Type.Literal('rule'), Type.Literal('grade'), Type.Literal('list')]),
        id: Type.String(),
        kinds: Type.Union([Type.Array(Type.String()), Type.Literal('any')], {
          description: 'the record kinds the condition reads, or "any"',
        }),
        domains: Type.Array(Type.String()),
        crossContext: Type.Boolean({ description: "reads a domain other than the scheme's context, or any kind" }),
        foreign: Type.Array(Type.String(), { description: "the domains read outside the scheme's context" }),
        dataJustification: Type.Optional(Type.String()),
        basis: Type.Optional(Type.String()),
      }),
    ),
  },
  {
    title: 'DataContextReport',
    description: 'Which domains feed a scheme, through which rules, grades and lists (SPEC §5, data contexts).',
  },
);

function dataContextView(r: DataContextReport) {
  return {
    schemeContext: r.schemeContext,
    domains: [...r.domains],
    uses: r.uses.map((u) => ({
      ...u,
      kinds: u.kinds === 'any' ? ('any' as const) : [...u.kinds],
      domains: [...u.domains],
      foreign: [...u.foreign],
    })),
  };
}

const VersionSummary = Type.Object({
  authority: Type.String(),
  scheme: Type.String(),
  version: Type.Integer(),
  title: Type.Union([Type.String(), Type.Null()]),
  public: Type.Boolean(),
  publishedAt: Instant,
});

const VersionDetail = Type.Object(
  {
    authority: Type.String(),
    scheme: Type.String(),
    version: Type.Integer(),
    title: Type.Union([Type.String(), Type.Null()]),
    public: Type.Boolean(),
    publishedAt: Instant,
    source: Type.String({ description: 'the YAML as published' }),
    content: Type.Unknown({ description: 'the validated document with every default filled in (without its version)' }),
    report: Type.Array(ReportEntry),
    dataContext: DataContext,
  },
  { title: 'SchemeVersion' },
);

/** The authority a caller is staff of: it also sees that authority's non-public schemes. */
export function viewerOf(p: Principal): string | null {
  return p.type === 'staff' ? p.authority : null;
}

function reportView(entries: readonly ProportionalityEntry[]) {
  return entries.map((e) => ({ ...e, triggers: e.triggers === 'any' ? ('any' as const) : [...e.triggers] }));
}

/** Scheme validation errors leave as 400 with every problem in `errors`, even a single one. */
function sendProblems(reply: FastifyReply, e: StandingError) {
  const problems = (e.problems.length > 0 ? e.problems : [e]).map((p) => p.toJSON());
  return reply.status(400).send({ code: e.code, message: e.message, ...e.at, errors: problems });
}

/** Publishing, checking and reading schemes (SPEC §3, §5, §8). Outsiders see public versions only; a hidden scheme is 404, not 403. */
export async function schemeRoutes(app: App, deps: HttpDeps, _options: RouteOptions): Promise<void> {
  app.post(
    '/v1/schemes',
    {
      config: { access: can('scheme.publish') },
      schema: {
        tags: ['schemes'],
        summary: 'Publish a scheme version',
        description:
          'Admins of the scheme’s authority. A scheme without `authority` takes the caller’s. Without `version` it takes the next number; ' +
          'the same content again changes nothing (200, `created: false`). Invalid schemes are refused with every problem in `errors`. ' +
          'The draft is simulated first: a version that would open or end more listings than the authority’s publish gate allows is ' +
          'held `pending` (202) until a second admin approves it. With `shadow: true` it is a shadow version (202), evaluated beside ' +
          'the live one and never noticed or enforced (SPEC §12).',
        body: PublishBody,
        response: {
          200: Type.Object({
            authority: Type.String(),
            scheme: Type.String(),
            version: Type.Integer(),
            created: Type.Boolean(),
            subjects: Type.Integer(),
            status: Type.Literal('live'),
          }),
          201: Type.Object({
            authority: Type.String(),
            scheme: Type.String(),
            version: Type.Integer(),
            created: Type.Boolean(),
            subjects: Type.Integer({ description: 'subjects re-evaluated' }),
            status: Type.Literal('live'),
          }),
          202: Type.Object({
            authority: Type.String(),
            scheme: Type.String(),
            version: Type.Integer(),
            status: Type.Union([Type.Literal('pending'), Type.Literal('shadow')]),
            subjects: Type.Optional(Type.Integer({ description: 'subjects evaluated under the shadow version' })),
            gate: Type.Optional(Gate),
          }),
          ...errors(401, 403, 409),
          400: ErrorRef,
        },
      },
    },
    async (request, reply) => {
      const admin = authorize(request.principal, 'scheme.publish');
      const options = {
        defaultAuthority: admin.authority,
        onlyAuthority: admin.authority,
        publishedBy: principalName(admin),
      };
      try {
        if (request.body.shadow === true) {
          const r = await publishShadow(deps, request.body.source, options);
          return reply.status(202).send({
            authority: r.ref.authority,
            scheme: r.ref.scheme,
            version: r.version,
            status: 'shadow' as const,
            subjects: r.subjects,
          });
        }
        const r = await publishGated(deps, request.body.source, options);
        if (r.status === 'pending') {
          const v = gatedView(r);
          return reply.status(202).send({ ...v, status: 'pending' as const, gate: v.gate! });
        }
        const body = {
          authority: r.ref.authority,
          scheme: r.ref.scheme,
          version: r.version,
          created: r.created,
          subjects: r.subjects,
          status: 'live' as const,
        };
        return reply.status(r.created ? 201 : 200).send(body);
      } catch (e) {
        if (isStandingError(e) && statusOf(e.code) === 400) return sendProblems(reply, e);
        throw e;
      }
    },
  );

  app.post(
    '/v1/schemes/check',
    {
      config: { access: can('scheme.check') },
      schema: {
        tags: ['schemes'],
        summary: 'Validate a scheme and report its proportionality',
        description: 'Any staff. Publishes nothing. A scheme without `authority` is checked as the caller’s.',
        body: Source,
        response: {
          200: Type.Object({
            valid: Type.Boolean(),
            scheme: Type.Optional(Type.String()),
            authority: Type.Optional(Type.String()),
            errors: Type.Optional(Type.Array(Problem)),
            report: Type.Optional(Type.Array(ReportEntry)),
            dataContext: Type.Optional(DataContext),
          }),
          ...errors(400, 401, 403),
        },
      },
    },
    async (request) => {
      const staff = authorize(request.principal, 'scheme.check');
      const checked = await checkSchemeSource(deps, request.body.source, staff.authority);
      if (!checked.valid) return { valid: false, errors: checked.errors.map((e) => e.toJSON()) };
      return {
        valid: true,
        scheme: checked.scheme,
        authority: checked.authority,
        report: reportView(checked.report),
        dataContext: dataContextView(checked.dataContext),
      };
    },
  );

  app.get(
    '/v1/schemes',
    {
      schema: {
        tags: ['schemes'],
        summary: 'Published scheme versions',
        description: 'Every version published with `public: true`; staff also see their own authority’s others.',
        security: [],
        response: { 200: Type.Object({ versions: Type.Array(VersionSummary) }), ...errors(401) },
      },
    },
    async (request) => ({
      versions: (await visibleSchemeVersions(deps, viewerOf(request.principal))).map(schemeVersionSummary),
    }),
  );

  app.get(
    '/v1/schemes/:authority/:scheme',
    {
      schema: {
        tags: ['schemes'],
        summary: 'The versions of one scheme',
        security: [],
        params: Type.Object({ authority: AuthorityParam, scheme: SchemeIdParam }),
        response: {
          200: Type.Object({ authority: Type.String(), scheme: Type.String(), versions: Type.Array(VersionSummary) }),
          ...errors(400, 401, 404),
        },
      },
    },
    async (request) => {
      const { authority, scheme } = request.params;
      const rows = await visibleSchemeVersions(deps, viewerOf(request.principal), { authority, scheme });
      if (rows.length === 0)
        fail('SCHEME_NOT_FOUND', `no published scheme ${authority}/${scheme}`, { field: 'scheme', scheme });
      return { authority, scheme, versions: rows.map(schemeVersionSummary) };
    },
  );

  app.get(
    '/v1/schemes/:authority/:scheme/versions/:version',
    {
      schema: {
        tags: ['schemes'],
        summary: 'One scheme version: its source, content and proportionality report',
        security: [],
        params: Type.Object({ authority: AuthorityParam, scheme: SchemeIdParam, version: VersionParam }),
        response: { 200: VersionDetail, ...errors(400, 401, 404) },
      },
    },
    async (request) => {
      const { authority, scheme } = request.params;
      const version = Number(request.params.version);
      const detail = await schemeVersionDetail(deps, viewerOf(request.principal), { authority, scheme }, version);
      return { ...detail, report: reportView(detail.report), dataContext: dataContextView(detail.dataContext) };
    },
  );
}
