import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Webhook } from 'standardwebhooks';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { WebhookEndpointRow } from '../../store/outbox-port.js';
import { openSqliteStore } from '../../store/sqlite/sqlite-store.js';
import { CITY_TEST_SCHEME } from '../../test-support/city-test-scheme.js';
import { ACTIONS, describeStores, linesOf, testEngineOn, type TestStoreKind } from '../../test-support/engine.js';
import { startReceiver, type Received } from '../../test-support/webhook-receiver.js';
import { verifyAudit } from '../audit/audit.js';
import { manualClock } from '../clock.js';
import { checkAction, entitle, partyAdd } from '../decisions/check.js';
import type { EngineDeps } from '../deps.js';
import { publishScheme } from '../evaluation/publish.js';
import { sweep } from '../evaluation/sweep.js';
import { importRecords } from '../ingest/ingest.js';
import { retractRecord } from '../ingest/records.js';
import { addAccount } from '../tenancy/accounts.js';
import { addAuthority } from '../tenancy/auth.js';
import { grantAction } from '../tenancy/registry.js';
import {
  addWebhook,
  listWebhooks,
  replayDelivery,
  rotateWebhook,
  setWebhookEnabled,
  webhookDeliveries,
  type WebhookOwner,
} from './endpoints.js';
import { emit } from './events.js';
import { FAN_OUT_ROWS, fanOutStep } from './fan-out.js';
import { isPrivateAddress } from './ssrf.js';
import { backoffMs, RETRY_WINDOW_MS, startDeliveryWorker, type WebhookSettings } from './worker.js';

const DAY = 86_400_000;
const T0 = Date.parse('2026-03-01T00:00:00Z');
const OPERATOR: WebhookOwner = { type: 'operator' };
const SETTINGS: WebhookSettings = { key: 'k'.repeat(40), allowPrivate: true, timeoutMs: 300, random: () => 0.5 };

let receiver: Awaited<ReturnType<typeof startReceiver>>;
beforeEach(async () => {
  receiver = await startReceiver();
});
afterEach(async () => {
  await receiver.close();
});

async function setUp(kind: TestStoreKind) {
  const deps = await testEngineOn(kind, T0);
  await addAuthority(deps, { name: 'city', kind: 'government' });
  await grantAction(deps, 'city', 'flight.board');
  await publishScheme(deps, CITY_TEST_SCHEME);
  await addAccount(deps, { name: 'rita', authority: 'city', roles: ['reporter'] });
  for (const p of ['skyways', 'railco']) {
    await partyAdd(deps, p);
    await entitle(deps, p, 'flight.board');
  }
  return deps;
}

async function jaywalk(deps: EngineDeps, key: string, subject = 'person:pat'): Promise<void> {
  const raw = {
    key,
    authority: 'city',
    subject,
    kind: 'traffic.jaywalking',
    occurredAt: new Date(deps.clock.now()).toISOString(),
  };
  const r = await importRecords(deps, linesOf([raw]), { submittedBy: 'rita', onlyAuthority: 'city' });
  expect(r.rejected).toBe(0);
}

const board = (deps: EngineDeps, party: string, subject = 'person:pat') =>
  checkAction(deps, { subject, action: 'flight.board', party });

/** The receiver's requests to one path, each verified with the standardwebhooks package, as parsed bodies. */
function verified(path: string, secret: string): { type: string; subject: string; data: Record<string, unknown> }[] {
  return receiver.received
    .filter((r: Received) => r.path === path)
    .map((r) => {
      const headers = {
        'webhook-id': String(r.headers['webhook-id']),
        'webhook-timestamp': String(r.headers['webhook-timestamp']),
        'webhook-signature': String(r.headers['webhook-signature']),
      };
      return new Webhook(secret).verify(r.body, headers) as {
        type: string;
        subject: string;
        data: Record<string, unknown>;
      };
    });
}

