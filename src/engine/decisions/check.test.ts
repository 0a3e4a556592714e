import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Effect } from '../../core/scheme-types.js';
import type { StandingError } from '../../core/errors.js';
import type { ActiveSanctionRow } from '../../store/due-process-port.js';
import type { ReadTx, Store, StoreTx } from '../../store/store.js';
import { openSqliteStore } from '../../store/sqlite/sqlite-store.js';
import { ACTIONS, testEngine } from '../../test-support/engine.js';
import { createAccessLogWriter } from './access-log-writer.js';
import { accessLog, checkAction, entitle, partyAdd } from './check.js';
import { fixedClock } from '../clock.js';
import type { EngineDeps } from '../deps.js';

const ALICE = 'person:alice';
const BOB = 'person:bob';

function sanction(
  listingId: number,
  subject: string,
  action: string,
  effect: Effect,
  limit: Record<string, number> | null = null,
): ActiveSanctionRow {
  return {
    listingId,
    subject,
    action,
    effect,
    limit,
    authority: 'court',
    scheme: 'debtors',
    list: `list-${listingId}`,
    since: Date.parse('2026-05-01T00:00:00Z'),
  };
}

async function put(deps: EngineDeps, ...rows: ActiveSanctionRow[]): Promise<void> {
  await deps.store.transaction(async (tx) => {
    for (const r of rows) await tx.replaceSanctions(r.listingId, [r]);
  });
}

async function setup(): Promise<EngineDeps> {
  const deps = testEngine();
  await partyAdd(deps, 'skyways');
  await entitle(deps, 'skyways', 'flight.board');
  await entitle(deps, 'skyways', 'internet.bandwidth');
  await entitle(deps, 'skyways', 'rental.deposit');
  return deps;
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return (e as StandingError).code;
  }
  return 'no error';
}

const count = (deps: EngineDeps): Promise<number> => deps.store.transaction((tx) => tx.countAccess());

describe('checkAction', () => {
  it('denies with the deny as the only reason, and logs the check', async () => {
    const deps = await setup();
    await put(deps, sanction(10, ALICE, 'flight.board', 'deny'), sanction(11, ALICE, 'rail.high_speed.board', 'deny'));
    const r = await checkAction(deps, { subject: ALICE, action: 'flight.board', party: 'skyways' });
    expect(r).toEqual({
      subject: ALICE,
      action: 'flight.board',
      party: 'skyways',
      at: '2026-06-01T00:00:00.000Z',
      decision: expect.stringMatching(/^[0-9a-f-]{36}$/) as unknown,
      // The sanctions are written straight to the store here, with no listing behind them.
      schemes: [],
      effect: 'deny',
      limit: null,
      reasons: [
        {
          list: 'list-10',
          scheme: 'debtors',
          authority: 'court',
          listing: 10,
          since: '2026-05-01T00:00:00.000Z',
          effect: 'deny',
          appeal: '/v1/listings/10/appeal',
        },
      ],
    });
    expect(await accessLog(deps, ALICE)).toEqual([
      {
        id: 1,
        subject: ALICE,
        party: 'skyways',
        action: 'flight.board',
        effect: 'deny',
        at: Date.parse('2026-06-01T00:00:00Z'),
        decision: r.decision,
      },
    ]);
  });

  it('combines limits to the most restrictive, privileges, and allow', async () => {
    const deps = await setup();
    await put(
      deps,
      sanction(1, ALICE, 'internet.bandwidth', 'limit', { kbps: 512 }),
      sanction(2, ALICE, 'internet.bandwidth', 'limit', { kbps: 256 }),
      sanction(3, ALICE, 'rental.deposit', 'waive'),
    );
    const limit = await checkAction(deps, { subject: ALICE, action: 'internet.bandwidth', party: 'skyways' });
    expect(limit).toMatchObject({ effect: 'limit', limit: { kbps: 256 } });
    expect(limit.reasons.map((x) => x.listing)).toEqual([1, 2]);
    expect(await checkAction(deps, { subject: ALICE, action: 'rental.deposit', party: 'skyways' })).toMatchObject({
      effect: 'waive',
      limit: null,
    });
    expect(await checkAction(deps, { subject: BOB, action: 'flight.board', party: 'skyways' })).toMatchObject({
      effect: 'allow',
      reasons: [],
    });
    expect((await accessLog(deps, ALICE)).map((e) => e.effect)).toEqual(['limit', 'waive']);
    expect((await accessLog(deps, BOB)).map((e) => e.effect)).toEqual(['allow']);
  });

  it('answers the operator (party null) about any registered action, logged as operator', async () => {
    const deps = await setup();
    await put(deps, sanction(5, ALICE, 'education.enroll', 'deny'));
    expect((await checkAction(deps, { subject: ALICE, action: 'education.enroll', party: null })).effect).toBe('deny');
    expect((await accessLog(deps, ALICE)).map((e) => e.party)).toEqual(['operator']);
  });

  it('refuses an action the party is not entitled to, logging the attempt as refused', async () => {
    const deps = await setup();
    await put(deps, sanction(5, ALICE, 'education.enroll', 'deny'));
    expect(await codeOf(checkAction(deps, { subject: ALICE, action: 'education.enroll', party: 'skyways' }))).toBe(
      'NOT_ENTITLED',
    );
    expect((await accessLog(deps, ALICE)).map((e) => [e.party, e.action, e.effect])).toEqual([
      ['skyways', 'education.enroll', 'refused'],
    ]);
  });

  it('refuses malformed requests without logging them', async () => {
    const deps = await setup();
    expect(await codeOf(checkAction(deps, { subject: ALICE, action: 'flight.board', party: 'nobody' }))).toBe(
      'PARTY_NOT_FOUND',
    );
    expect(await codeOf(checkAction(deps, { subject: ALICE, action: 'space.launch', party: 'skyways' }))).toBe(
      'ACTION_UNKNOWN',
    );
    expect(await codeOf(checkAction(deps, { subject: ALICE, action: 'space.launch', party: null }))).toBe(
      'ACTION_UNKNOWN',
    );
    expect(await codeOf(checkAction(deps, { subject: 'alice', action: 'flight.board', party: 'skyways' }))).toBe(
      'SUBJECT_INVALID',
    );
    expect(await count(deps)).toBe(0);
  });

  it('manages parties and entitlements', async () => {
    const deps = await setup();
    expect(await codeOf(partyAdd(deps, 'skyways'))).toBe('PARTY_EXISTS');
    expect(await codeOf(partyAdd(deps, 'operator'))).toBe('PARTY_INVALID');
    expect(await codeOf(partyAdd(deps, 'Sky Ways'))).toBe('PARTY_INVALID');
    expect(await codeOf(entitle(deps, 'nobody', 'flight.board'))).toBe('PARTY_NOT_FOUND');
    expect(await codeOf(entitle(deps, 'skyways', 'space.launch'))).toBe('ACTION_UNKNOWN');
    expect(await entitle(deps, 'skyways', 'flight.board')).toBe(false);
    const parties = await deps.store.transaction((tx) => tx.listParties());
    expect(parties).toEqual([
      {
        name: 'skyways',
        createdAt: deps.clock.now(),
        actions: ['flight.board', 'internet.bandwidth', 'rental.deposit'],
      },
    ]);
  });

  it('logs one entry per answered check, newest last', async () => {
    const deps = await setup();
    for (let i = 0; i < 5; i++) {
      await checkAction(deps, { subject: ALICE, action: 'flight.board', party: 'skyways' });
      (deps.clock as ReturnType<typeof testEngine>['clock']).advance(1000);
    }
    const log = await accessLog(deps, ALICE);
    expect(log).toHaveLength(5);
    expect(log.map((e) => e.at)).toEqual([...log.map((e) => e.at)].sort((a, b) => a - b));
    expect(log[4]!.at - log[0]!.at).toBe(4000);
  });
});

