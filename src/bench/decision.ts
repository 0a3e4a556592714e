/**
 * `npm run bench`, part two: the decision endpoint (POST /v1/checks) on a store of
 * 100,000 subjects with active listings, loaded with autocannon over 127.0.0.1 at 50
 * connections, against a bare Fastify route returning a constant JSON object, in the
 * same run; and, as a floor, the same bare route storing one indexed row per request,
 * group-committed, before it answers (what SPEC §4 asks of a check and nothing else).
 * Standing logs each request as `standing serve` does by default (to a file). Each server
 * runs in a child process; autocannon runs here. Afterwards the access log is counted
 * against the answered checks (SPEC §4: no answered check is missing from the log).
 *
 *   node dist/bench/decision.js [--subjects N] [--seconds S] [--connections C]
 */
import autocannon from 'autocannon';
import { fork, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import { buildSanctionedStore } from './sanctioned-subjects.js';
import { loadChecks, stopChild } from './check-load.js';

const NOW = Date.parse('2026-06-01T00:00:00Z');
const log = (s: string): boolean => process.stderr.write(`${s}\n`);

/** Starts a server child; its stdout (Standing's request log) goes to `stdout`, a file descriptor, or is dropped. */
function startChild(
  args: string[],
  stdout: number | 'ignore' = 'ignore',
): Promise<{ child: ChildProcess; url: string }> {
  const script = fileURLToPath(new URL('./decision-server.js', import.meta.url));
  return new Promise((resolve, reject) => {
    const child = fork(script, args, { stdio: ['ignore', stdout, 'inherit', 'ipc'] });
    child.once('message', (m) => resolve({ child, url: (m as { url: string }).url }));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`server ${args.join(' ')} exited with ${code}`)));
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      subjects: { type: 'string', default: '100000' },
      seconds: { type: 'string', default: '10' },
      connections: { type: 'string', default: '50' },
    },
  });
  const subjects = Number(values.subjects);
  const seconds = Number(values.seconds);
  const connections = Number(values.connections);
  const dir = mkdtempSync(join(tmpdir(), 'standing-decision-'));
  const db = join(dir, 'decision.db');
  try {
    const t0 = performance.now();
    const secret = await buildSanctionedStore(db, subjects, NOW);
    log(
      `built a store of ${subjects} subjects with active listings in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    const load0 = loadavg()[0]!;

    const bare = await startChild(['bare']);
    await loadChecks(bare.url, secret, subjects, 2, connections); // warm-up
    const baseline = await loadChecks(bare.url, secret, subjects, seconds, connections);
    await stopChild(bare.child);

    const floorOf = async (mode: 'logged' | 'unindexed'): Promise<autocannon.Result> => {
      const floor = await startChild([mode, join(dir, `${mode}.db`)]);
      await loadChecks(floor.url, secret, subjects, 2, connections); // warm-up
      const result = await loadChecks(floor.url, secret, subjects, seconds, connections);
      await stopChild(floor.child);
      return result;
    };
    const logged0 = await floorOf('logged');
    const unindexed = await floorOf('unindexed');

    const requestLog = join(dir, 'requests.log');
    const logFd = openSync(requestLog, 'w');
    const standing = await startChild(['standing', db], logFd);
    closeSync(logFd);
    await loadChecks(standing.url, secret, subjects, 2, connections); // warm-up
    const before = await countAccess(db);
    const measured = await loadChecks(standing.url, secret, subjects, seconds, connections);
    await stopChild(standing.child);
    const logged = (await countAccess(db)) - before;
    const requestLines = readFileSync(requestLog, 'utf8')
      .split('\n')
      .filter((l) => l.includes('"msg":"request completed"')).length;

    const ratio = measured.requests.average / baseline.requests.average;
    const floorRatio = logged0.requests.average / baseline.requests.average;
    const rows = [
      ['bare Fastify route, requests/s', baseline.requests.average.toFixed(0), ''],
      [
        'bare route storing a row per request, req/s',
        logged0.requests.average.toFixed(0),
        `${(floorRatio * 100).toFixed(0)}% of bare: the floor (group commit, indexed row)`,
      ],
      [
        'the same, without the index on subject, req/s',
        unindexed.requests.average.toFixed(0),
        `${((unindexed.requests.average / baseline.requests.average) * 100).toFixed(0)}% of bare`,
      ],
      [
        'Standing POST /v1/checks, requests/s',
        measured.requests.average.toFixed(0),
        `${(ratio * 100).toFixed(0)}% of bare (target >= 70%: ${ratio >= 0.7 ? 'met' : 'NOT met'})`,
      ],
      ['bare p99 latency, ms', String(baseline.latency.p99), ''],
      ['floor p99 latency, ms', String(logged0.latency.p99), ''],
      [
        'Standing p99 latency, ms',
        String(measured.latency.p99),
        `target < 10 ms: ${measured.latency.p99 < 10 ? 'met' : 'NOT met'}`,
      ],
      [
        'answered checks (2xx) in the measured run',
        String(measured['2xx']),
        `non-2xx ${measured.non2xx}, errors ${measured.errors}`,
      ],
      [
        'access-log entries written in the measured run',
        String(logged),
        logged >= measured['2xx'] ? 'every answered check is logged' : 'MISSING entries',
      ],
      [
        'request-log lines, warm-up and measured run',
        String(requestLines),
        'one JSON line per request, as `standing serve` logs by default',
      ],
    ];
    process.stdout.write(
      `\nDecision endpoint, ${connections} connections, ${seconds} s each, ${subjects} subjects (load average at start ${load0.toFixed(2)})\n`,
    );
    for (const [a, b, c] of rows) process.stdout.write(`  ${a!.padEnd(48)} ${b!.padStart(10)}  ${c}\n`);
    process.stdout.write(
      `${JSON.stringify({ decision: { subjects, connections, seconds, bareRps: baseline.requests.average, floorRps: logged0.requests.average, floorRatio, unindexedRps: unindexed.requests.average, standingRps: measured.requests.average, ratio, bareP99: baseline.latency.p99, floorP99: logged0.latency.p99, standingP99: measured.latency.p99, answered: measured['2xx'], logged, requestLines } })}\n`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function countAccess(db: string): Promise<number> {
  // The server wrote through its own connection and has exited (or is idle); read the file directly.
  const store = openSqliteStore(db);
  try {
    return await store.transaction((tx) => tx.countAccess());
  } finally {
    await store.close();
  }
}

await main();
