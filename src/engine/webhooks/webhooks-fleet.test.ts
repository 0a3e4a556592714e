import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openPostgresStore } from '../../store/postgres/postgres-store.js';
import { ACTIONS } from '../../test-support/engine.js';
import { dropSchema, PG_SKIP_REASON, TEST_PG_URL } from '../../test-support/postgres.js';
import { startReceiver } from '../../test-support/webhook-receiver.js';
import { manualClock } from '../clock.js';
import type { EngineDeps } from '../deps.js';
import { addAuthority } from '../tenancy/auth.js';
import { addWebhook } from './endpoints.js';
import { emit } from './events.js';
import { FAN_OUT_ROWS, fanOutStep } from './fan-out.js';
import { startDeliveryWorker, type WebhookSettings } from './worker.js';

const url = TEST_PG_URL;
if (url === undefined) console.warn(`webhooks-fleet.test.ts: skipped, ${PG_SKIP_REASON}`);

const SETTINGS: WebhookSettings = { key: 'k'.repeat(40), allowPrivate: true, timeoutMs: 2000, concurrency: 4 };
const T0 = Date.parse('2026-03-01T00:00:00Z');

let receiver: Awaited<ReturnType<typeof startReceiver>>;
beforeEach(async () => {
  receiver = await startReceiver();
});
afterEach(async () => {
  await receiver.close();
});

describe.skipIf(url === undefined)(
  `webhook deliveries shared by two servers on one PostgreSQL database${url === undefined ? ` (skipped: ${PG_SKIP_REASON})` : ''}`,
  () => {
    it('fans every event out exactly once between two servers (FOR UPDATE SKIP LOCKED, ON CONFLICT DO NOTHING), each event finished by one', async () => {
      const schema = `t_fanout_${randomBytes(4).toString('hex')}`;
      const a = await openPostgresStore(url!, { schema, create: true, actions: ACTIONS });
      const b = await openPostgresStore(url!, { schema });
      try {
        const clock = manualClock(T0);
        await addAuthority({ store: a, clock }, { name: 'city', kind: 'government' });
        const ids = Array.from({ length: 450 }, (_, i) => `wh_${String(i).padStart(3, '0')}`);
        await a.transaction(async (tx) => {
          for (const id of ids)
            await tx.insertWebhookEndpoint({
              id,
              url: `${receiver.url}/${id}`,
              events: ['*'],
              party: null,
              authority: null,
              secretGeneration: 1,
              createdAt: T0,
              createdBy: 'operator',
              disabledAt: null,
            });
          for (let i = 0; i < 24; i++)
            await emit(tx, {
              type: 'consent.changed',
              at: T0,
              authority: 'city',
              subject: `person:${i % 5}`,
              data: {},
            });
        });
        // Two servers' fan-out loops side by side, in small steps (each event spans several).
        const finished = [0, 0];
        await Promise.all(
          [a, b].map(async (store, k) => {
            for (let more = true; more; ) {
              const r = await store.transaction((tx) => fanOutStep(tx, FAN_OUT_ROWS / 2));
              finished[k]! += r.fanned;
              more = r.more;
            }
          }),
        );
        // Either may have stopped while the other still held events: finish, then count.
        for (let more = true; more; ) more = (await a.transaction((tx) => fanOutStep(tx))).more;
        // Each event was finished by exactly one step of one server, never by both.
        expect(finished[0]! + finished[1]!).toBe(24);
        const counts = await a.transaction(async (tx) => {
          const out: number[] = [];
          for (const id of ids) out.push((await tx.deliveriesOf(id, 100)).length);
          return out;
        });
        expect(counts.every((n) => n === 24)).toBe(true);
        expect(await a.transaction((tx) => tx.unfannedEvents(10))).toEqual([]);
      } finally {
        await b.close();
        await a.close();
        await dropSchema(url!, schema);
      }
    });

    it('delivers every event exactly once between them (FOR UPDATE SKIP LOCKED), each subject in order', async () => {
      const schema = `t_fleet_${randomBytes(4).toString('hex')}`;
      const a = await openPostgresStore(url!, { schema, create: true, actions: ACTIONS });
      const b = await openPostgresStore(url!, { schema });
      try {
        const clock = manualClock(T0);
        const one: EngineDeps = { store: a, clock };
        const two: EngineDeps = { store: b, clock };
        await addAuthority(one, { name: 'city', kind: 'government' });
        const paths = ['/e1', '/e2', '/e3'];
        for (const p of paths)
          await addWebhook(one, SETTINGS, { type: 'operator' }, { url: `${receiver.url}${p}`, events: ['*'] });
        const subjects = ['person:a', 'person:b', 'person:c', 'person:d', 'person:e'];
        for (let i = 0; i < 40; i++)
          await (i % 2 === 0 ? one : two).store.transaction((tx) =>
            emit(tx, {
              type: 'consent.changed',
              at: T0,
              authority: 'city',
              subject: subjects[i % subjects.length]!,
              data: { n: i },
            }),
          );
        const w1 = startDeliveryWorker(one, SETTINGS, false);
        const w2 = startDeliveryWorker(two, SETTINGS, false);
        await Promise.all([w1.drain(), w2.drain()]);
        await Promise.all([w1.drain(), w2.drain()]);
        await Promise.all([w1.stop(), w2.stop()]);

        for (const p of paths) {
          const got = receiver.received
            .filter((r) => r.path === p)
            .map((r) => JSON.parse(r.body) as { id: string; subject: string; data: { n: number } });
          // Exactly once: 40 deliveries, 40 distinct ids.
          expect(got.length).toBe(40);
          expect(new Set(got.map((g) => g.id)).size).toBe(40);
          // In order per subject, whichever server sent each.
          for (const s of subjects) {
            const ns = got.filter((g) => g.subject === s).map((g) => g.data.n);
            expect(ns).toEqual([...ns].sort((x, y) => x - y));
          }
        }
        const log = await a.transaction(async (tx) => {
          const out = [];
          for (const w of await tx.listWebhookEndpoints()) out.push(await tx.deliveriesOf(w.id, 100));
          return out;
        });
        for (const rows of log) {
          expect(rows.every((d) => d.state === 'delivered' && d.attempts === 1)).toBe(true);
        }
      } finally {
        await b.close();
        await a.close();
        await dropSchema(url!, schema);
      }
    });
  },
);