/** A store that counts appendAccess calls and can be told to fail them. */
function spyStore(inner: Store): Store & { appends: number[]; failAppends: boolean } {
  const spy = {
    appends: [] as number[],
    failAppends: false,
    location: inner.location,
    close: () => inner.close(),
    checkStorage: (o?: { quick?: boolean }) => inner.checkStorage(o),
    snapshot<T>(fn: (tx: ReadTx) => Promise<T>): Promise<T> {
      return inner.snapshot(fn);
    },
    read<T>(fn: (tx: ReadTx) => Promise<T>): Promise<T> {
      return inner.read(fn);
    },
    transaction<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
      return inner.transaction((tx) =>
        fn({
          ...tx,
          appendAccess: async (rows) => {
            if (spy.failAppends) throw new Error('disk full');
            spy.appends.push(rows.length);
            return tx.appendAccess(rows);
          },
        }),
      );
    },
  };
  return spy;
}

describe('checkAction: what the next check sees', () => {
  it('answers a party just entitled, though it refused it a moment before (refusals are not cached)', async () => {
    const deps = await setup();
    await put(deps, sanction(5, ALICE, 'education.enroll', 'deny'));
    expect(await codeOf(checkAction(deps, { subject: ALICE, action: 'education.enroll', party: 'skyways' }))).toBe(
      'NOT_ENTITLED',
    );
    await entitle(deps, 'skyways', 'education.enroll');
    expect((await checkAction(deps, { subject: ALICE, action: 'education.enroll', party: 'skyways' })).effect).toBe(
      'deny',
    );
    expect((await accessLog(deps, ALICE)).map((e) => e.effect)).toEqual(['refused', 'deny']);
  });

  it('sees a new sanction, and the end of one, at the next check of an entitled party', async () => {
    const deps = await setup();
    expect((await checkAction(deps, { subject: ALICE, action: 'flight.board', party: 'skyways' })).effect).toBe(
      'allow',
    );
    await put(deps, sanction(7, ALICE, 'flight.board', 'deny'));
    expect((await checkAction(deps, { subject: ALICE, action: 'flight.board', party: 'skyways' })).effect).toBe('deny');
    await deps.store.transaction((tx) => tx.replaceSanctions(7, []));
    expect((await checkAction(deps, { subject: ALICE, action: 'flight.board', party: 'skyways' })).effect).toBe(
      'allow',
    );
  });

  it('sees an entitlement and a sanction written by another connection to the same file (another process, on SQLite)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'standing-check-'));
    try {
      const path = join(dir, 'check.db');
      const clock = fixedClock(Date.parse('2026-06-01T00:00:00Z'));
      const server = { store: openSqliteStore(path, { create: true, actions: ACTIONS }), clock };
      await partyAdd(server, 'skyways');
      await entitle(server, 'skyways', 'flight.board');
      const writer = createAccessLogWriter(server.store);
      const deps = { ...server, accessLogWriter: writer };
      const other = { store: openSqliteStore(path), clock };
      expect((await checkAction(deps, { subject: ALICE, action: 'flight.board', party: 'skyways' })).effect).toBe(
        'allow',
      );
      expect(await codeOf(checkAction(deps, { subject: ALICE, action: 'rental.deposit', party: 'skyways' }))).toBe(
        'NOT_ENTITLED',
      );
      await entitle(other, 'skyways', 'rental.deposit');
      await put(other, sanction(3, ALICE, 'flight.board', 'deny'), sanction(4, ALICE, 'rental.deposit', 'waive'));
      expect((await checkAction(deps, { subject: ALICE, action: 'flight.board', party: 'skyways' })).effect).toBe(
        'deny',
      );
      expect((await checkAction(deps, { subject: ALICE, action: 'rental.deposit', party: 'skyways' })).effect).toBe(
        'waive',
      );
      await writer.close();
      expect((await accessLog(other, ALICE)).map((e) => e.effect)).toEqual(['allow', 'refused', 'deny', 'waive']);
      await other.store.close();
      await server.store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('checkAction with the group-commit writer', () => {
  it('commits 200 concurrent checks together and logs every one', async () => {
    const base = await setup();
    await put(base, sanction(1, ALICE, 'flight.board', 'deny'));
    const store = spyStore(base.store);
    const writer = createAccessLogWriter(store);
    const deps = { ...base, store, accessLogWriter: writer };
    const subjects = Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? ALICE : `person:p${i}`));
    const results = await Promise.all(
      subjects.map((subject) => checkAction(deps, { subject, action: 'flight.board', party: 'skyways' })),
    );
    expect(results.filter((r) => r.effect === 'deny')).toHaveLength(100);
    expect(await count(base)).toBe(200);
    expect(store.appends.reduce((a, b) => a + b, 0)).toBe(200);
    // Group commit: far fewer transactions than checks.
    expect(store.appends.length).toBeLessThan(10);
    expect(await accessLog(base, ALICE)).toHaveLength(100);
    await writer.close();
  });

  it('splits batches at maxBatch, one commit at a time, and drains what queued meanwhile', async () => {
    const base = await setup();
    const store = spyStore(base.store);
    const writer = createAccessLogWriter(store, { maxBatch: 64, maxDelayMs: 60_000 });
    const entry = { subject: ALICE, party: 'skyways', action: 'flight.board', effect: 'allow' } as const;
    await Promise.all(Array.from({ length: 130 }, (_, i) => writer.write({ ...entry, at: i })));
    expect(store.appends).toEqual([64, 64, 2]);
    expect((await accessLog(base, ALICE)).map((e) => e.at)).toEqual(Array.from({ length: 130 }, (_, i) => i));
    // Below maxBatch the entry would wait a minute for company; flush commits it now.
    const late = writer.write({ ...entry, at: 130 });
    await writer.flush();
    await late;
    expect(store.appends).toEqual([64, 64, 2, 1]);
    await writer.close();
    await expect(writer.write({ ...entry, at: 0 })).rejects.toThrow(/closed/);
  });

  it('does not answer a check whose log entry could not be stored', async () => {
    const base = await setup();
    const store = spyStore(base.store);
    store.failAppends = true;
    const deps = { ...base, store, accessLogWriter: createAccessLogWriter(store) };
    await expect(checkAction(deps, { subject: ALICE, action: 'flight.board', party: 'skyways' })).rejects.toThrow(
      'disk full',
    );
    // The same holds without the writer: the entry shares the check's transaction.
    await expect(
      checkAction({ ...base, store }, { subject: ALICE, action: 'flight.board', party: 'skyways' }),
    ).rejects.toThrow('disk full');
    expect(await count(base)).toBe(0);
  });

  it('logs a refusal through the writer before refusing', async () => {
    const base = await setup();
    const writer = createAccessLogWriter(base.store);
    const deps = { ...base, accessLogWriter: writer };
    expect(await codeOf(checkAction(deps, { subject: ALICE, action: 'education.enroll', party: 'skyways' }))).toBe(
      'NOT_ENTITLED',
    );
    expect((await accessLog(base, ALICE)).map((e) => e.effect)).toEqual(['refused']);
    await writer.close();
  });
});
