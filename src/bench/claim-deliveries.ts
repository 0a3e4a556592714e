/**
 * The webhook claim on SQLite, one build against another: a backlog of pending deliveries (many
 * held behind an earlier event of their subject) is drained by claim-and-finish rounds as the
 * delivery worker runs them (16 at a time, at most 4 per endpoint), and each claim is timed.
 * Two builds run interleaved in pairs in one process, each on its own in-memory store made the
 * same way (docs/bench.md, "The webhook claim written once").
 *
 *   node dist/bench/claim-deliveries.js [--base DIST] [--events N] [--endpoints E] [--subjects S] [--pairs P]
 *
 * DIST is another build's dist directory (default: this one, against itself).
 */
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Store } from '../store/store.js';

const { values } = parseArgs({
  options: {
    base: { type: 'string' },
    events: { type: 'string', default: '2000' },
    endpoints: { type: 'string', default: '10' },
    subjects: { type: 'string', default: '400' },
    pairs: { type: 'string', default: '3' },
  },
});
const EVENTS = Number(values.events);
const ENDPOINTS = Number(values.endpoints);
const SUBJECTS = Number(values.subjects);
const PAIRS = Number(values.pairs);
const here = fileURLToPath(new URL('..', import.meta.url));
const baseDist = values.base ?? here;

type Open = (path: string) => Store;
const opener = async (dist: string): Promise<Open> =>
  ((await import(`${dist.replace(/\/$/, '')}/store/sqlite/sqlite-store.js`)) as { openSqliteStore: Open })
    .openSqliteStore;

/** Fills a store, then drains it; the claims' times in µs (sorted) and how many deliveries went. */
async function run(open: Open): Promise<{ claims: number[]; delivered: number }> {
  const store = open(':memory:');
  const ids = Array.from({ length: ENDPOINTS }, (_, i) => `wh_${String(i).padStart(2, '0')}`);
  await store.transaction(async (tx) => {
    for (const id of ids)
      await tx.insertWebhookEndpoint({
        id,
        url: `https://hooks.example.org/${id}`,
        events: ['*'],
        party: null,
        authority: null,
        secretGeneration: 1,
        createdAt: 0,
        createdBy: null,
        disabledAt: null,
      });
    for (let i = 0; i < EVENTS; i++) {
      const subject = `person:${i % SUBJECTS}`;
      const seq = await tx.insertOutboxEvent({
        id: `evt_${i}`,
        type: 'consent.changed',
        at: 1,
        authority: 'city',
        subject,
        schemaVersion: 1,
        payload: '{}',
        parties: [],
      });
      await tx.insertDeliveries(seq, subject, ids, 1);
      await tx.setFanOut(seq, ids.at(-1)!, true);
    }
  });
  const claims: number[] = [];
  let delivered = 0;
  for (let now = 10; ; now++) {
    const t0 = process.hrtime.bigint();
    const got = await store.transaction((tx) => tx.claimDeliveries(now, now + 1e9, 16, { perEndpoint: 4 }));
    claims.push(Number(process.hrtime.bigint() - t0) / 1000);
    if (got.length === 0) break;
    await store.transaction(async (tx) => {
      for (const c of got)
        await tx.finishDelivery(c.delivery.id, { at: now, ok: true, status: '204', latencyMs: 1, nextAt: null });
    });
    delivered += got.length;
  }
  await store.close();
  return { claims: claims.sort((a, b) => a - b), delivered };
}

const at = (xs: number[], q: number) => xs[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;
const fmt = (xs: number[]) =>
  `median ${at(xs, 0.5).toFixed(0)} µs, p99 ${at(xs, 0.99).toFixed(0)} µs, total ${(xs.reduce((a, b) => a + b, 0) / 1000).toFixed(0)} ms`;

const base = await opener(baseDist);
const candidate = await opener(here);
console.log(
  `${EVENTS} events x ${ENDPOINTS} endpoints, ${SUBJECTS} subjects; load average ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
for (let p = 1; p <= PAIRS; p++) {
  const b = await run(base);
  const c = await run(candidate);
  const ratio = at(c.claims, 0.5) / at(b.claims, 0.5);
  console.log(
    `pair ${p}: base ${fmt(b.claims)} (${b.delivered} delivered); candidate ${fmt(c.claims)} (${c.delivered} delivered); median ratio ${ratio.toFixed(2)}`,
  );
}
console.log(
  `load average ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
