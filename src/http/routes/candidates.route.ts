import { Type } from 'typebox';
import { fail } from '../../core/errors.js';
import { formatInstant } from '../../core/instant.js';
import { principalName, type Principal } from '../../core/principal.js';
import {
  approvePending,
  candidatesOf,
  promoteShadow,
  withdrawCandidate,
  type GateVerdict,
  type GatedResult,
} from '../../engine/evaluation/publish-gate.js';
import { compareShadow } from '../../engine/evaluation/shadow.js';
import type { Explanation } from '../../engine/evaluation/simulate.js';
import type { App, HttpDeps } from '../app.js';
import { authorize } from '../../core/policy.js';
import { can } from '../auth.js';
import { errors, Instant } from '../schemas.js';
import type { RouteOptions } from './index.js';
import { AuthorityParam } from './records.route.js';

const SchemeParam = Type.String({ pattern: '^[a-z0-9][a-z0-9_-]{0,62}$', description: 'scheme id' });
const VersionParam = Type.String({ pattern: '^[1-9][0-9]{0,8}$', description: 'version number' });

export const Gate = Type.Object(
  {
    opened: Type.Integer({ description: 'notices the version would send' }),
    ended: Type.Integer({ description: 'listings it would end' }),
    judged: Type.Integer({ description: 'subjects judged (by the live version; by the draft for a first version)' }),
    threshold: Type.Number({ description: 'the smaller of N subjects and P% of those judged' }),
    held: Type.Boolean(),
    lists: Type.Array(Type.Object({ list: Type.String(), opened: Type.Integer(), ended: Type.Integer() })),
  },
  { title: 'PublishGate', description: 'What the publish gate saw in the simulation (SPEC §12).' },
);

const Candidate = Type.Object(
  {
    authority: Type.String(),
    scheme: Type.String(),
    version: Type.Integer(),
    status: Type.Union([Type.Literal('shadow'), Type.Literal('pending')]),
    publishedAt: Instant,
    publishedBy: Type.Union([Type.String(), Type.Null()]),
    requestedBy: Type.Union([Type.String(), Type.Null()]),
    gate: Type.Union([Gate, Type.Null()]),
    source: Type.String({ description: 'the version as YAML, as published (to simulate it again)' }),
    /** Whether the caller may approve it (a pending version, not its author). */
    canApprove: Type.Boolean(),
  },
  { title: 'CandidateVersion' },
);

const ExplanationView = Type.Union([
  Type.Object({
    judged: Type.Boolean(),
    score: Type.Union([Type.Number(), Type.Null()]),
    grade: Type.Union([Type.String(), Type.Null()]),
    lists: Type.Array(Type.String()),
    contributions: Type.Array(Type.Object({ rule: Type.String(), record: Type.String(), points: Type.Number() })),
  }),
  Type.Null(),
]);

const Comparison = Type.Object(
  {
    authority: Type.String(),
    scheme: Type.String(),
    liveVersion: Type.Union([Type.Integer(), Type.Null()]),
    shadowVersion: Type.Integer(),
    at: Instant,
    compared: Type.Integer(),
    differing: Type.Integer(),
    gradeChanges: Type.Integer(),
    lists: Type.Array(Type.Object({ list: Type.String(), entering: Type.Integer(), leaving: Type.Integer() })),
    subjects: Type.Array(Type.Object({ subject: Type.String(), live: ExplanationView, shadow: ExplanationView })),
  },
  { title: 'ShadowComparison' },
);

export const GatedView = Type.Object(
  {
    authority: Type.String(),
    scheme: Type.String(),
    version: Type.Integer(),
    status: Type.Union([Type.Literal('live'), Type.Literal('pending')]),
    created: Type.Optional(Type.Boolean()),
    subjects: Type.Optional(Type.Integer({ description: 'subjects re-evaluated' })),
    gate: Type.Optional(Gate),
  },
  { title: 'GatedPublication' },
);

const gateView = (g: GateVerdict) => ({ ...g, lists: g.lists.map((l) => ({ ...l })) });

export function gatedView(r: GatedResult) {
  return r.status === 'pending'
    ? { authority: r.ref.authority, scheme: r.ref.scheme, version: r.version, status: r.status, gate: gateView(r.gate) }
    : {
        authority: r.ref.authority,
        scheme: r.ref.scheme,
        version: r.version,
        status: r.status,
        created: r.created,
        subjects: r.subjects,
      };
}

function ownAuthority(admin: Principal & { authority: string }, authority: string): void {
  if (admin.authority !== authority)
    fail('FORBIDDEN', `this needs the admin role of ${authority}`, { field: 'authority' });
}

