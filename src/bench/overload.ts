/**
 * `npm run bench`, overload: the decision endpoint (POST /v1/checks) of `standing serve` on a
 * store of sanctioned subjects, at 10, 300 and 2,000 connections, under configurations run
 * interleaved (each connection count runs every configuration before the next count):
 *
 *   paced           the load shedding of the environment (load-shed.ts): below Fastify, re-asks before Retry-After
 *                   paced, ≤ 512 in flight (lowered while answers take over STANDING_SHED_TARGET_MS, when set)
 *   paced:N:T       the same with STANDING_MAX_IN_FLIGHT=N, STANDING_SHED_TARGET_MS=T (0: a fixed bound of N)
 *   paced:N:T:C     also STANDING_MAX_CHECKS_IN_FLIGHT=C
 *   paced:N:T:C:S   also STANDING_CHECK_TARGET_MS=S (0: the bound on checks applies at all times)
 *   unpaced[:N[:T]] without the pacing of re-asks
 *   unbounded       no load shedding: every request queues
 *   MODE/honour     the load is a closed loop that waits Retry-After after a 503 (node:http), not autocannon
 *   bare            the floor: a bare Fastify route answering a constant (decision-server.ts), no store, no log, no
 *                   shedding; its p99 ratio is what the machine and the load generator allow (printed beside each mode's)
 *
 * For each run: requests answered (200) and shed (503 OVERLOADED) per second, the shed rate, the
 * p50/p99/max latency of the answered checks, and their p99 after the first 3 s (autocannon
 * times a connection's first request from before it connects: at 2,000 connections that is
 * seconds of TCP backlog), as a ratio to the same configuration's p99 at the fewest connections;
 * the server's RSS before, at the peak, 5 s after and after a forced GC; the load average; and
 * whether every answered check is in the access log (and no shed one is).
 *
 *   node dist/bench/overload.js [--subjects N] [--seconds S] [--connections 10,300,2000] [--modes paced,paced/honour,unbounded,bare] [--loads K] [--clients K]
 *
 * The server's own p50/p99 of the answered checks after 3 s (from Node's parse of the request to the response
 * handed to the socket) is printed beside the client's: the difference is time outside the server (kernel
 * queues, the event loop not yet reading the socket, the load generator's own delay).
 * `--clients K` runs the load (autocannon) in K processes of their own, each with its share of the connections.
 *
 * `--loads K` loads each server K times (idle 5 s and a forced GC after each) and prints its RSS
 * after every load: a level that climbs with each load is a leak, one that stays is memory kept.
 * `--idle S` waits S s (default 5) after the load before the forced GC, reading the RSS every 5 s.
 *
 * The server's bounds otherwise come from the environment as `standing serve` reads them (STANDING_MAX_IN_FLIGHT, …).
 */
import autocannon from 'autocannon';
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import { checkBodies, checkRequest } from './check-load.js';
import { buildSanctionedStore } from './sanctioned-subjects.js';

const NOW = Date.parse('2026-06-01T00:00:00Z');
/** The steady state of a run starts this long after its start, once every connection is established. */
const STEADY_MS = 3000;
const log = (s: string): boolean => process.stderr.write(`${s}\n`);

/**
 * A configuration under test: `unbounded`, `paced` (the default shedding) or `unpaced`, with
 * `:N` for STANDING_MAX_IN_FLIGHT=N and `:N:T` also for STANDING_SHED_TARGET_MS=T (0: a fixed bound).
 */
interface Mode {
  readonly name: string;
  readonly shedding: 'unbounded' | 'paced' | 'unpaced' | 'bare';
  readonly maxInFlight?: number;
  readonly targetMs?: number;
  readonly maxChecksInFlight?: number;
  readonly checkTargetMs?: number;
  /** The load: autocannon (a closed loop that re-asks at once after a 503), or `/honour`: a closed loop that waits Retry-After. */
  readonly client: 'autocannon' | 'honour';
}

