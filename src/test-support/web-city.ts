import { DEFAULT_ATTEMPT_LIMITS } from '../http/attempt-limits.js';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { actingAs, addAccount } from '../engine/tenancy/accounts.js';
import { fileAppeal } from '../engine/due-process/appeals.js';
import { createApiKey, setPassword } from '../engine/tenancy/auth.js';
import { systemClock } from '../engine/clock.js';
import type { EngineDeps } from '../engine/deps.js';
import { importRecords } from '../engine/ingest/ingest.js';
import { seedCity } from '../engine/seed/city.js';
import { startServer, type RunningServer } from '../http/server.js';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import { ACTIONS, linesOf } from './engine.js';

const MANY = { max: 100_000, windowMs: 60_000 };

/** The password every account of the web city signs in with. */
export const WEB_PASSWORD = 'correct horse battery';

export interface WebCity {
  readonly url: string;
  readonly server: RunningServer;
  /** The engine the server runs on (a test writes events through it). */
  readonly deps: EngineDeps;
  /** A relying party key of the airline (flight.board). */
  readonly airlineKey: string;
  /** A subject with a fresh city notice it has not appealed, and its account. */
  readonly appellant: { readonly subject: string; readonly account: string; readonly listing: number };
  /** Another such subject, who reads Standing in Simplified Chinese (its account: li). */
  readonly reader: { readonly subject: string; readonly account: string; readonly listing: number };
  /** A case resting on records the account `rita` submitted: the four-eyes rule bars her from deciding it. */
  readonly conflict: { readonly subject: string; readonly appeal: number; readonly reviewer: string };
  close(): Promise<void>;
}

function exampleSchemes(): string[] {
  const dir = new URL('../../examples/', import.meta.url);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => readFileSync(new URL(f, dir), 'utf8'));
}

/**
 * The seed city (SPEC §11) at a small size in a temporary SQLite file, served on
 * 127.0.0.1 with the real clock, plus what the browser tests need: passwords for the
 * staff accounts, a subject account with an open notice, a reviewer who submitted the
 * records of another case, and an airline key.
 */
