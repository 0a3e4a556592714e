/**
 * Check latency while a simulation runs (SPEC §12: simulations never block imports or
 * checks). A seed city in a SQLite file, served by Standing in a child process; autocannon
 * loads POST /v1/checks at 50 connections, in pairs of runs: one quiet, one while the same
 * server keeps a simulation of a city-citizen draft running (POST /v1/schemes/simulations,
 * polled until done, then the next one), on the same database. Prints p50/p99 of each run
 * and the ratio of each pair.
 *
 * `--loads closed,open` (the default): each pair is measured twice, closed loop (every connection
 * asks again as soon as it is answered: the machine saturated) and open loop at a fixed rate
 * (`--rate R` requests per second, else `--fraction F` of the closed quiet run’s throughput;
 * each check sent at its own instant, its latency counted from then; see `openLoop`): a relying party sends at its
 * rate, it does not saturate the service. Before the pairs, one simulation with no checks at all
 * is timed (`alone`), and each simulating run reports the subjects judged per second in it, so
 * the slowdown of a simulation under load can be read: subjects judged in the loaded run (finished
 * simulations and the running one's progress when the run ends), a second, and as a share of the
 * rate alone. `--server FILE` serves with another
 * build's decision-server.js (a baseline), measured with this build's load.
 *
 *   node dist/bench/checks-during-simulation.js [--persons N] [--seconds S] [--pairs P] [--connections C]
 *     [--loads closed,open] [--rate R | --fraction F] [--server FILE]
 */
import autocannon from 'autocannon';
import { fork, type ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { fixedClock } from '../engine/clock.js';
import { seedCity } from '../engine/seed/city.js';
import { createApiKey } from '../engine/tenancy/auth.js';
import type { ActionDef } from '../core/actions.js';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';

/** The clock of decision-server.js's Standing. */
const NOW = Date.parse('2026-06-01T00:00:00Z');
const log = (s: string): boolean => process.stderr.write(`${s}\n`);

function exampleSchemes(): string[] {
  const dir = new URL('../../examples/', import.meta.url);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => readFileSync(new URL(f, dir), 'utf8'));
}