describeStores('webhooks', (kind) => {
  it('tells every event through the outbox, signed (Standard Webhooks), and a relying party only sanction events about subjects it checked, with no score, grade or record; the subject learns who was told', async () => {
    const deps = await setUp(kind);
    const url = receiver.url;
    const op = await addWebhook(deps, SETTINGS, OPERATOR, { url: `${url}/op`, events: ['*'] });
    const sky = await addWebhook(deps, SETTINGS, OPERATOR, { url: `${url}/sky`, events: ['*'], party: 'skyways' });
    const rail = await addWebhook(deps, SETTINGS, OPERATOR, { url: `${url}/rail`, events: ['*'], party: 'railco' });
    const worker = startDeliveryWorker(deps, SETTINGS, false);

    await board(deps, 'skyways'); // before any listing: within skyways' retention period
    await jaywalk(deps, 'J-1');
    await jaywalk(deps, 'J-2');
    deps.clock.advance(13 * DAY); // received by default after 2 days, window of 10 days passes
    await sweep(deps);
    await board(deps, 'skyways'); // while in force: denied
    await board(deps, 'railco', 'person:someone-else');
    await retractRecord(deps, { authority: 'city', key: 'J-1', reason: 'wrong person' });
    await worker.drain();

    const all = verified('/op', op.secret);
    expect(all.map((e) => e.type)).toEqual([
      'listing.noticed',
      'notice.issued',
      'listing.active',
      'sanction.in-force',
      'record.retracted',
      'listing.ended',
      'sanction.lifted',
    ]);
    const party = verified('/sky', sky.secret);
    expect(party.map((e) => e.type)).toEqual(['sanction.in-force', 'sanction.lifted']);
    for (const e of party) {
      expect(e.subject).toBe('person:pat');
      expect(Object.keys(e.data).sort()).toEqual(
        e.type === 'sanction.lifted' ? ['actions', 'liftedAt', 'listing'] : ['actions', 'listing', 'since'],
      );
    }
    const bodies = receiver.received.filter((r) => r.path === '/sky').map((r) => r.body);
    for (const b of bodies) expect(b).not.toMatch(/score|grade|"key"|record|J-1|J-2/);
    // railco checked someone else only: it hears nothing about pat.
    expect(receiver.received.filter((r) => r.path === '/rail')).toEqual([]);
    // A signature made with another endpoint's secret does not verify.
    expect(() => verified('/sky', rail.secret)).toThrow();
    // The subject is told who was told.
    const inbox = await deps.store.transaction((tx) => tx.messagesOf('person:pat'));
    expect(inbox.find((m) => m.kind === 'sanction-lifted')?.body).toMatchObject({ told: ['skyways'] });
    // The delivery log: delivered, one attempt, a latency.
    const log = await webhookDeliveries(deps, OPERATOR, sky.endpoint.id);
    expect(log.map((d) => [d.eventType, d.state, d.attempts, d.lastStatus])).toEqual([
      ['sanction.lifted', 'delivered', 1, '200'],
      ['sanction.in-force', 'delivered', 1, '200'],
    ]);
    expect(log[0]!.lastLatencyMs).toBeGreaterThanOrEqual(0);
    await worker.stop();
    await deps.store.close();
  });

  it('an event exists if and only if its change committed: a transaction that fails after emitting leaves neither event nor delivery', async () => {
    const deps = await setUp(kind);
    await addWebhook(deps, SETTINGS, OPERATOR, { url: `${receiver.url}/op`, events: ['*'] });
    await expect(
      deps.store.transaction(async (tx) => {
        await emit(tx, { type: 'consent.changed', at: T0, authority: 'city', subject: 'person:pat', data: {} });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await deps.store.transaction((tx) => tx.outboxEvents(0, 100))).toEqual([]);
    const [w] = await listWebhooks(deps, OPERATOR);
    expect(await webhookDeliveries(deps, OPERATOR, w!.id)).toEqual([]);
    await deps.store.close();
  });

  it("emits one row in the change's transaction with 1,000 endpoints; the worker fans it out in steps of at most FAN_OUT_ROWS deliveries, each endpoint once, by the same rule", async () => {
    const deps = await setUp(kind);
    const ids = Array.from({ length: 1000 }, (_, i) => `wh_${String(i).padStart(4, '0')}`);
    const row = (id: string, i: number): WebhookEndpointRow => ({
      id,
      url: `${receiver.url}/many`,
      // Half subscribed to the event, half not; every tenth a relying party's (never told a consent change).
      events: i % 2 === 0 ? ['consent.changed'] : ['record.retracted'],
      party: i % 10 === 0 ? 'skyways' : null,
      authority: null,
      secretGeneration: 1,
      createdAt: T0,
      createdBy: 'operator',
      disabledAt: null,
    });
    await deps.store.transaction(async (tx) => {
      for (const [i, id] of ids.entries()) await tx.insertWebhookEndpoint(row(id, i));
    });
    const deliveries = (tx: Parameters<Parameters<typeof deps.store.transaction>[0]>[0]) =>
      Promise.all(ids.map((id) => tx.deliveriesOf(id, 10).then((d) => d.length)));
    await deps.store.transaction(async (tx) => {
      await emit(tx, { type: 'consent.changed', at: T0, authority: 'city', subject: 'person:pat', data: {} });
      // In the change's transaction: the event, and not one delivery row.
      expect((await tx.outboxEvents(0, 10)).map((e) => e.subject)).toEqual(['person:pat']);
      expect((await deliveries(tx)).every((n) => n === 0)).toBe(true);
    });
    const steps: number[] = [];
    for (let more = true; more; ) {
      const r = await deps.store.transaction((tx) => fanOutStep(tx));
      steps.push(r.written);
      more = r.more;
    }
    expect(steps.every((n) => n <= FAN_OUT_ROWS)).toBe(true);
    expect(steps.length).toBeGreaterThanOrEqual(1000 / FAN_OUT_ROWS);
    const got = await deps.store.transaction((tx) => deliveries(tx));
    // Exactly the endpoints subscribed and in scope, once each.
    expect(got).toEqual(ids.map((_, i) => (i % 2 === 0 && i % 10 !== 0 ? 1 : 0)));
    expect(await deps.store.transaction((tx) => tx.unfannedEvents(10))).toEqual([]);
    await deps.store.close();
  });

  it('caps attempts in flight per endpoint: an endpoint that never answers holds one slot, not all, and the others are delivered meanwhile', async () => {
    const deps = await setUp(kind);
    const settings: WebhookSettings = { ...SETTINGS, timeoutMs: 4000, concurrency: 4, perEndpoint: 1 };
    await addWebhook(deps, settings, OPERATOR, { url: `${receiver.url}/hang`, events: ['consent.changed'] });
    receiver.behave.set('/hang', 'hang');
    const tell = (subject: string) =>
      deps.store.transaction((tx) =>
        emit(tx, { type: 'consent.changed', at: T0, authority: 'city', subject, data: {} }),
      );
    // The hanging endpoint's deliveries come first (earlier ids), one per subject: without a cap they fill every slot.
    for (let s = 0; s < 6; s++) await tell(`person:h${s}`);
    while ((await deps.store.transaction((tx) => fanOutStep(tx))).more);
    await addWebhook(deps, settings, OPERATOR, { url: `${receiver.url}/ok`, events: ['consent.changed'] });
    for (let s = 0; s < 3; s++) await tell(`person:o${s}`);
    const worker = startDeliveryWorker(deps, settings, false);
    const started = Date.now();
    void worker.drain().catch(() => undefined);
    const okCount = () => receiver.received.filter((r) => r.path === '/ok').length;
    while (okCount() < 3 && Date.now() - started < 10_000) await new Promise((r) => setTimeout(r, 20));
    // All three delivered before the first timeout ran out; the hanging endpoint was tried once at a time.
    expect(okCount()).toBe(3);
    expect(Date.now() - started).toBeLessThan(settings.timeoutMs!);
    expect(receiver.received.filter((r) => r.path === '/hang')).toHaveLength(1);
    await worker.stop();
    await deps.store.close();
  });

  it('retries an endpoint that answers 500, times out or redirects, with backoff, without holding up the others; dead-letters after 3 days; replays', async () => {
    const deps = await setUp(kind);
    const url = receiver.url;
    const add = (path: string) =>
      addWebhook(deps, SETTINGS, OPERATOR, { url: `${url}${path}`, events: ['record.retracted'] });
    const ok = await add('/ok');
    const e500 = await add('/500');
    const slow = await add('/slow');
    const moved = await add('/moved');
    receiver.behave.set('/500', 500);
    receiver.behave.set('/slow', 'hang');
    receiver.behave.set('/moved', 302);
    const worker = startDeliveryWorker(deps, SETTINGS, false);
    await jaywalk(deps, 'J-1');
    await retractRecord(deps, { authority: 'city', key: 'J-1', reason: 'mistake' });
    const started = Date.now();
    await worker.drain();
    // The hanging endpoint cost one timeout, not one per other endpoint.
    expect(Date.now() - started).toBeLessThan(3000);
    const last = async (w: { endpoint: { id: string } }) =>
      (await webhookDeliveries(deps, OPERATOR, w.endpoint.id))[0]!;
    expect((await last(ok)).state).toBe('delivered');
    expect(await last(e500)).toMatchObject({
      state: 'pending',
      attempts: 1,
      lastStatus: '500',
      nextAt: T0 + backoffMs(0, () => 0.5),
    });
    expect(await last(slow)).toMatchObject({ state: 'pending', attempts: 1, lastStatus: 'timeout' });
    expect(await last(moved)).toMatchObject({ state: 'pending', attempts: 1, lastStatus: 'redirect 302' });
    // Redirects are not followed.
    expect(receiver.received.some((r) => r.path === '/redirected')).toBe(false);

    // Not due yet: nothing is sent again.
    const before = receiver.received.length;
    await worker.drain();
    expect(receiver.received.length).toBe(before);
    // Due: a second attempt, then a longer wait.
    deps.clock.advance(backoffMs(0, () => 0.5));
    await worker.drain();
    expect(await last(e500)).toMatchObject({ attempts: 2, state: 'pending' });
    expect((await last(e500)).nextAt - deps.clock.now()).toBe(backoffMs(1, () => 0.5));
    await setWebhookEnabled(deps, OPERATOR, slow.endpoint.id, false);
    await setWebhookEnabled(deps, OPERATOR, moved.endpoint.id, false);
    // Keep failing for 3 days: dead letter.
    for (let i = 0; i < 100 && (await last(e500)).state === 'pending'; i++) {
      deps.clock.set((await last(e500)).nextAt);
      await worker.drain();
    }
    const dead = await last(e500);
    expect(dead.state).toBe('dead');
    expect(deps.clock.now() - dead.windowStart).toBeGreaterThanOrEqual(RETRY_WINDOW_MS);
    expect(dead.attempts).toBeGreaterThan(10);
    // The receiver is fixed; the operator replays the dead letter.
    receiver.behave.set('/500', 200);
    const replayed = await replayDelivery(deps, OPERATOR, dead.id);
    expect(replayed.state).toBe('pending');
    await worker.drain();
    expect(await last(e500)).toMatchObject({ state: 'delivered', lastStatus: '200' });
    await worker.stop();
    await deps.store.close();
  });

  it('delivers in order per subject: a later event of a subject waits for the earlier one to that endpoint, other subjects do not', async () => {
    const deps = await setUp(kind);
    const w = await addWebhook(deps, SETTINGS, OPERATOR, { url: `${receiver.url}/ord`, events: ['consent.changed'] });
    const worker = startDeliveryWorker(deps, SETTINGS, false);
    receiver.behave.set('/ord', 500);
    await deps.store.transaction((tx) =>
      emit(tx, { type: 'consent.changed', at: T0, authority: 'city', subject: 'person:a', data: { n: 1 } }),
    );
    await worker.drain();
    receiver.behave.set('/ord', 200);
    await deps.store.transaction(async (tx) => {
      await emit(tx, { type: 'consent.changed', at: T0, authority: 'city', subject: 'person:a', data: { n: 2 } });
      await emit(tx, { type: 'consent.changed', at: T0, authority: 'city', subject: 'person:b', data: { n: 3 } });
    });
    await worker.drain();
    const got = () => verified('/ord', w.secret).map((e) => `${e.subject}:${String(e.data.n)}`);
    // a:1 failed and waits for its retry; a:2 waits behind it; b:3 goes.
    expect(got()).toEqual(['person:a:1', 'person:b:3']);
    deps.clock.advance(DAY);
    await worker.drain();
    await worker.drain();
    expect(got()).toEqual(['person:a:1', 'person:b:3', 'person:a:1', 'person:a:2']);
    await worker.stop();
    await deps.store.close();
  });

  it('refuses private and loopback webhook URLs unless allowed, checking every resolved address, at registration and at delivery', async () => {
    const deps = await setUp(kind);
    const strict = { ...SETTINGS, allowPrivate: false };
    for (const u of [
      `${receiver.url}/x`,
      'http://localhost:9/x',
      'http://10.1.2.3/x',
      'http://[::1]/x',
      'http://[::ffff:192.168.0.1]/x',
      'http://169.254.169.254/latest/meta-data',
      'ftp://example.com/x',
      'http://user:pw@example.com/x',
    ])
      await expect(addWebhook(deps, strict, OPERATOR, { url: u, events: ['*'] })).rejects.toMatchObject({
        code: 'WEBHOOK_URL_REFUSED',
      });
    expect(isPrivateAddress('8.8.8.8')).toBe(false);
    expect(isPrivateAddress('2606:4700::1111')).toBe(false);
    expect(isPrivateAddress('::ffff:10.0.0.1')).toBe(true);
    expect(isPrivateAddress('fd00::1')).toBe(true);
    // Registered while allowed; the server later runs without the switch: the delivery is refused, nothing is sent.
    const w = await addWebhook(deps, SETTINGS, OPERATOR, { url: `${receiver.url}/x`, events: ['*'] });
    const worker = startDeliveryWorker(deps, strict, false);
    await deps.store.transaction((tx) =>
      emit(tx, { type: 'consent.changed', at: T0, authority: 'city', subject: 'person:a', data: {} }),
    );
    await worker.drain();
    expect((await webhookDeliveries(deps, OPERATOR, w.endpoint.id))[0]!.lastStatus).toMatch(
      /^refused: .*private or loopback/,
    );
    expect(receiver.received).toEqual([]);
    await worker.stop();
    await deps.store.close();
  });

  it('scopes endpoints: a party subscribes only to sanction events, owners see only their own endpoints, unknown types and a missing key are refused', async () => {
    const deps = await setUp(kind);
    const url = `${receiver.url}/x`;
    await expect(
      addWebhook(deps, SETTINGS, { type: 'party', party: 'skyways' }, { url, events: ['listing.active'] }),
    ).rejects.toMatchObject({ code: 'WEBHOOK_EVENTS_INVALID' });
    await expect(addWebhook(deps, SETTINGS, OPERATOR, { url, events: ['no.such'] })).rejects.toMatchObject({
      code: 'WEBHOOK_EVENTS_INVALID',
    });
    await expect(addWebhook(deps, { ...SETTINGS, key: null }, OPERATOR, { url, events: ['*'] })).rejects.toMatchObject({
      code: 'WEBHOOK_KEY_MISSING',
    });
    const mine = await addWebhook(
      deps,
      SETTINGS,
      { type: 'party', party: 'skyways' },
      { url, events: ['sanction.lifted'] },
    );
    const city = await addWebhook(
      deps,
      SETTINGS,
      { type: 'authority', authority: 'city', by: 'ada' },
      { url, events: ['*'] },
    );
    expect((await listWebhooks(deps, { type: 'party', party: 'railco' })).length).toBe(0);
    expect((await listWebhooks(deps, { type: 'party', party: 'skyways' })).map((w) => w.id)).toEqual([
      mine.endpoint.id,
    ]);
    await expect(
      setWebhookEnabled(deps, { type: 'party', party: 'railco' }, mine.endpoint.id, false),
    ).rejects.toMatchObject({ code: 'WEBHOOK_NOT_FOUND' });
    await expect(
      rotateWebhook(deps, SETTINGS, { type: 'party', party: 'skyways' }, city.endpoint.id),
    ).rejects.toMatchObject({
      code: 'WEBHOOK_NOT_FOUND',
    });
    const rotated = await rotateWebhook(deps, SETTINGS, { type: 'party', party: 'skyways' }, mine.endpoint.id);
    expect(rotated.secret).not.toBe(mine.secret);
    expect(rotated.endpoint.secretGeneration).toBe(2);
    // The secret is not in the database.
    const stored = JSON.stringify(await deps.store.transaction((tx) => tx.listWebhookEndpoints()));
    expect(stored).not.toContain(mine.secret.slice(6));
    expect(stored).not.toContain(rotated.secret.slice(6));
    await deps.store.close();
  });
});

it('audits endpoint registration, disabling and rotation, and audit verify finds an endpoint changed in the database alone', async () => {
  const path = join(mkdtempSync(join(tmpdir(), 'standing-webhooks-')), 'standing.db');
  const deps: EngineDeps = { store: openSqliteStore(path, { create: true, actions: ACTIONS }), clock: manualClock(T0) };
  await addAuthority(deps, { name: 'city', kind: 'government' });
  const w = await addWebhook(
    deps,
    SETTINGS,
    { type: 'authority', authority: 'city', by: 'ada' },
    {
      url: `${receiver.url}/city`,
      events: ['*'],
    },
  );
  await setWebhookEnabled(deps, OPERATOR, w.endpoint.id, false);
  await setWebhookEnabled(deps, OPERATOR, w.endpoint.id, true);
  await rotateWebhook(deps, SETTINGS, OPERATOR, w.endpoint.id);
  const entries = await deps.store.transaction((tx) => tx.auditEntries('city', 0, 1000));
  expect(
    entries.filter((e) => e.type === 'webhook').map((e) => (JSON.parse(e.payload) as { change: string }).change),
  ).toEqual(['added', 'disabled', 'enabled', 'rotated']);
  expect((await verifyAudit(deps)).ok).toBe(true);
  const db = new Database(path);
  db.prepare("UPDATE webhook_endpoints SET url = 'https://attacker.example/collect'").run();
  db.close();
  const r = await verifyAudit(deps);
  expect(r.ok).toBe(false);
  expect(r.problems[0]).toMatchObject({ table: 'webhook_endpoints' });
  await deps.store.close();
});
