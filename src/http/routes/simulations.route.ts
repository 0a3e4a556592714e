import { Type } from 'typebox';
import { parseInstantOrDate } from '../../core/instant.js';
import { fail } from '../../core/errors.js';
import { principalName } from '../../core/principal.js';
import { backtestInstants, backtestScheme, simulateScheme } from '../../engine/evaluation/simulate.js';
import { SimulationJobs, type SimulationJob } from '../../engine/evaluation/simulation-jobs.js';
import type { App, HttpDeps } from '../app.js';
import { authorize } from '../../core/policy.js';
import { can } from '../auth.js';
import { errors, Instant } from '../schemas.js';
import type { RouteOptions } from './index.js';

const Start = Type.Object(
  {
    source: Type.String({ minLength: 1, maxLength: 256 * 1024, description: 'the draft scheme as YAML (SPEC §3)' }),
    at: Type.Optional(Type.String({ description: 'judge at this instant (default now); a bare date is midnight UTC' })),
    against: Type.Optional(
      Type.String({ pattern: '^[a-z0-9][a-z0-9_-]{0,62}@[1-9][0-9]{0,8}$', description: 'compare with ID@VERSION' }),
    ),
    from: Type.Optional(Type.String({ description: 'backtest: first instant (with `to`)' })),
    to: Type.Optional(Type.String({ description: 'backtest: last instant (with `from`)' })),
    step: Type.Optional(Type.String({ description: 'backtest: ISO 8601 step, default P1M' })),
  },
  { additionalProperties: false },
);

const JobView = Type.Object(
  {
    id: Type.String(),
    state: Type.Union([Type.Literal('running'), Type.Literal('done'), Type.Literal('failed')]),
    startedAt: Instant,
    progress: Type.Object({
      done: Type.Integer({ description: 'subjects judged so far' }),
      total: Type.Integer({ description: 'subjects to judge (0 until counted)' }),
    }),
    result: Type.Optional(
      Type.Unknown({
        description:
          'when done: the same document as `standing scheme simulate --json` (with `from`/`to`: the backtest, `steps`)',
      }),
    ),
    error: Type.Optional(Type.Object({ code: Type.String(), message: Type.String() })),
  },
  { title: 'SimulationJob' },
);

function view(j: SimulationJob) {
  return {
    id: j.id,
    state: j.state,
    startedAt: new Date(j.startedAt).toISOString(),
    progress: { done: j.done, total: j.total },
    ...(j.error !== null ? { error: j.error } : {}),
  };
}

/** Simulations of draft schemes (SPEC §12): asynchronous jobs held in this server's memory. */
export async function simulationRoutes(app: App, deps: HttpDeps, _options: RouteOptions): Promise<void> {
  const jobs = new SimulationJobs(Date.now, deps.simulationTimeoutMs);
  // Closing the server stops the simulations' threads (their jobs are lost with the server's memory).
  const stopping = new AbortController();
  app.addHook('onClose', async () => stopping.abort(new Error('the server is closing')));
  app.post(
    '/v1/schemes/simulations',
    {
      config: { access: can('simulation.run') },
      schema: {
        tags: ['schemes'],
        summary: 'Start a simulation of a draft scheme',
        description:
          'Admins of the scheme’s authority. Judges the draft over the stored records beside the version it would replace, ' +
          'writing nothing, as `standing scheme simulate`. Returns 202 with the job; follow `Location`. Jobs live in this ' +
          'server’s memory (2 running and 10 finished per authority, each kept an hour after it finishes) and are lost on restart.',
        body: Start,
        response: { 202: JobView, ...errors(400, 401, 403, 429) },
      },
    },
    async (request, reply) => {
      const admin = authorize(request.principal, 'simulation.run');
      const b = request.body;
      const at = b.at === undefined ? undefined : parseInstantOrDate(b.at, 'at');
      const from = b.from === undefined ? undefined : parseInstantOrDate(b.from, 'from');
      const to = b.to === undefined ? undefined : parseInstantOrDate(b.to, 'to');
      if ((from === undefined) !== (to === undefined))
        fail('ARGUMENT_INVALID', 'a backtest needs both from and to', { field: from === undefined ? 'from' : 'to' });
      const instants = from !== undefined && to !== undefined ? backtestInstants(from, to, b.step ?? 'P1M') : null;
      const options = {
        defaultAuthority: admin.authority,
        onlyAuthority: admin.authority,
        actor: principalName(admin) ?? admin.authority,
        ...(b.against !== undefined ? { against: b.against } : {}),
      };
      const longReads = deps.longReads;
      const job = jobs.start(admin.authority, async (progress, limit) => {
        // Stopped when the server closes or the job's time limit passes (its process killed, its snapshot released).
        const signal = AbortSignal.any([stopping.signal, limit]);
        try {
          // On a thread of its own with its own connection when the server has one (long-reads.ts),
          // so the event loop that answers checks never judges a draft; else here, in time slices.
          if (longReads)
            return await longReads.simulate(
              { ...options, source: b.source, at: instants ? null : (at ?? deps.clock.now()), instants },
              progress,
              signal,
            );
          return JSON.stringify(
            instants
              ? await backtestScheme(deps, b.source, instants, { ...options, onProgress: progress, signal })
              : await simulateScheme(deps, b.source, {
                  ...options,
                  onProgress: progress,
                  signal,
                  ...(at !== undefined ? { at } : {}),
                }),
          );
        } catch (e) {
          if (!signal.aborted) request.log.error({ err: e }, 'simulation failed');
          throw e;
        }
      });
      return reply.status(202).header('location', `/v1/schemes/simulations/${job.id}`).send(view(job));
    },
  );

  app.get(
    '/v1/schemes/simulations/:id',
    {
      config: { access: can('simulation.run') },
      schema: {
        tags: ['schemes'],
        summary: 'A simulation job: progress, and the result when done',
        description: 'Admins of the authority that started it; another authority’s job is 404.',
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        response: { 200: JobView, ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const admin = authorize(request.principal, 'simulation.run');
      const job = jobs.get(request.params.id, admin.authority);
      if (job.result === null) return view(job);
      // The result is JSON text already (made on the simulation's thread): sent as it is, not parsed and serialised again.
      const head = JSON.stringify(view(job));
      // (Fastify sends a string with a JSON content type as it is; the schema's type does not know that.)
      const text = `${head.slice(0, -1)},"result":${job.result}}`;
      return reply.type('application/json; charset=utf-8').send(text as never);
    },
  );
}
