/**
 * The decision path of this build against another build of Standing, paired (docs/bench.md,
 * "The decision path against the wave's start"): each build's own decision server
 * (`dist/bench/decision-server.js standing`, its request log on) on a store of sanctioned
 * subjects that build made, loaded alternately by the same autocannon load (check-load.ts),
 * base first in odd rounds and this build first in even ones. Per run: checks answered a
 * second (2xx: a shed check is not an answer), p99, and the server process's CPU time (every thread, from /proc) per 1,000 answered
 * checks, which moves less with the machine's other load than throughput does.
 *
 *   node dist/bench/paired-checks.js --base DIR [--rounds 6] [--seconds 8] [--subjects 100000] [--connections 50]
 *
 * DIR is a built checkout (its dist/ and data/actions.json). Builds older than
 * `buildSanctionedStore` (src/bench/sanctioned-subjects.ts) get the same store from the
 * functions it is made of, as the decision bench of the time built it.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { loadChecks, stopChild } from './check-load.js';

const NOW = Date.parse('2026-06-01T00:00:00Z');
const log = (s: string): boolean => process.stderr.write(`${s}\n`);

interface Build {
  readonly name: 'base' | 'this';
  /** The checkout's root: dist/ and data/ below it. */
  readonly root: string;
}

type Module = Record<string, (...args: unknown[]) => Promise<unknown>>;
const load = (b: Build, file: string): Promise<Module> =>
  import(pathToFileURL(join(b.root, 'dist', file)).href) as Promise<Module>;

/** A store of `subjects` sanctioned persons made by `b`'s own code; returns the airline's API key. */
async function buildStore(b: Build, path: string, subjects: number): Promise<string> {
  const sanctioned = await load(b, 'bench/sanctioned-subjects.js');
  if (typeof sanctioned.buildSanctionedStore === 'function')
    return (await sanctioned.buildSanctionedStore(path, subjects, NOW)) as string;
  const { openSqliteStore } = (await import(pathToFileURL(join(b.root, 'dist/store/sqlite/sqlite-store.js')).href)) as {
    openSqliteStore: (p: string, o: object) => { transaction: (f: unknown) => Promise<void>; close(): Promise<void> };
  };
  const { createApiKey } = await load(b, 'engine/tenancy/auth.js');
  const { entitle, partyAdd } = await load(b, 'engine/decisions/check.js');
  const { fixedClock } = (await import(pathToFileURL(join(b.root, 'dist/engine/clock.js')).href)) as {
    fixedClock: (t: number) => unknown;
  };
  const { grantAction } = await load(b, 'engine/tenancy/registry.js');
  const actions = JSON.parse(readFileSync(join(b.root, 'data/actions.json'), 'utf8')) as unknown;
  const store = openSqliteStore(path, { create: true, actions });
  const deps = { store, clock: fixedClock(NOW) };
  await grantAction!(deps, 'city', 'flight.board');
  await partyAdd!(deps, 'airline');
  await entitle!(deps, 'airline', 'flight.board');
  const { secret } = (await createApiKey!(deps, { party: 'airline', label: 'bench' })) as { secret: string };
  for (let from = 0; from < subjects; from += 10_000)
    await store.transaction((tx: unknown) =>
      sanctioned.seedSanctionedSubjects!(tx, from, Math.min(subjects, from + 10_000), NOW),
    );
  await store.close();
  return secret;
}

