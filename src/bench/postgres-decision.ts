/**
 * Decision checks per second with one and with two `standing serve` processes on one
 * PostgreSQL database (docs/bench.md): the real CLI (bin/standing.js), loaded with
 * autocannon from this process.
 */
import autocannon from 'autocannon';
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import { createApiKey } from '../engine/tenancy/auth.js';
import { entitle, partyAdd } from '../engine/decisions/check.js';
import { fixedClock } from '../engine/clock.js';
import { grantAction } from '../engine/tenancy/registry.js';
import { openPostgresStore } from '../store/postgres/postgres-store.js';
import { NOW } from './bench-config.js';
import { checkBodies, checkRequest } from './check-load.js';
import { shippedActions } from './standing-import.phase.js';
import { seedSanctionedSubjects } from './sanctioned-subjects.js';

const BIN = new URL('../../bin/standing.js', import.meta.url).pathname;

/**
 * The store decision.ts builds on SQLite, here on PostgreSQL: party `airline` entitled to
 * flight.board with an API key, and `subjects` subjects on an active air-travel ban, every
 * other one with its deny in force. Returns the key's secret.
 */
export async function seedDecisionStore(url: string, subjects: number): Promise<string> {
  const store = await openPostgresStore(url, { create: true, actions: shippedActions() });
  try {
    const deps = { store, clock: fixedClock(NOW) };
    await grantAction(deps, 'city', 'flight.board');
    await partyAdd(deps, 'airline');
    await entitle(deps, 'airline', 'flight.board');
    const { secret } = await createApiKey(deps, { party: 'airline', label: 'bench' });
    const chunks: number[] = [];
    for (let from = 0; from < subjects; from += 5_000) chunks.push(from);
    // Four transactions at a time: each statement is a round trip, and the chunks do not overlap.
    const work = async (): Promise<void> => {
      for (let from = chunks.shift(); from !== undefined; from = chunks.shift()) await seedChunk(from);
    };
    const seedChunk = (from: number) =>
      store.transaction((tx) => seedSanctionedSubjects(tx, from, Math.min(subjects, from + 5_000), NOW));
    await Promise.all([work(), work(), work(), work()]);
    return secret;
  } finally {
    await store.close();
  }
}

export interface ServeProcess {
  readonly url: string;
  readonly pid: number;
  stop(): Promise<void>;
}

/** `standing serve --db URL --port 0 --quiet` at the bench's instant; resolves with its URL once it listens. */
export function startServe(db: string, extra: readonly string[] = []): Promise<ServeProcess> {
  const child: ChildProcessByStdio<null, null, Readable> = spawn(
    process.execPath,
    [BIN, 'serve', '--db', db, '--port', '0', '--quiet', ...extra],
    {
      env: { ...process.env, STANDING_NOW: new Date(NOW).toISOString() },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null): void => reject(new Error(`standing serve exited with ${code}: ${stderr}`));
    child.once('exit', onExit);
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (s: string) => {
      stderr += s;
      const m = / at (http:\/\/[^\s]+) /.exec(stderr);
      if (m === null) return;
      child.off('exit', onExit);
      resolve({
        url: m[1]!,
        pid: child.pid!,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
  });
}

export interface LoadResult {
  /** Answered requests per second, summed over the servers. */
  readonly rps: number;
  /** The worst p99 latency over the servers, ms. */
  readonly p99: number;
  readonly answered: number;
  readonly non2xx: number;
  readonly errors: number;
}

/**
 * Loads the servers at once for `seconds`, `connections` spread evenly over them (one
 * autocannon instance per server), each request a check of another subject.
 */
export async function loadServers(
  urls: readonly string[],
  secret: string,
  subjects: number,
  seconds: number,
  connections: number,
): Promise<LoadResult> {
  // One sequence of bodies over every server's connections, as one client would ask.
  const nextBody = checkBodies(subjects);
  const each = Math.max(1, Math.floor(connections / urls.length));
  const results = await Promise.all(
    urls.map((url) =>
      autocannon({
        url: `${url}/v1/checks`,
        connections: each,
        duration: seconds,
        requests: [checkRequest(secret, nextBody)],
      }),
    ),
  );
  return {
    // 2xx per second over the measured time: what was answered, not merely sent.
    rps: results.reduce((s, r) => s + r['2xx'] / r.duration, 0),
    p99: Math.max(...results.map((r) => r.latency.p99)),
    answered: results.reduce((s, r) => s + r['2xx'], 0),
    non2xx: results.reduce((s, r) => s + r.non2xx, 0),
    errors: results.reduce((s, r) => s + r.errors, 0),
  };
}