/** Shadow and pending versions (SPEC §12): list, compare, promote, approve. Admins of the scheme's authority only. */
export async function candidateRoutes(app: App, deps: HttpDeps, _options: RouteOptions): Promise<void> {
  app.get(
    '/v1/schemes/candidates',
    {
      config: { access: can('candidate.read') },
      schema: {
        tags: ['schemes'],
        summary: 'Shadow and pending versions of the caller’s authority',
        description:
          'Admins. Pending versions carry what the publish gate saw; `canApprove` says whether the caller may approve.',
        response: { 200: Type.Object({ versions: Type.Array(Candidate) }), ...errors(401, 403) },
      },
    },
    async (request) => {
      const admin = authorize(request.principal, 'candidate.read');
      const me = principalName(admin);
      const rows = await candidatesOf(deps, admin.authority);
      return {
        versions: rows.map((r) => ({
          authority: r.authority,
          scheme: r.scheme,
          version: r.version,
          status: r.status as 'shadow' | 'pending',
          publishedAt: formatInstant(r.publishedAt),
          publishedBy: r.publishedBy,
          requestedBy: r.requestedBy,
          gate: r.gate === null ? null : gateView(JSON.parse(r.gate) as GateVerdict),
          source: r.source,
          canApprove: r.status === 'pending' && me !== r.publishedBy && me !== r.requestedBy,
        })),
      };
    },
  );

  app.get(
    '/v1/schemes/:authority/:scheme/compare',
    {
      config: { access: can('candidate.read') },
      schema: {
        tags: ['schemes'],
        summary: 'Live against shadow so far',
        description:
          'Admins of the authority. Subjects whose grade or lists differ between the live version and the latest shadow version (or the one `version` names), with both explanations, as `standing scheme compare`.',
        params: Type.Object({ authority: AuthorityParam, scheme: SchemeParam }),
        querystring: Type.Object({ version: Type.Optional(VersionParam) }),
        response: { 200: Comparison, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const admin = authorize(request.principal, 'candidate.read');
      ownAuthority(admin, request.params.authority);
      const { version } = request.query;
      const spec = version === undefined ? request.params.scheme : `${request.params.scheme}@${version}`;
      const c = await compareShadow(deps, spec, { authority: request.params.authority });
      const ex = (e: Explanation | null) =>
        e === null
          ? null
          : {
              judged: e.judged,
              score: e.score,
              grade: e.grade,
              lists: [...e.lists],
              contributions: [...e.contributions],
            };
      return {
        ...c,
        at: formatInstant(c.at),
        lists: [...c.lists],
        subjects: c.subjects.map((d) => ({ subject: d.subject, live: ex(d.live), shadow: ex(d.shadow) })),
      };
    },
  );

  app.post(
    '/v1/schemes/:authority/:scheme/versions/:version/promote',
    {
      config: { access: can('scheme.publish') },
      schema: {
        tags: ['schemes'],
        summary: 'Make a shadow version live',
        description:
          'Admins of the authority. As publishing it would (SPEC §6 new versions), through the publish gate: above the threshold it is held `pending` (202).',
        params: Type.Object({ authority: AuthorityParam, scheme: SchemeParam, version: VersionParam }),
        response: { 200: GatedView, 202: GatedView, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const admin = authorize(request.principal, 'scheme.publish');
      const { authority, scheme, version } = request.params;
      ownAuthority(admin, authority);
      const r = await promoteShadow(deps, `${scheme}@${version}`, { as: admin, authority });
      return reply.status(r.status === 'pending' ? 202 : 200).send(gatedView(r));
    },
  );

  app.post(
    '/v1/schemes/:authority/:scheme/versions/:version/withdraw',
    {
      config: { access: can('scheme.publish') },
      schema: {
        tags: ['schemes'],
        summary: 'Withdraw a shadow or pending version',
        description:
          'Admins of the authority. The version is no longer evaluated, its shadow states are deleted, and it can no longer be promoted or approved; its number is not reused. 409 SCHEME_CANDIDATE_STATE for a live or already withdrawn version.',
        params: Type.Object({ authority: AuthorityParam, scheme: SchemeParam, version: VersionParam }),
        response: {
          200: Type.Object(
            {
              authority: Type.String(),
              scheme: Type.String(),
              version: Type.Integer(),
              status: Type.Literal('withdrawn'),
              withdrawnAt: Instant,
              by: Type.String(),
            },
            { title: 'WithdrawnVersion' },
          ),
          ...errors(400, 401, 403, 404, 409),
        },
      },
    },
    async (request) => {
      const admin = authorize(request.principal, 'scheme.publish');
      const { authority, scheme, version } = request.params;
      ownAuthority(admin, authority);
      const r = await withdrawCandidate(deps, `${scheme}@${version}`, { as: admin, authority });
      return {
        authority: r.authority,
        scheme: r.scheme,
        version: r.version,
        status: 'withdrawn' as const,
        withdrawnAt: formatInstant(r.decidedAt!),
        by: r.decidedBy ?? principalName(admin) ?? 'operator',
      };
    },
  );

  app.post(
    '/v1/schemes/:authority/:scheme/versions/:version/approve',
    {
      config: { access: can('scheme.approve') },
      schema: {
        tags: ['schemes'],
        summary: 'Approve a pending version',
        description:
          'A second admin of the authority makes a version held by the publish gate live; its publisher and promoter get 403 APPROVER_IS_AUTHOR.',
        params: Type.Object({ authority: AuthorityParam, scheme: SchemeParam, version: VersionParam }),
        response: { 200: GatedView, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const admin = authorize(request.principal, 'scheme.approve');
      const { authority, scheme, version } = request.params;
      ownAuthority(admin, authority);
      const r = await approvePending(deps, `${scheme}@${version}`, admin, { authority });
      return gatedView({ status: 'live', ...r });
    },
  );
}
