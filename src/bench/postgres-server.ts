/**
 * A throwaway PostgreSQL for the bench, started and stopped with scripts/ci-postgres.sh
 * (the same settings as the tests' server: 127.0.0.1, fsync and synchronous_commit off).
 */
import { spawnSync } from 'node:child_process';
import pg from 'pg';

const SCRIPT = new URL('../../scripts/ci-postgres.sh', import.meta.url).pathname;

export interface BenchPostgres {
  /** postgres:// URL of the server's standing_test database. */
  readonly url: string;
  /** `postgres --version`, for the report. */
  readonly version: string;
  /** The URL of another database on the same server, created empty. */
  createDatabase(name: string): Promise<string>;
  stop(): void;
}

/** Starts a server in `dir`, or returns why it cannot (no binaries, failed start) for the report to print. */
export function startBenchPostgres(dir: string): BenchPostgres | { readonly skipped: string } {
  const r = spawnSync('bash', [SCRIPT, 'start', dir], { encoding: 'utf8', timeout: 120_000 });
  if (r.status === 3) return { skipped: 'PostgreSQL is not installed (no initdb on PATH or under /usr/lib/postgresql/*/bin)' };
  if (r.status !== 0) return { skipped: `scripts/ci-postgres.sh could not start PostgreSQL: ${(r.stderr || String(r.error)).trim().split('\n').slice(-3).join(' ')}` };
  const url = r.stdout.trim();
  const version = `PostgreSQL ${/\(PostgreSQL\) ([\d.]+)/.exec(r.stderr)?.[1] ?? '(version unknown)'}`;
  return {
    url,
    version,
    async createDatabase(name: string) {
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE ${name} TEMPLATE template0 LOCALE 'C'`);
      } finally {
        await admin.end();
      }
      const u = new URL(url);
      u.pathname = `/${name}`;
      return u.toString();
    },
    stop() {
      spawnSync('bash', [SCRIPT, 'stop', dir], { stdio: 'ignore', timeout: 60_000 });
    },
  };
}