/** CPU time (user + system, every thread) of a process so far, in ms. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function startServer(b: Build, db: string, logFile: string): Promise<{ child: ChildProcess; url: string }> {
  const fd = openSync(logFile, 'w');
  const child = fork(join(b.root, 'dist/bench/decision-server.js'), ['standing', db], {
    stdio: ['ignore', fd, 'inherit', 'ipc'],
    execArgv: [],
  });
  closeSync(fd);
  return new Promise((ok, fail) => {
    child.once('message', (m) => ok({ child, url: (m as { url: string }).url }));
    child.once('exit', (code) => fail(new Error(`${b.name} server exited with ${code}`)));
  });
}

interface Run {
  readonly round: number;
  readonly build: Build['name'];
  /** Checks answered (2xx) a second: a shed check (503) is not an answer. */
  readonly perSecond: number;
  /** Answers other than 2xx (503 OVERLOADED when the build shed). */
  readonly non2xx: number;
  readonly p99: number;
  readonly cpuMsPer1k: number;
  readonly load: number;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      base: { type: 'string' },
      rounds: { type: 'string', default: '6' },
      seconds: { type: 'string', default: '8' },
      subjects: { type: 'string', default: '100000' },
      connections: { type: 'string', default: '50' },
    },
  });
  if (values.base === undefined) throw new Error('usage: paired-checks --base DIR (a built checkout) [--rounds N]');
  const [rounds, seconds, subjects, connections] = [
    values.rounds,
    values.seconds,
    values.subjects,
    values.connections,
  ].map(Number) as [number, number, number, number];
  const builds: Build[] = [
    { name: 'base', root: resolve(values.base) },
    { name: 'this', root: fileURLToPath(new URL('../..', import.meta.url)) },
  ];
  const dir = mkdtempSync(join(tmpdir(), 'standing-paired-'));
  try {
    const stores = new Map<Build['name'], { db: string; secret: string }>();
    for (const b of builds) {
      const db = join(dir, `${b.name}.db`);
      stores.set(b.name, { db, secret: await buildStore(b, db, subjects) });
    }
    log(
      `stores of ${subjects} sanctioned subjects built; ${rounds} rounds of ${seconds} s at ${connections} connections`,
    );
    const runs: Run[] = [];
    for (let round = 1; round <= rounds; round++) {
      for (const b of round % 2 === 1 ? builds : [...builds].reverse()) {
        const { db, secret } = stores.get(b.name)!;
        const server = await startServer(b, db, join(dir, `${b.name}.log`));
        await loadChecks(server.url, secret, subjects, 2, connections); // warm-up
        const [c0, load] = [cpuMs(server.child.pid!), loadavg()[0]!];
        const r = await loadChecks(server.url, secret, subjects, seconds, connections);
        const c1 = cpuMs(server.child.pid!);
        await stopChild(server.child);
        const run: Run = {
          round,
          build: b.name,
          perSecond: r['2xx'] / r.duration,
          non2xx: r.non2xx,
          p99: r.latency.p99,
          cpuMsPer1k: (c1 - c0) / (r['2xx'] / 1000),
          load,
        };
        runs.push(run);
        log(
          `round ${round} ${b.name.padEnd(4)} ${run.perSecond.toFixed(0).padStart(6)} checks/s  p99 ${run.p99} ms  ` +
            `${run.cpuMsPer1k.toFixed(1)} CPU ms / 1,000 checks  (load ${load.toFixed(2)}; non-2xx ${run.non2xx})`,
        );
      }
    }
    const pairs = Array.from({ length: rounds }, (_, i) => {
      const [base, self] = (['base', 'this'] as const).map(
        (n) => runs.find((r) => r.round === i + 1 && r.build === n)!,
      );
      return { speed: self!.perSecond / base!.perSecond, cpu: self!.cpuMsPer1k / base!.cpuMsPer1k };
    });
    const median = (xs: number[]): number => {
      const s = [...xs].sort((a, b) => a - b);
      return s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
    };
    const speeds = pairs.map((p) => p.speed);
    const cpus = pairs.map((p) => p.cpu);
    log(
      `\nthis build against base, per pair: checks/s ${speeds.map((x) => `${x.toFixed(2)}x`).join(', ')} (median ${median(speeds).toFixed(2)}x); ` +
        `CPU per check ${cpus.map((x) => `${x.toFixed(2)}x`).join(', ')} (median ${median(cpus).toFixed(2)}x)`,
    );
    process.stdout.write(
      `${JSON.stringify({ pairedChecks: { subjects, connections, seconds, runs, medianSpeed: median(speeds), medianCpu: median(cpus) } })}\n`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
