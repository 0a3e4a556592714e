import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAccount } from '../engine/tenancy/accounts.js';
import { createApiKey, setPassword } from '../engine/tenancy/auth.js';
import { entitle, partyAdd } from '../engine/decisions/check.js';
import { fixedClock } from '../engine/clock.js';
import { importRecords } from '../engine/ingest/ingest.js';
import { publishScheme } from '../engine/evaluation/publish.js';
import { grantAction } from '../engine/tenancy/registry.js';
import { setDisputeDeadline } from '../engine/due-process/dispute-deadlines.js';
import { openPostgresStore } from '../store/postgres/postgres-store.js';
import { ACTIONS, linesOf } from '../test-support/engine.js';
import {
  call,
  createFleetDatabase,
  fleetNow,
  runCli,
  shuffled,
  startCli,
  startFleetServer,
  waitFor,
  type FleetClock,
  type FleetDatabase,
  type FleetServer,
  type Reply,
} from '../test-support/fleet.js';
import { PG_SKIP_REASON, TEST_PG_URL } from '../test-support/postgres.js';

// Many servers, one truth (issue 6): real `standing serve` processes of the compiled bin
// (`npm run build` first) on one PostgreSQL database, sharing one fast clock.

const pgUrl = TEST_PG_URL;
if (pgUrl === undefined) console.warn(`fleet.test.ts: skipped, ${PG_SKIP_REASON}`);

const DAY = 86_400_000;
const START = Date.parse('2026-06-01T00:00:00Z');
/** Two days of Standing time a real second: a P10D appeal window passes in five seconds. */
const RATE = 172_800;

const SCHEME = `
scheme: fleet
authority: city
context: civic
subjects: [person]
score: { base: 100 }
grades: [{ id: A, min: 80 }, { id: C, min: 40 }, { id: D }]
rules:
  - { id: jaywalking, when: 'record.kind == "traffic.jaywalking"', points: -40, lapse: P1Y }
lists:
  - id: air-travel-ban
    type: blacklist
    when: subject.grade == "D"
    sanctions:
      - { action: flight.board, effect: deny, justification: Repeated offences restrict air travel, basis: Regulation 7 art. 9 }
  - id: good-standing
    type: redlist
    when: subject.grade == "A"
    sanctions:
      - { action: rental.deposit, effect: waive }
`;

const pad = (i: number, n = 4): string => String(i).padStart(n, '0');
const iso = (t: number): string => new Date(t).toISOString();
const jaywalk = (key: string, subject: string, at: number) => ({
  key,
  subject,
  kind: 'traffic.jaywalking',
  occurredAt: iso(at),
});
const bearer = (secret: string): string => `Bearer ${secret}`;
const chunks = <T>(xs: readonly T[], n: number): T[][] =>
  Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, i * n + n));

/** W subjects qualify and stay; L subjects qualify and their records lapse (P1Y after they occurred) after their appeal windows passed. */
const W = Array.from({ length: 600 }, (_, i) => `person:w-${pad(i)}`);
const L = Array.from({ length: 200 }, (_, i) => `person:l-${pad(i)}`);
const yearBefore = (t: number): number => {
  const d = new Date(t);
  d.setUTCFullYear(d.getUTCFullYear() - 1);
  return d.getTime();
};
/** The records, with the L ones lapsing at `lapse`. */
const firstRecords = (lapse: number) => [
  ...W.flatMap((s, i) => [jaywalk(`W-${pad(i)}-0`, s, START - 2 * DAY), jaywalk(`W-${pad(i)}-1`, s, START - DAY)]),
  ...L.flatMap((s, i) => [
    jaywalk(`L-${pad(i)}-0`, s, yearBefore(lapse)),
    jaywalk(`L-${pad(i)}-1`, s, yearBefore(lapse)),
  ]),
];

type BatchReply = Reply<{ results: { index: number; status: string }[]; errors: unknown[] }>;

