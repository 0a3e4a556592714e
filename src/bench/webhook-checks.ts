/**
 * `npm run bench`, webhooks and checks: does the delivery worker delay checks? POST /v1/checks
 * at 50 connections against Standing with the delivery worker running and events produced
 * while it serves (20 a second by default, in transactions as a sweep writes them), with
 * (a) no webhook endpoint, and (b) 1,000 endpoints that fail: a third never answer (time
 * out), a third answer 500, a third redirect; they live in a child process of their own on
 * 127.0.0.1 (STANDING_WEBHOOK_ALLOW_PRIVATE). The two run interleaved in pairs, each from a
 * fresh copy of the same store, in the same minutes (docs/bench.md).
 *
 *   node dist/bench/webhook-checks.js [--subjects N] [--seconds S] [--connections C] [--pairs P]
 *                                     [--endpoints E] [--events PER_SECOND] [--backlog EVENTS]
 */
import { fork, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { fixedClock } from '../engine/clock.js';
import { addWebhook } from '../engine/webhooks/endpoints.js';
import { emit } from '../engine/webhooks/events.js';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import { buildSanctionedStore } from './sanctioned-subjects.js';
import { loadChecks, stopChild } from './check-load.js';

const NOW = Date.parse('2026-06-01T00:00:00Z');
const KEY = 'bench-webhook-key-0123456789abcdef';
const log = (s: string): boolean => process.stderr.write(`${s}\n`);

function startChild(script: string, args: string[]): Promise<{ child: ChildProcess; message: unknown }> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(new URL(script, import.meta.url)), args, {
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    child.once('message', (message) => resolve({ child, message }));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${script} ${args.join(' ')} exited with ${code}`)));
  });
}

/** Deliveries in the store after a run, by state, and the attempts made. */
async function deliveryStats(
  db: string,
): Promise<{ pending: number; delivered: number; dead: number; attempts: number }> {
  const store = openSqliteStore(db);
  try {
    return await store.transaction(async (tx) => {
      const out = { pending: 0, delivered: 0, dead: 0, attempts: 0 };
      for (const w of await tx.listWebhookEndpoints())
        for (const d of await tx.deliveriesOf(w.id, 1_000_000)) {
          out[d.state]++;
          out.attempts += d.attempts;
        }
      return out;
    });
  } finally {
    await store.close();
  }
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      subjects: { type: 'string', default: '100000' },
      seconds: { type: 'string', default: '10' },
      connections: { type: 'string', default: '50' },
      pairs: { type: 'string', default: '3' },
      endpoints: { type: 'string', default: '1000' },
      events: { type: 'string', default: '20' },
      backlog: { type: 'string', default: '0' },
    },
  });
  const subjects = Number(values.subjects);
  const seconds = Number(values.seconds);
  const connections = Number(values.connections);
  const pairs = Number(values.pairs);
  const endpoints = Number(values.endpoints);
  const events = Number(values.events);
  const backlog = Number(values.backlog);
  const dir = mkdtempSync(join(tmpdir(), 'standing-webhook-checks-'));
  const receivers = await startChild('./failing-receivers.js', []);
  try {
    const urls = receivers.message as { timeout: string; error: string; redirect: string };
    const plain = join(dir, 'plain.db');
    const hooked = join(dir, 'hooked.db');
    const t0 = performance.now();
    const secret = await buildSanctionedStore(plain, subjects, NOW);
    copyFileSync(plain, hooked);
    const store = openSqliteStore(hooked);
    const deps = { store, clock: fixedClock(NOW) };
    const kinds = [urls.timeout, urls.error, urls.redirect];
    for (let i = 0; i < endpoints; i++)
      await addWebhook(
        deps,
        { key: KEY, allowPrivate: true },
        { type: 'operator' },
        { url: `${kinds[i % 3]!}?n=${i}`, events: ['*'] },
      );
    // A backlog of due deliveries to the failing endpoints (with --events 0: the worker alone, no fan-out).
    for (let i = 0; i < backlog; i++)
      await store.transaction((tx) =>
        emit(tx, { type: 'consent.changed', at: NOW, authority: 'city', subject: `person:${i}`, data: { n: i } }),
      );
    await store.close();
    log(
      `built a store of ${subjects} subjects and a copy with ${endpoints} failing endpoints in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );

    type Run = {
      rps: number;
      p99: number;
      p50: number;
      non2xx: number;
      load: number;
      stats?: Awaited<ReturnType<typeof deliveryStats>>;
    };
    const runs: Record<'none' | 'failing', Run[]> = { none: [], failing: [] };
    const measure = async (variant: 'none' | 'failing', i: number): Promise<void> => {
      const db = join(dir, `run-${variant}-${i}.db`);
      copyFileSync(variant === 'none' ? plain : hooked, db);
      const load1 = loadavg()[0]!;
      const server = await startChild('./decision-server.js', ['standing-hooks', db, String(events)]);
      const url = (server.message as { url: string }).url;
      await loadChecks(url, secret, subjects, 2, connections); // warm-up: the worker is at work by now
      const r = await loadChecks(url, secret, subjects, seconds, connections);
      await stopChild(server.child);
      const run: Run = {
        rps: r.requests.average,
        p99: r.latency.p99,
        p50: r.latency.p50,
        non2xx: r.non2xx,
        load: load1,
      };
      if (variant === 'failing') run.stats = await deliveryStats(db);
      runs[variant].push(run);
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${db}${suffix}`, { force: true });
      log(
        `pair ${i + 1} ${variant === 'none' ? 'no endpoint      ' : `${endpoints} failing`}: ${run.rps.toFixed(0)} req/s, p50 ${run.p50} ms, p99 ${run.p99} ms, load ${load1.toFixed(2)}${run.stats ? `, deliveries ${JSON.stringify(run.stats)}` : ''}`,
      );
    };
    for (let i = 0; i < pairs; i++) {
      // Alternate which goes first, so that a drift of the machine's load favours neither.
      const order = i % 2 === 0 ? (['none', 'failing'] as const) : (['failing', 'none'] as const);
      for (const v of order) await measure(v, i);
    }
    receivers.child.send('counts');
    const counts = await new Promise<unknown>((r) =>
      receivers.child.once('message', (m) => r((m as { counts: unknown }).counts)),
    );

    const a = runs.none;
    const b = runs.failing;
    const ratios = a.map((x, i) => b[i]!.rps / x.rps);
    const p99s = a.map((x, i) => b[i]!.p99 / x.p99);
    process.stdout.write(
      `\nChecks with the delivery worker running, ${connections} connections, ${seconds} s each, ${subjects} subjects, ${events} events/s produced, backlog of ${backlog} events, ${pairs} interleaved pairs\n`,
    );
    const row = (k: string, v: string): boolean => process.stdout.write(`  ${k.padEnd(52)} ${v}\n`);
    row(
      '(a) no endpoint: requests/s, median',
      `${median(a.map((x) => x.rps)).toFixed(0)} (${a.map((x) => x.rps.toFixed(0)).join(', ')})`,
    );
    row(
      `(b) ${endpoints} failing endpoints: requests/s, median`,
      `${median(b.map((x) => x.rps)).toFixed(0)} (${b.map((x) => x.rps.toFixed(0)).join(', ')})`,
    );
    row('(a) p99 ms, median', `${median(a.map((x) => x.p99))} (${a.map((x) => x.p99).join(', ')})`);
    row('(b) p99 ms, median', `${median(b.map((x) => x.p99))} (${b.map((x) => x.p99).join(', ')})`);
    row(
      '(b)/(a) requests/s per pair, median',
      `${median(ratios).toFixed(2)}x (${ratios.map((r) => r.toFixed(2)).join(', ')})`,
    );
    row('(b)/(a) p99 per pair, median', `${median(p99s).toFixed(2)}x (${p99s.map((r) => r.toFixed(2)).join(', ')})`);
    row('non-2xx answers (a), (b)', `${a.reduce((s, x) => s + x.non2xx, 0)}, ${b.reduce((s, x) => s + x.non2xx, 0)}`);
    row(
      'load average at each run (a), (b)',
      `${a.map((x) => x.load.toFixed(2)).join(', ')}; ${b.map((x) => x.load.toFixed(2)).join(', ')}`,
    );
    row('deliveries after each (b) run', b.map((x) => JSON.stringify(x.stats)).join(' '));
    row('requests the failing receivers got', JSON.stringify(counts));
    process.stdout.write(
      `${JSON.stringify({ webhookChecks: { subjects, connections, seconds, events, endpoints, none: a, failing: b, rpsRatio: median(ratios), p99Ratio: median(p99s), receiverCounts: counts } })}\n`,
    );
  } finally {
    await stopChild(receivers.child);
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
