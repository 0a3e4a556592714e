/**
 * `npm run bench`, part three: PostgreSQL (docs/bench.md). On a throwaway server started
 * with scripts/ci-postgres.sh (skipped, saying why, when PostgreSQL is not installed):
 *
 *   (a) import of the city's first N records through openPostgresStore, against a raw COPY
 *       of the same rows into a plain table (target: at least 50% of its rate);
 *   (b) decision checks per second (POST /v1/checks) with one and with two `standing serve`
 *       processes on one database, 50 connections in all; then one server reading from a
 *       streaming replica (`--replica`), when one could be started.
 *
 *   node --expose-gc dist/bench/postgres.js [--records N] [--subjects N] [--seconds S] [--connections C] [--keep]
 *   node --expose-gc dist/bench/postgres.js --phase pg-standing-import|pg-raw-copy --url URL --file NDJSON --records N
 */
import { fork } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { writeCityFile } from './city-file.js';
import { loadServers, seedDecisionStore, startServe, type LoadResult } from './postgres-decision.js';
import { pgRawCopy, pgStandingImport, type PgImportResult } from './postgres-import.phase.js';
import {
  processCpuSeconds,
  startBenchPostgres,
  treeCpuSeconds,
  withDatabase,
  type BenchPostgres,
} from './postgres-server.js';

/**
 * Records of the PostgreSQL import: the first 200,000 of the city rather than the SQLite
 * phase's million, so that the whole `npm run bench` stays within about 15 minutes.
 */
export const PG_RECORDS = 200_000;
/** The import phases must reach this share of the raw COPY's rate. */
export const PG_IMPORT_TARGET = 0.5;

const PHASES = ['pg-raw-copy', 'pg-standing-import'] as const;
type PgPhase = (typeof PHASES)[number];
const log = (s: string): boolean => process.stderr.write(`${s}\n`);

function runChild(phase: PgPhase, url: string, file: string, records: number): Promise<PgImportResult> {
  return new Promise((resolve, reject) => {
    const child = fork(
      fileURLToPath(import.meta.url),
      ['--phase', phase, '--url', url, '--file', file, '--records', String(records)],
      { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
    );
    let result: PgImportResult | undefined;
    child.on('message', (m) => (result = m as PgImportResult));
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      result && code === 0
        ? resolve(result)
        : reject(new Error(`phase ${phase} ended with ${signal ?? `exit code ${code}`}`)),
    );
  });
}

async function runPhaseHere(phase: PgPhase, url: string, file: string, records: number): Promise<void> {
  const r = phase === 'pg-raw-copy' ? await pgRawCopy(url, file, records) : await pgStandingImport(url, file, records);
  const full: PgImportResult = { ...r, maxRssKiB: process.resourceUsage().maxRSS };
  if (process.send)
    await new Promise<void>((res, rej) => process.send!(full, undefined, undefined, (e) => (e ? rej(e) : res())));
  else process.stdout.write(`${JSON.stringify(full)}\n`);
}

async function countAccess(url: string): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return Number((await c.query<{ n: string }>('SELECT count(*) AS n FROM access_log')).rows[0]!.n);
  } finally {
    await c.end();
  }
}

/** CPU time per answered check, µs: in the `standing serve` processes, in PostgreSQL, in the load generator. Absent without /proc. */
export interface CheckCpu {
  readonly serversUs: number;
  readonly postgresUs: number;
  readonly loadUs: number;
}

interface DecisionRun extends LoadResult {
  readonly logged: number;
  readonly cpu?: CheckCpu;
  /** The `staleness` of one answer taken after the measured run (replica runs). */
  readonly staleness?: unknown;
}

const cpuOf = (pids: readonly number[], tree: boolean): number =>
  pids.map((pid) => (tree ? treeCpuSeconds(pid) : processCpuSeconds(pid)) ?? NaN).reduce((a, b) => a + b, 0);

/**
 * Loads `servers` fresh `standing serve` processes (with `serveArgs`): a warm-up, then the
 * measured run; counts what they logged and the CPU the servers, PostgreSQL (primary and
 * replica) and the load generator spent.
 */
