/**
 * Check latency while a simulation runs (SPEC §12: simulations never block imports or
 * checks). A seed city in a SQLite file, served by Standing in a child process; autocannon
 * loads POST /v1/checks at 50 connections, in pairs of runs: one quiet, one while the same
 * server keeps a simulation of a city-citizen draft running (POST /v1/schemes/simulations,
 * polled until done, then the next one), on the same database. Prints p50/p99 of each run
 * and the ratio of each pair.
 *
 *   node dist/bench/checks-during-simulation.js [--persons N] [--seconds S] [--pairs P] [--connections C]
 */
import autocannon from 'autocannon';
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
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

function startStanding(db: string): Promise<{ child: ChildProcess; url: string }> {
  const script = fileURLToPath(new URL('./decision-server.js', import.meta.url));
  return new Promise((resolve, reject) => {
    const child = fork(script, ['standing', db], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    child.once('message', (m) => resolve({ child, url: (m as { url: string }).url }));
    child.once('error', reject);
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      persons: { type: 'string', default: '20000' },
      seconds: { type: 'string', default: '10' },
      pairs: { type: 'string', default: '3' },
      connections: { type: 'string', default: '50' },
    },
  });
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

    const { child, url } = await startStanding(db);
    let n = 0;
    const checks = (s: number) =>
      autocannon({
        url: `${url}/v1/checks`,
        connections,
        duration: s,
        requests: [
          {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${airline}` },
            setupRequest: (req) => ({
              ...req,
              body: JSON.stringify({ subject: subjects[n++ % subjects.length], action: 'flight.board' }),
            }),
          },
        ],
      });
    const call = async (method: string, path: string, body?: unknown): Promise<{ id: string; state: string }> => {
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
      return (await r.json()) as { id: string; state: string };
    };
    /** Keeps one simulation running until `stop` is set; returns how many finished and their mean seconds. */
    const simulations = async (stop: { done: boolean }): Promise<{ finished: number; seconds: number }> => {
      let finished = 0;
      let total = 0;
      while (!stop.done) {
        const t = performance.now();
        let job = await call('POST', '/v1/schemes/simulations', { source: draft });
        while (job.state === 'running') {
          await new Promise((go) => setTimeout(go, 100));
          job = await call('GET', `/v1/schemes/simulations/${job.id}`);
        }
        if (job.state !== 'done') throw new Error(`simulation ${job.state}`);
        finished++;
        total += (performance.now() - t) / 1000;
      }
      return { finished, seconds: finished === 0 ? 0 : total / finished };
    };

    await checks(2); // warm-up
    const load0 = loadavg()[0]!;
    const rows: string[][] = [];
    const summary: { quietP99: number; simP99: number; quietNon2xx: number; simNon2xx: number; sims: number }[] = [];
    for (let p = 0; p < Number(values.pairs); p++) {
      const quiet = await checks(seconds);
      const stop = { done: false };
      const running = simulations(stop);
      await new Promise((go) => setTimeout(go, 300)); // the first simulation under way
      const busy = await checks(seconds);
      stop.done = true;
      const sims = await running;
      summary.push({
        quietP99: quiet.latency.p99,
        simP99: busy.latency.p99,
        quietNon2xx: quiet.non2xx,
        simNon2xx: busy.non2xx,
        sims: sims.finished,
      });
      rows.push([
        String(p + 1),
        `${quiet.latency.p50} / ${quiet.latency.p99}`,
        `${busy.latency.p50} / ${busy.latency.p99}`,
        (busy.latency.p99 / Math.max(1, quiet.latency.p99)).toFixed(2),
        `${quiet.requests.average.toFixed(0)} / ${busy.requests.average.toFixed(0)}`,
        `${quiet.non2xx} / ${busy.non2xx}`,
        `${sims.finished} (${sims.seconds.toFixed(1)} s each)`,
      ]);
    }
    child.kill('SIGTERM');
    process.stdout.write(
      `\nChecks while a simulation runs: ${connections} connections, ${seconds} s per run, ${persons} persons ` +
        `(${subjects.length} subjects checked), load average at start ${load0.toFixed(2)}, at end ${loadavg()[0]!.toFixed(2)}\n`,
    );
    process.stdout.write(
      '  pair | quiet p50 / p99 ms | simulating p50 / p99 ms | p99 ratio | req/s quiet / simulating | non-2xx quiet / simulating | simulations\n',
    );
    for (const r of rows) process.stdout.write(`  ${r.join(' | ')}\n`);
    process.stdout.write(
      `${JSON.stringify({ checksDuringSimulation: { persons, connections, seconds, pairs: summary } })}\n`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
