/**
 * A throwaway PostgreSQL for the bench: a primary with a streaming replica
 * (scripts/ci-postgres-replica.sh), or, when the replica cannot be made, a primary alone
 * (scripts/ci-postgres.sh). Both scripts use the tests' settings: 127.0.0.1, fsync,
 * synchronous_commit and full_page_writes off.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';

const SCRIPTS = new URL('../../scripts/', import.meta.url).pathname;

export interface BenchPostgres {
  /** postgres:// URL of the primary's standing_test database. */
  readonly url: string;
  /** The replica's URL of the same database, or why there is none. */
  readonly replica: { readonly url: string } | { readonly skipped: string };
  /** `postgres --version`, for the report. */
  readonly version: string;
  /** The servers' main processes (primary, replica); their children are the connections and workers, for CPU accounting. */
  postmasterPids(): number[];
  /**
   * Pauses (false) or resumes (true) the replica's replay, so it costs no CPU while other
   * phases are timed; resuming waits (up to 5 minutes) until it has replayed all the primary wrote meanwhile.
   */
  replay(on: boolean): Promise<void>;
  /** The URL of a new empty database on the primary (withDatabase names it on the replica). */
  createDatabase(name: string): Promise<string>;
  stop(): void;
}

/** The same URL naming another database. */
export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

const run = (script: string, ...args: string[]) =>
  spawnSync('bash', [join(SCRIPTS, script), ...args], { encoding: 'utf8', timeout: 120_000 });
const tail = (r: ReturnType<typeof run>): string =>
  (r.stderr || String(r.error)).trim().split('\n').slice(-3).join(' ');

/** Starts the servers in `dir`, or returns why they cannot start (no binaries, a failed start) for the report to print. */
export function startBenchPostgres(dir: string): BenchPostgres | { readonly skipped: string } {
  let script = 'ci-postgres-replica.sh';
  let r = run(script, 'start', dir);
  if (r.status === 3)
    return { skipped: 'PostgreSQL is not installed (no initdb on PATH or under /usr/lib/postgresql/*/bin)' };
  let replica: BenchPostgres['replica'];
  let dataDirs: string[];
  if (r.status === 0) {
    const [primaryUrl, replicaUrl] = r.stdout.trim().split('\n');
    replica = { url: replicaUrl! };
    r = { ...r, stdout: primaryUrl! };
    dataDirs = [join(dir, 'primary', 'data'), join(dir, 'replica', 'data')];
  } else {
    replica = { skipped: `scripts/ci-postgres-replica.sh could not start a replica: ${tail(r)}` };
    run(script, 'stop', dir);
    script = 'ci-postgres.sh';
    dir = join(dir, 'alone');
    r = run(script, 'start', dir);
    if (r.status !== 0) return { skipped: `scripts/ci-postgres.sh could not start PostgreSQL: ${tail(r)}` };
    dataDirs = [join(dir, 'data')];
  }
  const url = r.stdout.trim();
  const version = `PostgreSQL ${/\(PostgreSQL\) ([\d.]+)/.exec(r.stderr)?.[1] ?? '(version unknown)'}`;
  return {
    url,
    replica,
    version,
    async createDatabase(name: string) {
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE ${name} TEMPLATE template0 LOCALE 'C'`);
      } finally {
        await admin.end();
      }
      return withDatabase(url, name);
    },
    async replay(on: boolean) {
      if (!('url' in replica)) return;
      const c = new pg.Client({ connectionString: replica.url });
      const p = new pg.Client({ connectionString: url });
      await Promise.all([c.connect(), p.connect()]);
      try {
        await c.query(on ? 'SELECT pg_wal_replay_resume()' : 'SELECT pg_wal_replay_pause()');
        if (!on) return;
        const target = (await p.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn')).rows[0]!.lsn;
        for (const until = Date.now() + 300_000; Date.now() < until; await new Promise((r) => setTimeout(r, 200))) {
          if (
            (await c.query<{ done: boolean }>('SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS done', [target]))
              .rows[0]!.done
          )
            return;
        }
      } finally {
        await Promise.all([c.end(), p.end()]);
      }
    },
    postmasterPids() {
      const pids: number[] = [];
      for (const d of dataDirs) {
        try {
          pids.push(Number(readFileSync(join(d, 'postmaster.pid'), 'utf8').split('\n')[0]));
        } catch {
          // Not running.
        }
      }
      return pids;
    },
    stop() {
      run(script, 'stop', dir);
    },
  };
}

/** CPU seconds (user + system) a process has used, from /proc; undefined where there is no /proc. */
export function processCpuSeconds(pid: number): number | undefined {
  try {
    // Fields after the command name (which may hold spaces) start at field 3; utime and stime are fields 14 and 15.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}

/** Linux's USER_HZ: /proc counts CPU time in hundredths of a second on every common build. */
const CLOCK_TICKS = 100;

/** CPU seconds of a process and all its children alive now (PostgreSQL's backends are children of the postmaster). */
export function treeCpuSeconds(root: number): number | undefined {
  const own = processCpuSeconds(root);
  if (own === undefined) return undefined;
  let total = own;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === root) total += processCpuSeconds(Number(entry)) ?? 0;
    } catch {
      // The process ended while we looked.
    }
  }
  return total;
}