function startStanding(db: string, server?: string): Promise<{ child: ChildProcess; url: string }> {
  const script = server ?? fileURLToPath(new URL('./decision-server.js', import.meta.url));
  return new Promise((resolve, reject) => {
    const child = fork(script, ['standing', db], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    child.once('message', (m) => resolve({ child, url: (m as { url: string }).url }));
    child.once('error', reject);
  });
}

/** Latency percentiles in ms, answers a second, answers that were not 2xx. */
type Figures = { p50: number; p99: number; rps: number; non2xx: number };

/**
 * An open loop: `rate` checks a second for `seconds`, each sent at its own instant (every
 * millisecond, the ones due) on whichever of `connections` kept-alive connections is free, queued
 * in the agent when none is; its latency runs from the instant it was due, so time spent queued
 * behind a slow answer counts (no coordinated omission). autocannon's `overallRate` is not this:
 * each connection sends at full speed until its quota for the second is used, then waits for the
 * next second, so its "rate" is bursts of a closed loop with pauses between.
 */
async function openLoop(
  url: string,
  secret: string,
  body: () => string,
  seconds: number,
  rate: number,
  connections: number,
): Promise<Figures> {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const latencies: number[] = [];
  let non2xx = 0;
  let sent = 0;
  let answered = 0;
  const total = Math.round(seconds * rate);
  const start = performance.now();
  await new Promise<void>((finish) => {
    const send = (due: number): void => {
      const payload = body();
      const req = request(
        url,
        {
          method: 'POST',
          agent,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(payload),
            authorization: `Bearer ${secret}`,
          },
        },
        (res) => {
          res.resume();
          res.once('end', () => {
            latencies.push(performance.now() - due);
            if (res.statusCode === undefined || res.statusCode < 200 || res.statusCode >= 300) non2xx++;
            if (++answered === total) finish();
          });
        },
      );
      req.once('error', () => {
        non2xx++;
        if (++answered === total) finish();
      });
      req.end(payload);
    };
    const timer = setInterval(() => {
      const now = performance.now();
      const due = Math.min(total, Math.floor(((now - start) / 1000) * rate));
      for (; sent < due; sent++) send(start + (sent * 1000) / rate);
      if (sent === total) clearInterval(timer);
    }, 1);
  });
  const elapsed = (performance.now() - start) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number): number => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { p50: at(0.5), p99: at(0.99), rps: answered / elapsed, non2xx };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      persons: { type: 'string', default: '20000' },
      seconds: { type: 'string', default: '10' },
      pairs: { type: 'string', default: '3' },
      connections: { type: 'string', default: '50' },
      loads: { type: 'string', default: 'closed,open' },
      rate: { type: 'string' },
      fraction: { type: 'string', default: '0.6' },
      server: { type: 'string' },
    },
  });
  const loads = values.loads.split(',') as ('closed' | 'open')[];
  if (loads.length === 0 || loads.some((l) => l !== 'closed' && l !== 'open'))
    throw new Error('--loads: closed, open or closed,open');
  const persons = Number(values.persons);
  const seconds = Number(values.seconds);
  const connections = Number(values.connections);
  const dir = mkdtempSync(join(tmpdir(), 'standing-checks-sim-'));
  const db = join(dir, 'city.db');
  try {
    const t0 = performance.now();
    const actions = JSON.parse(
      readFileSync(new URL('../../data/actions.json', import.meta.url), 'utf8'),
    ) as ActionDef[];
    const store = openSqliteStore(db, { create: true, actions });
    const deps = { store, clock: fixedClock(NOW) };
    await seedCity(deps, { persons, businesses: Math.round(persons / 20), seed: 7, schemes: exampleSchemes() });
    const airline = (await createApiKey(deps, { party: 'airline', label: 'bench' })).secret;
    const admin = (await createApiKey(deps, { authority: 'city', roles: ['admin'], label: 'bench' })).secret;
    const subjects = await store.transaction((tx) => tx.subjectsAfter(['city'], null, 100_000));
    const live = (await store.transaction((tx) => tx.schemeVersions('city-citizen'))).at(-1)!;
    await store.close();
    // The draft: the bad-driving rule weighs 12 per severity point instead of 10 (every subject judged again).
    const draft = live.source.replace('points: -10 * record.data.severity', 'points: -12 * record.data.severity');
    log(`built a seed city of ${persons} persons in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const { child, url } = await startStanding(db, values.server);
    let n = 0;
    const body = () => JSON.stringify({ subject: subjects[n++ % subjects.length], action: 'flight.board' });
    const checks = async (s: number, rate?: number): Promise<Figures> => {
      if (rate !== undefined) return openLoop(`${url}/v1/checks`, airline, body, s, rate, connections);
      const r = await autocannon({
        url: `${url}/v1/checks`,
        connections,
        duration: s,
        requests: [
          {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${airline}` },
            setupRequest: (req) => ({ ...req, body: body() }),
          },
        ],
      });
      return { p50: r.latency.p50, p99: r.latency.p99, rps: r.requests.average, non2xx: r.non2xx };
    };
    type Job = { id: string; state: string; progress: { done: number; total: number } };
    const call = async (method: string, path: string, body?: unknown): Promise<Job> => {
      const r = await fetch(`${url}${path}`, {
        method,
        headers: { authorization: `Bearer ${admin}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      // Shed under load (503 OVERLOADED): asked again after a second, as a client should.
      if (r.status === 503) {
        await new Promise((go) => setTimeout(go, 1000));
        return call(method, path, body);
      }
      if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
      return (await r.json()) as Job;
    };
    /**
     * Keeps one simulation running until `stop` is set; returns how many finished, their mean
     * seconds, and how many subjects were judged until `stop` was set (the finished simulations'
     * and the running one's progress then).
     */
    const simulations = async (stop: {
      done: boolean;
      judged?: number;
    }): Promise<{ finished: number; seconds: number; subjects: number }> => {
      let finished = 0;
      let total = 0;
      let judged = 0;
      let subjectsEach = 0;
      while (!stop.done) {
        const t = performance.now();
        let job = await call('POST', '/v1/schemes/simulations', { source: draft });
        while (job.state === 'running') {
          await new Promise((go) => setTimeout(go, 100));
          job = await call('GET', `/v1/schemes/simulations/${job.id}`);
          if (stop.done && stop.judged === undefined) stop.judged = judged + job.progress.done;
        }
        if (job.state !== 'done') throw new Error(`simulation ${job.state}`);
        if (!stop.done) {
          finished++;
          total += (performance.now() - t) / 1000;
          judged += job.progress.total;
        } else stop.judged ??= judged + job.progress.total;
        subjectsEach = job.progress.total;
      }
      stop.judged ??= judged;
      return { finished, seconds: finished === 0 ? 0 : total / finished, subjects: subjectsEach };
    };

    await checks(2); // warm-up
    // One simulation alone, no checks: what a simulation takes when the throttle has nothing to yield to.
    const alone: number[] = [];
    for (let i = 0; i < 2; i++) {
      const t = performance.now();
      let job = await call('POST', '/v1/schemes/simulations', { source: draft });
      while (job.state === 'running') {
        await new Promise((go) => setTimeout(go, 100));
        job = await call('GET', `/v1/schemes/simulations/${job.id}`);
      }
      if (job.state !== 'done') throw new Error(`simulation ${job.state}`);
      alone.push((performance.now() - t) / 1000);
    }
    const aloneSeconds = Math.min(...alone);
    let aloneRate = 0; // subjects judged a second by a simulation alone, once its size is known
    const load0 = loadavg()[0]!;
    let rate = values.rate !== undefined ? Number(values.rate) : undefined;
    const rows: string[][] = [];
    const summary: {
      load: string;
      rate: number | null;
      loadavg: number;
      quiet: { p50: number; p99: number; rps: number; non2xx: number };
      simulating: { p50: number; p99: number; rps: number; non2xx: number };
      simulations: number;
      judged: number;
      judgedPerSecond: number;
      ofAlone: number;
      walMb: number;
    }[] = [];
    let subjectsEach = 0;
    for (let p = 0; p < Number(values.pairs); p++) {
      for (const load of loads) {
        const at = load === 'open' ? rate : undefined;
        const avg = loadavg()[0]!;
        const quiet = await checks(seconds, at);
        // The open loop's rate, unless given: a fraction of the first closed quiet run's throughput.
        if (load === 'closed' && rate === undefined) rate = Math.round(quiet.rps * Number(values.fraction));
        const stop: { done: boolean; judged?: number } = { done: false };
        const running = simulations(stop);
        await new Promise((go) => setTimeout(go, 300)); // the first simulation under way
        const t = performance.now();
        const busy = await checks(seconds, at);
        const runSeconds = (performance.now() - t) / 1000 + 0.3;
        stop.done = true;
        // The WAL's size once the run is over: a held snapshot keeps the checkpoint from passing it.
        const walMb = existsSync(`${db}-wal`) ? statSync(`${db}-wal`).size / 2 ** 20 : 0;
        const sims = await running;
        subjectsEach = sims.subjects;
        aloneRate = subjectsEach / aloneSeconds;
        const judgedPerSecond = (stop.judged ?? 0) / runSeconds;
        const figures = (r: Figures) => ({ ...r, rps: Math.round(r.rps) });
        summary.push({
          load,
          rate: at ?? null,
          loadavg: avg,
          quiet: figures(quiet),
          simulating: figures(busy),
          simulations: sims.finished,
          judged: stop.judged ?? 0,
          judgedPerSecond: Math.round(judgedPerSecond),
          ofAlone: Math.round((judgedPerSecond / aloneRate) * 1000) / 1000,
          walMb: Math.round(walMb),
        });
        rows.push([
          String(p + 1),
          load === 'open' ? `open ${at}/s` : 'closed',
          avg.toFixed(2),
          `${quiet.p50.toFixed(1)} / ${quiet.p99.toFixed(1)}`,
          `${busy.p50.toFixed(1)} / ${busy.p99.toFixed(1)}`,
          (busy.p99 / Math.max(0.1, quiet.p99)).toFixed(2),
          `${quiet.rps.toFixed(0)} / ${busy.rps.toFixed(0)}`,
          `${quiet.non2xx} / ${busy.non2xx}`,
          `${sims.finished} (${sims.seconds.toFixed(1)} s each)`,
          `${stop.judged ?? 0} (${judgedPerSecond.toFixed(0)}/s, ${((100 * judgedPerSecond) / aloneRate).toFixed(0)}% of alone)`,
          walMb.toFixed(0),
        ]);
      }
    }
    child.kill('SIGTERM');
    process.stdout.write(
      `\nChecks while a simulation runs: ${connections} connections, ${seconds} s per run, ${persons} persons ` +
        `(${subjects.length} subjects checked), load average at start ${load0.toFixed(2)}, at end ${loadavg()[0]!.toFixed(2)}\n` +
        `A simulation alone (no checks): ${alone.map((x) => x.toFixed(2)).join(', ')} s, ${subjectsEach} subjects, ` +
        `${(subjectsEach / aloneSeconds).toFixed(0)} judged/s\n`,
    );
    process.stdout.write(
      '  pair | load | loadavg | quiet p50 / p99 ms | simulating p50 / p99 ms | p99 ratio | req/s quiet / simulating | non-2xx quiet / simulating | simulations | judged under load (a second, share of alone) | WAL MB\n',
    );
    for (const r of rows) process.stdout.write(`  ${r.join(' | ')}\n`);
    process.stdout.write(
      `${JSON.stringify({ checksDuringSimulation: { persons, connections, seconds, alone, subjects: subjectsEach, runs: summary } })}\n`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