async function decisionRun(
  pgServer: BenchPostgres,
  db: string,
  servers: number,
  serveArgs: readonly string[],
  load: { secret: string; subjects: number; seconds: number; connections: number },
): Promise<DecisionRun> {
  const running = await Promise.all(Array.from({ length: servers }, () => startServe(db, serveArgs)));
  try {
    const urls = running.map((s) => s.url);
    await loadServers(urls, load.secret, load.subjects, 2, load.connections); // warm-up
    const before = await countAccess(db);
    const pids = running.map((s) => s.pid);
    const cpu0 = { servers: cpuOf(pids, false), pg: cpuOf(pgServer.postmasterPids(), true), load: process.cpuUsage() };
    const r = await loadServers(urls, load.secret, load.subjects, load.seconds, load.connections);
    const serversCpu = cpuOf(pids, false) - cpu0.servers;
    const pgCpu = cpuOf(pgServer.postmasterPids(), true) - cpu0.pg;
    const loadCpu = process.cpuUsage(cpu0.load);
    const sample = (await (
      await fetch(`${urls[0]}/v1/checks`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${load.secret}` },
        body: JSON.stringify({ subject: 'person:0', action: 'flight.board' }),
      })
    ).json()) as { staleness?: unknown };
    // SIGTERM flushes each server's access log before it exits.
    await Promise.all(running.map((s) => s.stop()));
    const perCheck = (cpuSeconds: number): number => (cpuSeconds * 1e6) / r.answered;
    const cpu =
      Number.isFinite(serversCpu) && Number.isFinite(pgCpu)
        ? {
            serversUs: perCheck(serversCpu),
            postgresUs: perCheck(pgCpu),
            loadUs: (loadCpu.user + loadCpu.system) / r.answered,
          }
        : undefined;
    return {
      ...r,
      logged: (await countAccess(db)) - before - 1,
      ...(cpu === undefined ? {} : { cpu }),
      ...(sample.staleness === undefined ? {} : { staleness: sample.staleness }),
    };
  } finally {
    await Promise.all(running.map((s) => s.stop()));
  }
}

const cpuText = (c: CheckCpu | undefined): string =>
  c === undefined
    ? ''
    : `; CPU per check: servers ${fmt(c.serversUs)} µs, PostgreSQL ${fmt(c.postgresUs)} µs, load generator ${fmt(c.loadUs)} µs`;

const fmt = (n: number, digits = 0): string =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      phase: { type: 'string' },
      url: { type: 'string' },
      file: { type: 'string' },
      records: { type: 'string' },
      subjects: { type: 'string', default: '100000' },
      seconds: { type: 'string', default: '10' },
      connections: { type: 'string', default: '50' },
      keep: { type: 'boolean', default: false },
    },
  });
  const records = values.records === undefined ? PG_RECORDS : Number(values.records);
  if (!Number.isSafeInteger(records) || records < 1)
    throw new Error(`--records must be a positive whole number, got ${values.records}`);
  if (values.phase !== undefined) {
    if (!(PHASES as readonly string[]).includes(values.phase) || values.url === undefined || values.file === undefined)
      throw new Error(`--phase ${PHASES.join('|')} needs --url and --file`);
    return runPhaseHere(values.phase as PgPhase, values.url, values.file, records);
  }
  const subjects = Number(values.subjects);
  const seconds = Number(values.seconds);
  const connections = Number(values.connections);

  const dir = mkdtempSync(join(tmpdir(), 'standing-bench-pg-'));
  // As root the server runs as the postgres user, which must reach its directory inside this one.
  chmodSync(dir, 0o755);
  const server = startBenchPostgres(join(dir, 'pg'));
  if ('skipped' in server) {
    process.stdout.write(
      `\nPostgreSQL bench skipped: ${server.skipped}\n${JSON.stringify({ postgres: { skipped: server.skipped } })}\n`,
    );
    rmSync(dir, { recursive: true, force: true });
    return;
  }
  const load0 = loadavg()[0]!;
  try {
    log(`PostgreSQL bench on ${server.version} at ${server.url} (fsync, synchronous_commit and full_page_writes off)`);
    // The replica replays nothing until its own run: the other phases get the CPUs to themselves.
    await server.replay(false);
    const file = join(dir, 'city.ndjson');
    if (!existsSync(file)) {
      const w = writeCityFile(file, records);
      if (w.records !== records) throw new Error(`the city has only ${w.records} records; asked for ${records}`);
      log(`wrote ${w.records} records (${(w.bytes / 2 ** 20).toFixed(0)} MiB) to ${file}`);
    }
    const imports = await server.createDatabase('standing_import');
    const out: Partial<Record<PgPhase, PgImportResult>> = {};
    for (const phase of PHASES) {
      log(`phase ${phase} …`);
      out[phase] = await runChild(phase, imports, file, records);
      log(`phase ${phase}: ${out[phase].seconds.toFixed(2)} s`);
    }
    const copy = out['pg-raw-copy']!;
    const imp = out['pg-standing-import']!;
    const copyRate = copy.records / copy.seconds;
    const importRate = imp.records / imp.seconds;
    const importRatio = importRate / copyRate;

    log(`seeding ${subjects} subjects with active listings for the decision checks …`);
    const decisions = await server.createDatabase('standing_decisions');
    const t0 = performance.now();
    const secret = await seedDecisionStore(decisions, subjects);
    log(`seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s; one server …`);
    const load = { secret, subjects, seconds, connections };
    const one = await decisionRun(server, decisions, 1, [], load);
    log('two servers …');
    const two = await decisionRun(server, decisions, 2, [], load);
    const scale = two.rps / one.rps;
    let replica: DecisionRun | undefined;
    if ('url' in server.replica) {
      log('one server reading from the replica …');
      await server.replay(true);
      replica = await decisionRun(
        server,
        decisions,
        1,
        ['--replica', withDatabase(server.replica.url, 'standing_decisions')],
        load,
      );
    }
    const load1 = loadavg()[0]!;

    const rows: [string, string, string][] = [
      [
        `raw COPY into a plain table, records/s`,
        fmt(copyRate),
        `${copy.records} rows in ${copy.seconds.toFixed(2)} s (median of ${(copy.detail.runs as number[]).map((r) => r.toFixed(2)).join(', ')} s)`,
      ],
      [
        `raw COPY into a table with the records table's two indexes, records/s`,
        fmt(copy.records / Number(copy.detail.indexedSeconds)),
        `${Number(copy.detail.indexedSeconds).toFixed(2)} s, ${fmt((100 * copy.seconds) / Number(copy.detail.indexedSeconds), 1)}% of the plain COPY's rate (not a target: the floor any import keeping those indexes starts from)`,
      ],
      [
        `Standing import + derive, records/s`,
        fmt(importRate),
        `${fmt(importRatio * 100, 1)}% of COPY (target >= ${PG_IMPORT_TARGET * 100}%: ${importRatio >= PG_IMPORT_TARGET ? 'met' : 'NOT met'}); storing ${Number(imp.detail.storeSeconds).toFixed(1)} s + sweep ${Number(imp.detail.sweepSeconds).toFixed(1)} s, peak RSS ${Math.round(imp.maxRssKiB / 1024)} MiB`,
      ],
      [
        'checks/s, one standing serve',
        fmt(one.rps),
        `p99 ${one.p99} ms; answered ${one.answered}, non-2xx ${one.non2xx}, errors ${one.errors}, logged ${one.logged}${cpuText(one.cpu)}`,
      ],
      [
        'checks/s, two standing serve',
        fmt(two.rps),
        `${fmt(scale, 2)}x one server; p99 ${two.p99} ms; answered ${two.answered}, non-2xx ${two.non2xx}, errors ${two.errors}, logged ${two.logged}${cpuText(two.cpu)}`,
      ],
    ];
    const cpu = cpus()[0]?.model ?? 'unknown CPU';
    process.stdout.write(
      `\nPostgreSQL (${server.version}, ${availableParallelism()} CPUs, ${cpu}; load average ${load0.toFixed(2)} at start, ${load1.toFixed(2)} at end)\n` +
        `import: ${records} records; decisions: ${subjects} subjects, ${connections} connections in all, ${seconds} s each\n`,
    );
    for (const [a, b, c] of rows) process.stdout.write(`  ${a.padEnd(40)} ${b.padStart(10)}  ${c}\n`);
    if (replica !== undefined) {
      process.stdout.write(
        `  ${'checks/s, one standing serve --replica'.padEnd(40)} ${fmt(replica.rps).padStart(10)}  ${fmt(replica.rps / one.rps, 2)}x without; p99 ${replica.p99} ms; answered ${replica.answered}, logged ${replica.logged}${cpuText(replica.cpu)}; an answer's staleness ${JSON.stringify(replica.staleness ?? null)}\n`,
      );
    } else if ('skipped' in server.replica) {
      process.stdout.write(`  replica run skipped: ${server.replica.skipped}\n`);
    }
    for (const [name, r] of [
      ['one server', one],
      ['two servers', two],
      ['the replica run', replica],
    ] as const) {
      if (r !== undefined && r.logged < r.answered)
        process.stdout.write(
          `  MISSING access-log entries with ${name}: ${r.logged} logged for ${r.answered} answered\n`,
        );
    }
    process.stdout.write(
      `${JSON.stringify({
        postgres: {
          version: server.version,
          records,
          copyRate,
          importRate,
          importRatio,
          import: imp,
          copy,
          decision: {
            subjects,
            connections,
            seconds,
            one,
            two,
            ratio: scale,
            ...(replica === undefined ? {} : { replica }),
          },
          load: [load0, load1],
        },
      })}\n`,
    );
  } finally {
    server.stop();
    if (values.keep) log(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});