export async function startWebCity(options: { persons?: number; port?: number } = {}): Promise<WebCity> {
  const dir = mkdtempSync(join(tmpdir(), 'standing-web-'));
  const store = openSqliteStore(join(dir, 'city.db'), { create: true, actions: ACTIONS });
  const deps: EngineDeps = { store, clock: systemClock };
  const persons = options.persons ?? 2000;
  const seeded = await seedCity(deps, {
    persons,
    businesses: Math.max(1, Math.round(persons / 20)),
    seed: 7,
    schemes: exampleSchemes(),
  });
  for (const a of seeded.accounts) if (a.subject === null) await setPassword(deps, a.name, WEB_PASSWORD);

  // A fresh notice of the city that nobody appealed yet.
  const noticed = await store.transaction((tx) => tx.listingsOfState('noticed', 100_000));
  const open = noticed.filter(
    (l) =>
      l.authority === 'city' && l.listType === 'blacklist' && !l.appealed && l.effectAt > deps.clock.now() + 3_600_000,
  );
  const taken = new Set(seeded.accounts.map((a) => a.subject));
  const pick = open.find((l) => !taken.has(l.subject)) ?? open[0];
  if (!pick) throw new Error('the seed city holds no open city notice to appeal');
  const appellant = { subject: pick.subject, account: 'pat', listing: pick.id };
  await addAccount(deps, { name: 'pat', roles: ['subject'], subject: pick.subject });
  await setPassword(deps, 'pat', WEB_PASSWORD);

  // Rita reports and reviews for the city; four severe violations she submitted put a new subject on a list.
  await addAccount(deps, { name: 'rita', authority: 'city', roles: ['reporter', 'reviewer'] });
  await setPassword(deps, 'rita', WEB_PASSWORD);
  const conflictSubject = 'person:990000000000000042';
  const now = deps.clock.now();
  const violations = [1, 2, 3, 4].map((i) => ({
    key: `RITA-${i}`,
    authority: 'city',
    subject: conflictSubject,
    kind: 'traffic.violation',
    occurredAt: new Date(now - i * 7 * 86_400_000).toISOString(),
    data: { severity: 10 },
    evidence: `https://records.example/city/rita-${i}`,
  }));
  await importRecords(deps, linesOf(violations), { submittedBy: 'rita' });
  const [listing] = (await store.transaction((tx) => tx.listingsOfSubject(conflictSubject))).filter(
    (l) => l.state === 'noticed',
  );
  if (!listing) throw new Error('the conflict subject was not noticed');
  await addAccount(deps, { name: 'sam', roles: ['subject'], subject: conflictSubject });
  const appeal = await fileAppeal(deps, {
    listing: listing.id,
    statement: 'These four violations are one camera fault repeated.',
    as: await actingAs(deps, 'sam'),
  });

  // Li reads Standing in Simplified Chinese: four severe violations put a new subject on a city list, noticed, not appealed.
  const readerSubject = 'person:990000000000000043';
  await importRecords(
    deps,
    linesOf(
      [1, 2, 3, 4].map((i) => ({
        key: `LI-${i}`,
        authority: 'city',
        subject: readerSubject,
        kind: 'traffic.violation',
        occurredAt: new Date(now - i * 5 * 86_400_000).toISOString(),
        data: { severity: 10 },
      })),
    ),
    { submittedBy: 'rita' },
  );
  const [readerListing] = (await store.transaction((tx) => tx.listingsOfSubject(readerSubject))).filter(
    (l) => l.state === 'noticed',
  );
  if (!readerListing) throw new Error('the Chinese reader was not noticed');
  const reader = { subject: readerSubject, account: 'li', listing: readerListing.id };
  await addAccount(deps, { name: 'li', roles: ['subject'], subject: readerSubject });
  await setPassword(deps, 'li', WEB_PASSWORD);

  // Late appeals of listings already in force: their deadline has passed, so the queue holds overdue cases.
  const active = await store.transaction((tx) => tx.listingsOfState('active', 100_000));
  const late = active
    .filter((l) => l.authority === 'city' && l.listType === 'blacklist' && !l.appealed && !taken.has(l.subject))
    .slice(0, 3);
  for (const [i, l] of late.entries()) {
    await addAccount(deps, { name: `late-${i}`, roles: ['subject'], subject: l.subject });
    await fileAppeal(deps, {
      listing: l.id,
      statement: 'I was never told of this listing.',
      as: await actingAs(deps, `late-${i}`),
    });
  }

  const { secret } = await createApiKey(deps, { party: 'airline', label: 'web e2e' });
  // Webhooks on, loopback receivers allowed: the webhooks page's test runs its receiver on 127.0.0.1.
  const server = await startServer(deps, {
    port: options.port ?? 0,
    host: '127.0.0.1',
    sweepSeconds: 30,
    webhooks: { key: 'web-city-webhook-key-0123456789abcdef', allowPrivate: true, pollMs: 200 },
    // The browser tests sign the same demo accounts in far more often than a person would; the
    // limits themselves are tested at the edge (src/http/edge.test.ts).
    edge: { attemptLimits: { ...DEFAULT_ATTEMPT_LIMITS, signInPerAccount: MANY, signInPerAddress: MANY } },
    // Nor are they load tests: on a machine loaded by the rest of the suite the event loop may lag past the
    // shedding bound, and a page would show 503 OVERLOADED (load shedding is tested in src/http/load-shed.test.ts).
    loadShed: { maxInFlight: 0, maxEventLoopDelayMs: 0, retryAfterSeconds: 1 },
  });
  return {
    url: server.url,
    server,
    deps,
    airlineKey: secret,
    appellant,
    reader,
    conflict: { subject: conflictSubject, appeal: appeal.id, reviewer: 'rita' },
    async close() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