describe.skipIf(pgUrl === undefined)(
  `a fleet of standing serve processes on one PostgreSQL database${pgUrl === undefined ? ` (skipped: ${PG_SKIP_REASON})` : ''}`,
  () => {
    let db: FleetDatabase;
    let clock: FleetClock;
    /** Three servers on the fast clock, sweeping every second. */
    let fleet: FleetServer[] = [];
    /** A fourth on a real-time clock (its sweeps lag the fleet's and do nothing): the one killed, and the key-cache probe. */
    let slow: FleetServer;
    let reporter: string;
    let airline: string;
    let spareParty: { id: string; secret: string };
    /** Rounds of ten new subjects written while the audit log is verified. */
    let loadRounds = 0;
    /**
     * When the L subjects' records lapse: 60 days of Standing time (30 s) after they are submitted, so after their
     * windows pass (12 days after noticing) unless the machine is slow to derive them; the test checks either order.
     */
    let lapse: number;
    const workDir = mkdtempSync(join(tmpdir(), 'standing-fleet-'));

    const sql = async <R extends Record<string, unknown>>(text: string, params: unknown[] = []): Promise<R[]> =>
      (await db.sql.query<R>(text, params)).rows;
    const count = async (text: string, params: unknown[] = []): Promise<number> =>
      Number((await sql<{ n: string }>(text, params))[0]!.n);
    /** Waits until no subject is left to derive: a dirty mark disappears only when the sweep that took it commits. */
    const settled = (timeoutMs = 20_000): Promise<true> =>
      waitFor(
        'every dirty subject derived',
        async () => ((await count('SELECT count(*) AS n FROM dirty_subjects')) === 0 ? true : undefined),
        timeoutMs,
      );
    const check = (server: FleetServer, subject: string, secret = airline) =>
      call<{ effect: string }>(server.url, 'POST', '/v1/checks', bearer(secret), { subject, action: 'flight.board' });

    beforeAll(async () => {
      db = await createFleetDatabase(pgUrl!);
      const store = await openPostgresStore(db.url, { create: true, actions: ACTIONS });
      const deps = { store, clock: fixedClock(START) };
      try {
        await grantAction(deps, 'city', 'flight.board');
        await grantAction(deps, 'city', 'rental.deposit');
        // The fleet's clock runs 12 hours in a quarter of a second: a P30D dispute deadline would pass
        // within 15 seconds, and the disputed record (W-0000-0) stop counting, ending w-0000's listing.
        await setDisputeDeadline(deps, 'city', 'P1000Y');
        await publishScheme(deps, SCHEME);
        await partyAdd(deps, 'airline');
        await entitle(deps, 'airline', 'flight.board');
        airline = (await createApiKey(deps, { party: 'airline' })).secret;
        spareParty = await createApiKey(deps, { party: 'airline', label: 'revoked in the test' });
        reporter = (await createApiKey(deps, { authority: 'city', roles: ['reporter'] })).secret;
        // Reviewers are people signed in (REVIEWER_MUST_BE_HUMAN): a reviewer's account, not a key.
        await addAccount(deps, { name: 'vic', roles: ['reviewer'], authority: 'city' });
        await setPassword(deps, 'vic', 'correct horse battery');
        await addAccount(deps, { name: 'pat', roles: ['subject'], subject: W[0]! });
        await setPassword(deps, 'pat', 'correct horse battery');
      } finally {
        await store.close();
      }
      clock = { start: START, origin: Date.now(), rate: RATE };
      fleet = await Promise.all([0, 1, 2].map(() => startFleetServer(db.url, clock)));
      slow = await startFleetServer(db.url, { start: fleetNow(clock), origin: Date.now(), rate: 1 });
    }, 180_000);

    afterAll(async () => {
      const codes = await Promise.all([...fleet, slow].filter((s) => s !== undefined).map((s) => s.stop()));
      await db?.drop();
      rmSync(workDir, { recursive: true, force: true });
      // Every server that was not killed shuts down cleanly.
      expect(codes.slice(0, fleet.length)).toEqual(fleet.map(() => 0));
    }, 180_000);

    it('stores each record once when overlapping batches reach different servers at once, reporting the others as duplicates', async () => {
      // Every record goes to all three servers, in a different order each, four batches per server, all at once.
      lapse = fleetNow(clock) + 60 * DAY;
      const records = firstRecords(lapse);
      const posts = fleet.flatMap((s, k) => chunks(shuffled(records, k + 1), 400).map((batch) => ({ s, batch })));
      const replies = await Promise.all(
        posts.map(
          ({ s, batch }) =>
            call(s.url, 'POST', '/v1/records', bearer(reporter), { records: batch }) as Promise<BatchReply>,
        ),
      );
      expect(replies.map((r) => r.status)).toEqual(posts.map(() => 200));
      const outcomes = new Map<string, string[]>();
      replies.forEach((r, i) => {
        expect(r.body.errors).toEqual([]);
        for (const { index, status } of r.body.results) {
          const key = posts[i]!.batch[index]!.key;
          outcomes.set(key, [...(outcomes.get(key) ?? []), status]);
        }
      });
      expect(outcomes.size).toBe(records.length);
      for (const [key, seen] of outcomes)
        expect([key, seen.sort()]).toEqual([key, ['duplicate', 'duplicate', 'inserted']]);
      expect(await count('SELECT count(*) AS n FROM records')).toBe(records.length);
    }, 180_000);

    it('opens exactly one listing with one notice per qualification, however many servers evaluate the subject', async () => {
      // The same new records posted to every server at the same moment, while CLI sweeps run too.
      const race = Array.from({ length: 50 }, (_, i) => `person:r-${pad(i)}`);
      const raceRecords = race.flatMap((s, i) => [
        jaywalk(`R-${pad(i)}-0`, s, START - DAY),
        jaywalk(`R-${pad(i)}-1`, s, START - DAY + 60_000),
      ]);
      const at = fleetNow(clock);
      const sweeps = [startCli(['sweep'], db.url, at), startCli(['sweep'], db.url, at)];
      const replies = await Promise.all(
        fleet.map((s) => call(s.url, 'POST', '/v1/records', bearer(reporter), { records: raceRecords })),
      );
      expect(replies.map((r) => r.status)).toEqual([200, 200, 200]);
      for (const s of await Promise.all(sweeps.map((p) => p.done))) expect(s.code, s.stderr).toBe(0);

      // And subjects marked dirty by one import, which every process then sweeps at once.
      const late = Array.from({ length: 300 }, (_, i) => `person:s-${pad(i)}`);
      const store = await openPostgresStore(db.url);
      try {
        await importRecords(
          { store, clock: fixedClock(fleetNow(clock)) },
          linesOf(
            late.flatMap((s, i) => [
              { ...jaywalk(`S-${pad(i)}-0`, s, START - DAY), authority: 'city' },
              { ...jaywalk(`S-${pad(i)}-1`, s, START - DAY / 2), authority: 'city' },
            ]),
          ),
          { deferDerive: true },
        );
      } finally {
        await store.close();
      }
      const now = fleetNow(clock);
      const swept = await Promise.all([0, 1, 2].map(() => runCli(['sweep'], db.url, now)));
      for (const s of swept) expect(s.code, s.stderr).toBe(0);
      await settled();

      const qualifying = [...W, ...L, ...race, ...late];
      const listings = await sql<{ subject: string; list: string; n: string }>(
        `SELECT subject, list, count(*) AS n FROM listings GROUP BY subject, list`,
      );
      expect(
        listings
          .filter((l) => l.list === 'air-travel-ban')
          .map((l) => [l.subject, Number(l.n)])
          .sort(),
      ).toEqual(qualifying.map((s) => [s, 1]).sort());
      const notices = await sql<{ listing: string; n: string }>(
        `SELECT l.id AS listing, count(m.id) AS n FROM listings l LEFT JOIN messages m ON m.listing_id = l.id AND m.kind = 'notice' GROUP BY l.id`,
      );
      expect(notices.filter((n) => Number(n.n) !== 1)).toEqual([]);
      const opened = await sql<{ listing: string; n: string }>(
        `SELECT payload::json->>'listing' AS listing, count(*) AS n FROM audit_entries WHERE type = 'listing' AND payload::json->>'from' IS NULL GROUP BY 1`,
      );
      expect(opened).toHaveLength(notices.length);
      expect(opened.filter((o) => Number(o.n) !== 1)).toEqual([]);
    }, 180_000);

    it('files one dispute when the subject disputes the same record through several processes at once', async () => {
      // Six requests to one server at once and two CLI processes. (Sessions last 12 hours of Standing time, a quarter of a second on
      // the fleet's clock: the subject signs in on the server that keeps real time.)
      const signIn = await call<{ token: string }>(slow.url, 'POST', '/v1/sessions', null, {
        account: 'pat',
        password: 'correct horse battery',
      });
      expect(signIn.status).toBe(201);
      const at = fleetNow(clock);
      const cli = [0, 1].map(() =>
        startCli(
          ['dispute', 'W-0000-0', '--authority', 'city', '--statement', 'It was not me.', '--as', 'pat'],
          db.url,
          at,
        ),
      );
      const http = await Promise.all(
        Array.from({ length: 6 }, () =>
          call<{ code?: string }>(
            slow.url,
            'POST',
            '/v1/records/city/W-0000-0/disputes',
            `Session ${signIn.body.token}`,
            { statement: 'It was not me.' },
          ),
        ),
      );
      const runs = await Promise.all(cli.map((p) => p.done));
      const won = [...http.map((r) => r.status === 201), ...runs.map((r) => r.code === 0)];
      expect(won.filter(Boolean)).toHaveLength(1);
      // The others are told a dispute is open already.
      for (const r of http) if (r.status !== 201) expect([r.status, r.body.code]).toEqual([409, 'DISPUTE_EXISTS']);
      for (const r of runs) if (r.code !== 0) expect(r.stderr).toContain('DISPUTE_EXISTS');
      expect(await count(`SELECT count(*) AS n FROM disputes WHERE key = 'W-0000-0'`)).toBe(1);
    });

    it('keeps every audit chain unbroken under concurrent writers: audit verify passes while the servers keep writing', async () => {
      // Every server takes new records (which qualify: listings, notices) the whole time three verifications run.
      let writing = true;
      // The verifications start once a first round is in: they then run while later rounds write.
      let firstRound: () => void = () => undefined;
      const started = new Promise<void>((resolve) => (firstRound = resolve));
      const load = (async () => {
        while (writing) {
          const round = loadRounds++;
          const batch = Array.from({ length: 10 }, (_, i) => `person:v-${pad(round)}-${i}`).flatMap((s) => [
            jaywalk(`${s}/0`, s, START - DAY),
            jaywalk(`${s}/1`, s, START - DAY),
          ]);
          const replies = await Promise.all(
            fleet.map((s, k) =>
              call(s.url, 'POST', '/v1/records', bearer(reporter), { records: shuffled(batch, k + 1) }),
            ),
          );
          expect(replies.map((r) => r.status)).toEqual([200, 200, 200]);
          firstRound();
        }
      })();
      try {
        await Promise.race([started, load]);
        const runs = await Promise.all([0, 1, 2].map(() => runCli(['audit', 'verify'], db.url, fleetNow(clock))));
        for (const r of runs) {
          expect(r.code, (r.stdout + r.stderr).slice(0, 4000)).toBe(0);
          expect(r.stdout).toContain('audit log verified');
        }
      } finally {
        writing = false;
        await load;
      }
      expect(loadRounds).toBeGreaterThan(1);
    }, 180_000);

    it('runs every time-driven step exactly once across servers: each window passes once, each lapse ends its listing once', async () => {
      // Besides each server's own sweep every second, make all of them sweep at the same moments:
      // a batch of no records sweeps too, and so do CLI processes.
      let hammering = true;
      const hammer = (async () => {
        let round = 0;
        while (hammering) {
          const now = fleetNow(clock);
          const extra =
            round % 10 === 0 ? [startCli(['sweep'], db.url, now).done, startCli(['sweep'], db.url, now).done] : [];
          const replies = await Promise.all(
            fleet.map((s) => call(s.url, 'POST', '/v1/records', bearer(reporter), { records: [] })),
          );
          expect(replies.map((r) => r.status)).toEqual([200, 200, 200]);
          for (const s of await Promise.all(extra)) expect(s.code, s.stderr).toBe(0);
          round++;
        }
      })();
      try {
        await waitFor(
          'every window and lapse to pass',
          async () => {
            if (fleetNow(clock) < lapse + DAY) return undefined;
            const pending = await count(
              `SELECT count(*) AS n FROM listings WHERE (list = 'air-travel-ban' AND subject LIKE 'person:l-%' AND state <> 'ended') OR (list = 'air-travel-ban' AND subject NOT LIKE 'person:l-%' AND state = 'noticed')`,
            );
            return pending === 0 ? true : undefined;
          },
          120_000,
          200,
        );
      } finally {
        hammering = false;
        await hammer;
      }

      const entries = await sql<{ listing: string; from: string | null; to: string; reason: string; at: string }>(
        `SELECT payload::json->>'listing' AS listing, payload::json->>'from' AS from, payload::json->>'to' AS to, payload::json->>'reason' AS reason, at FROM audit_entries WHERE type = 'listing' ORDER BY chain, seq`,
      );
      const paths = new Map<string, string[]>();
      for (const e of entries) paths.set(e.listing, [...(paths.get(e.listing) ?? []), `${e.from ?? '∅'}→${e.to}`]);
      const listings = await sql<{
        id: string;
        subject: string;
        list: string;
        state: string;
        effect_at: string;
        ended_at: string | null;
      }>('SELECT id, subject, list, state, effect_at, ended_at FROM listings');
      const messages = await sql<{ listing: string; kinds: string }>(
        `SELECT listing_id AS listing, string_agg(kind, ',' ORDER BY id) AS kinds FROM messages WHERE listing_id IS NOT NULL GROUP BY listing_id`,
      );
      const kindsOf = new Map(messages.map((m) => [String(m.listing), m.kinds]));
      let windows = 0;
      let lapses = 0;
      let lateNotices = 0;
      for (const l of listings) {
        const id = String(l.id);
        const path = paths.get(id);
        const kinds = kindsOf.get(id);
        if (l.list === 'good-standing') {
          // Qualified by the lapse itself: opened by a time-driven step, once.
          expect([l.subject, path, kinds]).toEqual([l.subject, ['∅→active'], 'notice']);
        } else if (l.subject.startsWith('person:l-')) {
          if (Number(l.effect_at) < lapse) {
            expect([l.subject, path, kinds, Number(l.ended_at)]).toEqual([
              l.subject,
              ['∅→noticed', 'noticed→active', 'active→ended'],
              // The subject is told who was told of the lifted sanctions, once, then of the end.
              'notice,listing-active,sanction-lifted,listing-ended',
              lapse,
            ]);
            windows++;
          } else {
            // Noticed so late (a loaded machine derives slowly on this fast clock) that the records lapsed
            // before the window passed: the listing ends unenforced, once, and nothing was in force to lift.
            expect([l.subject, path, kinds, Number(l.ended_at)]).toEqual([
              l.subject,
              ['∅→noticed', 'noticed→ended'],
              'notice,listing-ended',
              lapse,
            ]);
            lateNotices++;
          }
          lapses++;
        } else {
          expect([l.subject, path, kinds]).toEqual([
            l.subject,
            ['∅→noticed', 'noticed→active'],
            'notice,listing-active',
          ]);
          windows++;
        }
      }
      if (lateNotices > 0)
        console.warn(`fleet.test.ts: ${lateNotices} of ${L.length} lapses came before their windows`);
      expect(windows + lateNotices).toBe(W.length + L.length + 50 + 300 + 10 * loadRounds);
      expect(lapses).toBe(L.length);
      expect(
        listings
          .filter((l) => l.list === 'good-standing')
          .map((l) => l.subject)
          .sort(),
      ).toEqual([...L].sort());
    }, 180_000);

    it('reflects a change made on one server in the decisions of another within a second', async () => {
      const [, b] = fleet as [FleetServer, FleetServer, FleetServer];
      const subject = W[0]!;
      const [listing] = await sql<{ id: string }>(
        `SELECT id FROM listings WHERE subject = $1 AND list = 'air-travel-ban'`,
        [subject],
      );
      expect((await check(b, subject)).body.effect).toBe('deny');
      // The subject appeals late (from the CLI: a session would last a quarter of a second on this clock);
      // a reviewer overturns on another server than the one asked below.
      const appealed = await runCli(
        ['appeal', String(listing!.id), '--statement', 'I was not there.', '--as', 'pat'],
        db.url,
        fleetNow(clock),
      );
      expect(appealed.code, appealed.stderr).toBe(0);
      const [appeal] = await sql<{ id: string }>('SELECT id FROM appeals WHERE listing_id = $1', [listing!.id]);
      // The reviewer signs in on the real-time server (a session on the fast clock would last a quarter of a second) and decides there.
      const session = await call<{ token: string }>(slow.url, 'POST', '/v1/sessions', null, {
        account: 'vic',
        password: 'correct horse battery',
      });
      expect(session.status).toBe(201);
      const decided = await call(
        slow.url,
        'POST',
        `/v1/appeals/${appeal!.id}/decision`,
        `Session ${session.body.token}`,
        {
          outcome: 'overturn',
          reasons: 'The camera was faulty.',
        },
      );
      expect(decided.status).toBe(200);
      const t0 = Date.now();
      const effect = await waitFor(
        'an allow on another server',
        async () => ((await check(b, subject)).body.effect === 'allow' ? 'allow' : undefined),
        1000,
        20,
      );
      expect([effect, Date.now() - t0 < 1000]).toEqual(['allow', true]);
    });

    it('refuses a revoked API key on every server within a second, though they cache keys for five', async () => {
      // The slow server runs on a real-time clock, so its key cache holds for 5 s of real time.
      expect((await check(slow, W[1]!, spareParty.secret)).status).toBe(200);
      const revoked = await runCli(['key', 'revoke', '--', spareParty.id], db.url, fleetNow(clock));
      expect(revoked.code, revoked.stderr).toBe(0);
      const t0 = Date.now();
      const status = await waitFor(
        'the revoked key refused',
        async () => {
          const s = (await check(slow, W[1]!, spareParty.secret)).status;
          return s === 401 ? s : undefined;
        },
        1000,
        20,
      );
      expect([status, Date.now() - t0 < 1000]).toEqual([401, true]);
    });

    it('loses nothing when a server is killed in the middle of record batches: each batch is all or nothing, and resubmitting completes the set', async () => {
      const subjects = Array.from({ length: 12_000 }, (_, i) => `person:k-${pad(i, 5)}`);
      const batches = chunks(
        subjects.map((s, i) => jaywalk(`K-${pad(i, 5)}`, s, START - DAY)),
        1000,
      );
      const inFlight = batches.map((batch) =>
        call(slow.url, 'POST', '/v1/records', bearer(reporter), { records: batch }).catch((e: unknown) => e),
      );
      await waitFor(
        'the first batch to commit',
        async () => ((await count(`SELECT count(*) AS n FROM records WHERE key LIKE 'K-%'`)) > 0 ? true : undefined),
        20_000,
        10,
      );
      await slow.kill();
      await Promise.all(inFlight);
      const stored = await sql<{ key: string }>(`SELECT key FROM records WHERE key LIKE 'K-%'`);
      const have = new Set(stored.map((r) => r.key));
      const committed = batches.filter((b) => b.every((r) => have.has(r.key)));
      // Each batch is one transaction: all of it or none of it.
      expect(batches.filter((b) => b.some((r) => have.has(r.key)) && !b.every((r) => have.has(r.key)))).toEqual([]);
      expect(committed.length).toBeGreaterThan(0);
      expect(committed.length).toBeLessThan(batches.length);
      // Whatever committed carries its dirty mark or is derived already.
      expect(
        await count(
          `SELECT count(*) AS n FROM (SELECT subject FROM records WHERE key LIKE 'K-%' EXCEPT SELECT subject FROM dirty_subjects EXCEPT SELECT subject FROM subject_states) AS lost`,
        ),
      ).toBe(0);

      const again = await Promise.all(
        batches.map(
          (batch, i) =>
            call(fleet[i % 3]!.url, 'POST', '/v1/records', bearer(reporter), { records: batch }) as Promise<BatchReply>,
        ),
      );
      expect(again.map((r) => r.status)).toEqual(batches.map(() => 200));
      const statuses = again.flatMap((r) => r.body.results.map((x) => x.status));
      expect(statuses.filter((s) => s === 'duplicate')).toHaveLength(committed.length * 1000);
      expect(statuses.filter((s) => s === 'inserted')).toHaveLength(subjects.length - committed.length * 1000);
    }, 180_000);

    it('loses nothing when a CLI import is killed between its batches, and a second run completes it', async () => {
      const n = 30_000;
      const file = join(workDir, 'import.ndjson');
      writeFileSync(
        file,
        Array.from({ length: n }, (_, i) =>
          JSON.stringify(jaywalk(`I-${pad(i, 5)}`, `person:i-${pad(i, 5)}`, START - DAY)),
        ).join('\n') + '\n',
      );
      const first = startCli(['import', file, '--authority', 'city'], db.url, fleetNow(clock));
      await waitFor(
        'the first import batch to commit',
        async () => ((await count(`SELECT count(*) AS n FROM records WHERE key LIKE 'I-%'`)) > 0 ? true : undefined),
        30_000,
        10,
      );
      first.child.kill('SIGKILL');
      await first.done;
      const kept = await count(`SELECT count(*) AS n FROM records WHERE key LIKE 'I-%'`);
      // Batches of 10,000 lines, each one transaction.
      expect(kept % 10_000).toBe(0);
      expect(kept).toBeLessThan(n);
      expect(
        await count(
          `SELECT count(*) AS n FROM (SELECT subject FROM records WHERE key LIKE 'I-%' EXCEPT SELECT subject FROM dirty_subjects EXCEPT SELECT subject FROM subject_states) AS lost`,
        ),
      ).toBe(0);
      const second = await runCli(['import', file, '--authority', 'city'], db.url, fleetNow(clock));
      expect(second.code, second.stderr).toBe(0);
      expect(second.stderr).toContain(`${n - kept} records imported, ${kept} already present, 0 rejected`);
      expect(await count(`SELECT count(*) AS n FROM records WHERE key LIKE 'I-%'`)).toBe(n);

      await settled(30_000);
      // Every subject of every batch, killed or not, was derived.
      expect(
        await count(
          `SELECT count(DISTINCT r.subject) AS n FROM records r JOIN subject_states s ON s.subject = r.subject WHERE r.key LIKE 'I-%' OR r.key LIKE 'K-%'`,
        ),
      ).toBe(n + 12_000);
      const verified = await runCli(['audit', 'verify'], db.url, fleetNow(clock));
      expect(verified.code, (verified.stdout + verified.stderr).slice(0, 4000)).toBe(0);
    }, 180_000);

    it('logged no failed sweep and no server error on any server', () => {
      for (const s of [...fleet, slow]) {
        const bad = s
          .log()
          .split('\n')
          .filter((line) => line.includes('"level":50') || line.includes('"level":60'));
        expect(bad).toEqual([]);
      }
    });
  },
);
