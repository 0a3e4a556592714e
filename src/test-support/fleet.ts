import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import pg from 'pg';
import { servingUrl } from './serve-process.js';

/**
 * A fleet for tests: real `standing` processes (the compiled bin, so `npm run build`
 * first) on one PostgreSQL database of their own, sharing one fast clock.
 */

const BIN = new URL('../../bin/standing.js', import.meta.url).pathname;

/** A database created for one test file in the STANDING_TEST_PG server; `drop` removes it. */
export interface FleetDatabase {
  readonly url: string;
  /** A client on the database, for the assertions that read it directly. */
  readonly sql: pg.Client;
  drop(): Promise<void>;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Creates an empty database next to STANDING_TEST_PG's. */
export async function createFleetDatabase(testUrl: string): Promise<FleetDatabase> {
  const name = `fleet_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: testUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE template0`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(testUrl, name);
  const sql = new pg.Client({ connectionString: url });
  await sql.connect();
  return {
    url,
    sql,
    async drop() {
      await sql.end().catch(() => undefined);
      const c = new pg.Client({ connectionString: testUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

/** One clock for every process: Standing time `start` at the real instant `origin`, `rate` times as fast. */
export interface FleetClock {
  readonly start: number;
  readonly origin: number;
  readonly rate: number;
}

export function fleetNow(c: FleetClock): number {
  return c.start + Math.floor((Date.now() - c.origin) * c.rate);
}

function clockEnv(c: FleetClock): Record<string, string> {
  return {
    STANDING_NOW: new Date(c.start).toISOString(),
    STANDING_CLOCK_RATE: String(c.rate),
    STANDING_CLOCK_ORIGIN: new Date(c.origin).toISOString(),
  };
}

export interface FleetServer {
  readonly url: string;
  readonly child: ChildProcessByStdio<null, Readable, Readable>;
  /** What the process wrote so far: its request log (stdout, JSON lines) and stderr. */
  log(): string;
  /** SIGKILL: no shutdown, no flush, as when a machine dies. */
  kill(): Promise<void>;
  /** SIGTERM, and the exit code. */
  stop(): Promise<number | null>;
}

const exited = (child: ChildProcessByStdio<null, Readable, Readable>): Promise<number | null> =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve(child.exitCode)
    : new Promise((resolve) => child.once('exit', (code) => resolve(code)));

/** Starts `standing serve` on a free port, sweeping every `sweepSeconds`, and waits until it listens. */
export async function startFleetServer(db: string, clock: FleetClock, sweepSeconds = 1): Promise<FleetServer> {
  // Not --quiet: the request log carries server errors and failed sweeps, which the tests look for.
  const child = spawn(
    process.execPath,
    [BIN, 'serve', '--db', db, '--port', '0', '--sweep-seconds', String(sweepSeconds)],
    {
      env: { ...process.env, ...clockEnv(clock) },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let log = '';
  child.stdout.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr.on('data', (d: Buffer) => (log += d.toString()));
  const url = await servingUrl(child);
  return {
    url,
    child,
    log: () => log,
    async kill() {
      child.kill('SIGKILL');
      await exited(child);
    },
    async stop() {
      child.kill('SIGTERM');
      return exited(child);
    },
  };
}

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A running `standing` command: its process, and its outcome once it exits. */
export interface CliProcess {
  readonly child: ChildProcessByStdio<null, Readable, Readable>;
  readonly done: Promise<CliRun>;
}

/** Starts one `standing` command against `db`, its clock fixed at `at` (the fleet's now, for one-shot commands). `--` in `args` ends the options. */
export function startCli(args: readonly string[], db: string, at: number): CliProcess {
  const end = args.indexOf('--');
  const argv = end < 0 ? [...args, '--db', db] : [...args.slice(0, end), '--db', db, ...args.slice(end)];
  const child = spawn(process.execPath, [BIN, ...argv], {
    env: { ...process.env, STANDING_NOW: new Date(at).toISOString() },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<CliRun>((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
  return { child, done };
}

export function runCli(args: readonly string[], db: string, at: number): Promise<CliRun> {
  return startCli(args, db, at).done;
}

export interface Reply<T = unknown> {
  readonly status: number;
  readonly body: T;
}

/** One JSON request to a server; `authorization` is the whole header (`Bearer stk_…`, `Session …`) or null. */
export async function call<T = Record<string, unknown>>(
  base: string,
  method: string,
  path: string,
  authorization: string | null,
  body?: unknown,
): Promise<Reply<T>> {
  const r = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(authorization === null ? {} : { authorization }),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await r.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Not JSON: keep the text for the failure message.
  }
  return { status: r.status, body: parsed as T };
}

/** Polls `probe` every `everyMs` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
  everyMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** A deterministic shuffle (the same seed gives the same order), so a failing run can be replayed. */
export function shuffled<T>(xs: readonly T[], seed: number): T[] {
  const out = [...xs];
  let s = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    const j = (s >>> 0) % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