function parseMode(spec: string): Mode {
  const [config = '', client] = spec.split('/');
  const [kind = '', n, t, c, s] = config.split(':');
  const shedding = kind === 'shedding' ? 'paced' : kind;
  if (shedding !== 'unbounded' && shedding !== 'paced' && shedding !== 'unpaced' && shedding !== 'bare')
    throw new Error(`unknown mode ${spec}`);
  return {
    name: spec,
    shedding,
    client: client === 'honour' ? 'honour' : 'autocannon',
    ...(n !== undefined ? { maxInFlight: Number(n) } : {}),
    ...(t !== undefined ? { targetMs: Number(t) } : {}),
    ...(c !== undefined ? { maxChecksInFlight: Number(c) } : {}),
    ...(s !== undefined ? { checkTargetMs: Number(s) } : {}),
  };
}

function startServer(db: string, mode: Mode): Promise<{ child: ChildProcess; url: string }> {
  const script = fileURLToPath(new URL('./decision-server.js', import.meta.url));
  const args =
    mode.shedding === 'bare' ? ['bare'] : ['standing', db, ...(mode.shedding === 'paced' ? [] : [mode.shedding])];
  const env = {
    ...process.env,
    // The server times every response for the server-side p99 (decision-server.ts: only when asked).
    STANDING_BENCH_SERVER_TIMES: '1',
    ...(mode.maxInFlight !== undefined ? { STANDING_MAX_IN_FLIGHT: String(mode.maxInFlight) } : {}),
    ...(mode.targetMs !== undefined ? { STANDING_SHED_TARGET_MS: String(mode.targetMs) } : {}),
    ...(mode.maxChecksInFlight !== undefined ? { STANDING_MAX_CHECKS_IN_FLIGHT: String(mode.maxChecksInFlight) } : {}),
    ...(mode.checkTargetMs !== undefined ? { STANDING_CHECK_TARGET_MS: String(mode.checkTargetMs) } : {}),
  };
  return new Promise((resolve, reject) => {
    const child = fork(script, args, { stdio: ['ignore', 'ignore', 'inherit', 'ipc'], env, execArgv: ['--expose-gc'] });
    child.once('message', (m) => resolve({ child, url: (m as { url: string }).url }));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
}

/** The server's own latency of the checks it answered (200) that finished after `after` (ms since the epoch). */
function serverTimes(child: ChildProcess, after: number): Promise<{ n: number; p50: number; p99: number }> {
  return new Promise((resolve) => {
    child.once('message', (m) => resolve((m as { times: { n: number; p50: number; p99: number } }).times));
    child.send({ times: after });
  });
}

/** Asks the server for a full garbage collection and waits for it. */
function collect(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('message', () => resolve());
    child.send('gc');
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** What the server's resident set holds (MB): V8's heap and its new space, Node's external memory, and malloc's arenas. */
interface Memory {
  readonly rss: number;
  readonly heapTotal: number;
  readonly heapUsed: number;
  readonly newSpace: number;
  readonly external: number;
  /** Resident in glibc malloc's arenas: the main one (`[heap]`) and each thread's 64 MB heaps (from /proc/PID/smaps). */
  readonly malloc: number;
  /** How many thread arenas malloc has made. */
  readonly arenas: number;
}

/** Sums the resident kB of malloc's arenas in /proc/PID/smaps: `[heap]`, and the rw + reserved pairs 64 MB long that thread arenas are. */
function mallocMb(pid: number): { mb: number; arenas: number } {
  const maps: { start: number; end: number; perms: string; name: string; rss: number }[] = [];
  for (const line of readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n')) {
    const head = /^([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (head)
      maps.push({
        start: parseInt(head[1]!, 16),
        end: parseInt(head[2]!, 16),
        perms: head[3]!,
        name: head[4]!,
        rss: 0,
      });
    else {
      const rss = /^Rss:\s+(\d+) kB/.exec(line);
      if (rss && maps.length > 0) maps[maps.length - 1]!.rss = Number(rss[1]);
    }
  }
  const ARENA = 64 * 1024 * 1024;
  let kb = 0;
  let arenas = 0;
  for (let i = 0; i < maps.length; i++) {
    const m = maps[i]!;
    if (m.name === '[heap]') kb += m.rss;
    // A thread arena's heap: 64 MB aligned, its used part rw-p and the rest reserved (---p), anonymous.
    else if (m.name === '' && m.perms === 'rw-p' && m.start % ARENA === 0) {
      const next = maps[i + 1];
      const end = next && next.start === m.end && next.perms === '---p' && next.name === '' ? next.end : m.end;
      if (end - m.start === ARENA) {
        kb += m.rss;
        arenas++;
      }
    }
  }
  return { mb: kb / 1024, arenas };
}

/** Asks the server what its memory holds. */
function memory(child: ChildProcess): Promise<Memory> {
  return new Promise((resolve) => {
    child.once('message', (m) => {
      const u = (m as { mem: Record<string, number> }).mem;
      const mb = (x: number | undefined): number => (x ?? 0) / (1024 * 1024);
      const { mb: malloc, arenas } = mallocMb(child.pid!);
      resolve({
        rss: mb(u.rss),
        heapTotal: mb(u.heapTotal),
        heapUsed: mb(u.heapUsed),
        newSpace: mb(u.newSpace),
        external: mb(u.external),
        malloc,
        arenas,
      });
    });
    child.send('mem');
  });
}

/** The resident set of a process in MB, from /proc (Linux). */
function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : Number.NaN;
}

interface Run {
  readonly connections: number;
  readonly mode: string;
  readonly answeredPerS: number;
  readonly shedPerS: number;
  readonly shedRate: number;
  readonly p50: number;
  readonly p99: number;
  /** The p99 of the checks answered after the first STEADY_MS: connections established (autocannon times a connection's first request from before its connect). */
  readonly p99Steady: number;
  /** The server's own p50/p99 of the same checks (after 3 s): from Node's parse of the request to the response handed to the socket. */
  readonly serverP50Steady: number;
  readonly serverP99Steady: number;
  readonly max: number;
  readonly rssBefore: number;
  readonly rssPeak: number;
  readonly rssAfter: number;
  readonly rssAfterGc: number;
  /** The memory breakdown before the load (idle after the warm-up) and after it (idle, then a forced GC). */
  readonly memBefore: Memory;
  readonly memAfter: Memory;
  /** With `--loads K`, the RSS (MB) after each further load of the same server (idle 5 s, then a forced GC): does a second load add to the level? */
  readonly rssAfterLoads: readonly number[];
  /** With `--idle S`, the RSS (MB) every 5 s from 10 s after the load to S s, before the forced GC. */
  readonly rssIdle: readonly number[];
  readonly load: number;
  readonly answered: number;
  readonly logged: number;
  readonly errors: number;
}

const quantile = (sorted: readonly number[], q: number): number =>
  sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

async function countAccess(db: string): Promise<number> {
  const store = openSqliteStore(db);
  try {
    return await store.transaction((tx) => tx.countAccess());
  } finally {
    await store.close();
  }
}

async function run(
  db: string,
  secret: string,
  subjects: number,
  seconds: number,
  connections: number,
  mode: Mode,
  loads = 1,
  idle = 5,
  clients = 1,
): Promise<Run> {
  const server = await startServer(db, mode);
  const pid = server.child.pid!;
  const nextBody = checkBodies(subjects);
  const fire = (
    duration: number,
    c: number,
    onResponse?: (status: number, ms: number) => void,
  ): Promise<autocannon.Result> =>
    new Promise((resolve, reject) => {
      const instance = autocannon(
        {
          url: `${server.url}/v1/checks`,
          connections: c,
          duration,
          requests: [checkRequest(secret, nextBody)],
        },
        (err, result) => (err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve(result)),
      );
      if (onResponse)
        instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) =>
          onResponse(status, ms),
        );
    });
  /**
   * A closed loop of `c` keep-alive connections (node:http) that, unlike autocannon, waits the
   * Retry-After of a 503 before it asks again, as a well-behaved relying party does.
   */
  const honouring = async (
    duration: number,
    c: number,
    onResponse: (status: number, ms: number) => void,
  ): Promise<{ '2xx': number; non2xx: number; errors: number; timeouts: number; duration: number }> => {
    const agent = new Agent({ keepAlive: true, maxSockets: c });
    const target = new URL(`${server.url}/v1/checks`);
    const counts = { '2xx': 0, non2xx: 0, errors: 0, timeouts: 0, duration };
    const end = performance.now() + duration * 1000;
    const one = (): Promise<number> =>
      new Promise((resolve) => {
        const t0 = performance.now();
        const req = httpRequest(
          {
            agent,
            host: target.hostname,
            port: target.port,
            path: target.pathname,
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
          },
          (res) => {
            res.resume();
            res.on('end', () => {
              const status = res.statusCode ?? 0;
              if (performance.now() < end) {
                onResponse(status, performance.now() - t0);
                if (status === 200) counts['2xx']++;
                else counts.non2xx++;
              }
              resolve(status === 503 ? Number(res.headers['retry-after'] ?? 1) * 1000 : 0);
            });
          },
        );
        req.on('error', () => {
          counts.errors++;
          resolve(100);
        });
        req.end(nextBody());
      });
    await Promise.all(
      Array.from({ length: c }, async () => {
        while (performance.now() < end) {
          const wait = await one();
          if (wait > 0) await new Promise((r) => setTimeout(r, Math.min(wait, Math.max(0, end - performance.now()))));
        }
      }),
    );
    agent.destroy();
    return counts;
  };
  /** `--clients K`: the load from K processes of their own (overload-client.ts), each with its share of the connections. */
  const forked = async (
    duration: number,
    c: number,
    _onResponse: (status: number, ms: number) => void,
  ): Promise<{ '2xx': number; non2xx: number; errors: number; timeouts: number; duration: number }> => {
    const script = fileURLToPath(new URL('./overload-client.js', import.meta.url));
    const parts = await Promise.all(
      Array.from(
        { length: clients },
        (_, k) =>
          new Promise<{
            answered: number[];
            steady: number[];
            shed: number;
            other: number;
            result: { '2xx': number; non2xx: number; errors: number; timeouts: number };
            duration: number;
          }>((resolve, reject) => {
            const arg = {
              url: server.url,
              secret,
              subjects,
              seconds: duration,
              connections: Math.floor(c / clients),
              offset: k * 1_000_003,
            };
            const child = fork(script, [JSON.stringify(arg)], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
            child.once('message', (m) => resolve(m as never));
            child.once('error', reject);
          }),
      ),
    );
    fromClients = {
      answered: parts.flatMap((p) => p.answered),
      steady: parts.flatMap((p) => p.steady),
      shed: parts.reduce((a, p) => a + p.shed, 0),
      other: parts.reduce((a, p) => a + p.other, 0),
    };
    const sum = (f: (p: (typeof parts)[number]) => number): number => parts.reduce((a, p) => a + f(p), 0);
    return {
      '2xx': sum((p) => p.result['2xx']),
      non2xx: sum((p) => p.result.non2xx),
      errors: sum((p) => p.result.errors),
      timeouts: sum((p) => p.result.timeouts),
      duration: Math.max(...parts.map((p) => p.duration)),
    };
  };
  let fromClients: { answered: number[]; steady: number[]; shed: number; other: number } | undefined;
  await fire(2, 10); // warm-up
  await new Promise((r) => setTimeout(r, 1000));
  const rssBefore = rssMb(pid);
  const memBefore = await memory(server.child);
  // The bare route keeps no access log.
  const bare = mode.shedding === 'bare';
  const before = bare ? 0 : await countAccess(db);
  const answeredMs: number[] = [];
  const steadyMs: number[] = [];
  const start = performance.now();
  let shed = 0;
  let other = 0;
  let rssPeak = rssBefore;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, rssMb(pid))), 250);
  const startEpoch = Date.now();
  const load = mode.client === 'honour' ? honouring : clients > 1 ? forked : fire;
  const result = await load(seconds, connections, (status, ms) => {
    if (status === 200) {
      answeredMs.push(ms);
      if (performance.now() - start > STEADY_MS) steadyMs.push(ms);
    } else if (status === 503) shed++;
    else other++;
  });
  clearInterval(sampler);
  if (fromClients) {
    answeredMs.push(...fromClients.answered);
    steadyMs.push(...fromClients.steady);
    shed += fromClients.shed;
    other += fromClients.other;
  }
  const serverSide = await serverTimes(server.child, startEpoch + STEADY_MS);
  await new Promise((r) => setTimeout(r, 5000));
  const rssAfter = rssMb(pid);
  // With `--idle S`: the RSS every 5 s of idleness up to S s, before the forced GC (does V8 or malloc give pages back with time?).
  const rssIdle: number[] = [];
  for (let t = 10; t <= idle; t += 5) {
    await new Promise((r) => setTimeout(r, 5000));
    rssIdle.push(rssMb(pid));
  }
  await collect(server.child);
  const rssAfterGc = rssMb(pid);
  const memAfter = await memory(server.child);
  const rssAfterLoads: number[] = [];
  for (let i = 1; i < loads; i++) {
    await load(seconds, connections, () => undefined);
    await new Promise((r) => setTimeout(r, 5000));
    await collect(server.child);
    rssAfterLoads.push(rssMb(pid));
  }
  await stop(server.child);
  const logged = bare ? Number.NaN : (await countAccess(db)) - before;
  log(
    `  ${mode.client}: 2xx ${result['2xx']}, non-2xx ${result.non2xx}, errors ${result.errors}, timeouts ${result.timeouts}; events: 200 ${answeredMs.length}, 503 ${shed}`,
  );
  answeredMs.sort((a, b) => a - b);
  steadyMs.sort((a, b) => a - b);
  const elapsed = result.duration;
  return {
    connections,
    mode: mode.name,
    answeredPerS: answeredMs.length / elapsed,
    shedPerS: shed / elapsed,
    shedRate: shed / Math.max(1, shed + answeredMs.length),
    p50: quantile(answeredMs, 0.5),
    p99: quantile(answeredMs, 0.99),
    p99Steady: quantile(steadyMs, 0.99),
    serverP50Steady: serverSide.p50,
    serverP99Steady: serverSide.p99,
    max: answeredMs[answeredMs.length - 1] ?? Number.NaN,
    rssBefore,
    rssPeak,
    rssAfter,
    rssAfterGc,
    memBefore,
    memAfter,
    rssAfterLoads,
    rssIdle,
    load: loadavg()[0]!,
    answered: answeredMs.length,
    logged,
    errors: result.errors + result.timeouts + other,
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      subjects: { type: 'string', default: '100000' },
      seconds: { type: 'string', default: '10' },
      connections: { type: 'string', default: '10,300,2000' },
      modes: { type: 'string', default: 'paced,paced/honour,unbounded,bare' },
      loads: { type: 'string', default: '1' },
      idle: { type: 'string', default: '5' },
      clients: { type: 'string', default: '1' },
    },
  });
  const subjects = Number(values.subjects);
  const seconds = Number(values.seconds);
  const dir = mkdtempSync(join(tmpdir(), 'standing-overload-'));
  const db = join(dir, 'overload.db');
  try {
    const secret = await buildSanctionedStore(db, subjects, NOW);
    log(`built a store of ${subjects} subjects`);
    const runs: Run[] = [];
    const modes = values.modes.split(',').map(parseMode);
    // Connections outside, configurations inside: the configurations compared run in the same minutes.
    for (const connections of values.connections.split(',').map(Number))
      for (const mode of modes) {
        const r = await run(
          db,
          secret,
          subjects,
          seconds,
          connections,
          mode,
          Number(values.loads),
          Number(values.idle),
          Number(values.clients),
        );
        log(
          `${mode.name} at ${connections}: p99 ${r.p99.toFixed(0)} ms (after 3 s ${r.p99Steady.toFixed(0)} ms), shed ${(r.shedRate * 100).toFixed(1)}%, load ${r.load.toFixed(1)}`,
        );
        runs.push(r);
      }
    // The unloaded p99 of each configuration: its run at the fewest connections.
    const fewest = Math.min(...runs.map((r) => r.connections));
    const unloaded = new Map(runs.filter((r) => r.connections === fewest).map((r) => [r.mode, r.p99Steady]));
    process.stdout.write(`\nOverload: POST /v1/checks, ${seconds} s a run, ${subjects} subjects\n`);
    process.stdout.write(
      '  mode                conns  answered/s  shed/s  shed%  p50 ms  p99 ms  p99 after 3 s  /unloaded  server p50/p99 after 3 s  max ms  RSS MB before/peak/after/after GC  load  every answer logged\n',
    );
    for (const r of runs) {
      const base = unloaded.get(r.mode);
      const ratio = base !== undefined && base > 0 ? `${(r.p99Steady / base).toFixed(1)}x` : '-';
      const ms = (x: number): string => (x < 10 ? x.toFixed(1) : x.toFixed(0));
      process.stdout.write(
        `  ${r.mode.padEnd(18)} ${String(r.connections).padStart(6)} ${r.answeredPerS.toFixed(0).padStart(11)} ${r.shedPerS.toFixed(0).padStart(7)} ${(r.shedRate * 100).toFixed(1).padStart(6)} ${ms(r.p50).padStart(7)} ${ms(r.p99).padStart(7)} ${ms(r.p99Steady).padStart(14)} ${ratio.padStart(10)} ${`${ms(r.serverP50Steady)}/${ms(r.serverP99Steady)}`.padStart(25)} ${ms(r.max).padStart(7)}  ${`${r.rssBefore.toFixed(0)}/${r.rssPeak.toFixed(0)}/${r.rssAfter.toFixed(0)}/${r.rssAfterGc.toFixed(0)}`.padEnd(34)} ${r.load.toFixed(1).padStart(4)}` +
          `  ${Number.isNaN(r.logged) ? '- (no log)' : r.logged >= r.answered ? `yes (${r.logged - r.answered} more rows: answered after the run)` : `NO (${r.answered} answered, ${r.logged} logged)`}${r.errors > 0 ? `, ${r.errors} errors/timeouts/other` : ''}\n`,
      );
    }
    process.stdout.write(
      '\n  memory, MB: before the load (idle) -> after it (idle 5 s, then a forced GC)\n  mode                conns  RSS            V8 heap total  of it new space  external      malloc arenas (count)\n',
    );
    for (const r of runs) {
      const pair = (f: (m: Memory) => number): string => `${f(r.memBefore).toFixed(0)} -> ${f(r.memAfter).toFixed(0)}`;
      process.stdout.write(
        `  ${r.mode.padEnd(18)} ${String(r.connections).padStart(6)}  ${pair((m) => m.rss).padEnd(14)} ${pair((m) => m.heapTotal).padEnd(14)} ${pair((m) => m.newSpace).padEnd(16)} ${pair((m) => m.external).padEnd(13)} ${pair((m) => m.malloc)} (${r.memBefore.arenas} -> ${r.memAfter.arenas})` +
          `${r.rssIdle.length > 0 ? `; RSS idle 5 s..: ${[r.rssAfter, ...r.rssIdle].map((x) => x.toFixed(0)).join(' -> ')}` : ''}` +
          `${r.rssAfterLoads.length > 0 ? `; RSS after loads 2..: ${r.rssAfterLoads.map((x) => x.toFixed(0)).join(' -> ')}` : ''}\n`,
      );
    }
    // The floor: what the machine and the load generator allow, the bare route's ratio beside each configuration's.
    const floor = (c: number): Run | undefined => runs.find((r) => r.mode === 'bare' && r.connections === c);
    const bareUnloaded = unloaded.get('bare');
    if (bareUnloaded !== undefined) {
      process.stdout.write(
        '\n  the floor: p99 after 3 s at N connections / at the fewest, client side (autocannon) and server side (request parsed -> response handed to the socket)\n',
      );
      for (const r of runs) {
        const f = floor(r.connections);
        const base = unloaded.get(r.mode);
        if (r.connections === fewest || r.mode === 'bare' || !f || base === undefined) continue;
        const mine = r.p99Steady / base;
        const theirs = f.p99Steady / bareUnloaded;
        process.stdout.write(
          `  ${r.mode} at ${r.connections}: ${mine.toFixed(1)}x (${r.p99Steady.toFixed(0)} / ${base.toFixed(1)} ms); bare route ${theirs.toFixed(1)}x (${f.p99Steady.toFixed(0)} / ${bareUnloaded.toFixed(1)} ms); the ratio ÷ the bare route's: ${(mine / theirs).toFixed(2)}.` +
            ` Server side p99: ${r.serverP99Steady.toFixed(1)} ms (bare ${f.serverP99Steady.toFixed(1)} ms), ${((1 - r.serverP99Steady / r.p99Steady) * 100).toFixed(0)}% of the client's p99 outside the server.` +
            ` RSS after GC - before: ${(r.rssAfterGc - r.rssBefore).toFixed(0)} MB (bare ${(f.rssAfterGc - f.rssBefore).toFixed(0)} MB)\n`,
        );
      }
    }
    process.stdout.write(`${JSON.stringify({ overload: runs })}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
