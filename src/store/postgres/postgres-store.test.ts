import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { isStandingError } from '../../core/errors.js';
import { dropSchema, PG_SKIP_REASON, scratchPostgresStore, TEST_PG_URL } from '../../test-support/postgres.js';
import { LATEST_SCHEMA_VERSION } from '../migrations.js';
import { storeContract } from '../store-contract.js';
import { openPostgresStore, redactUrl } from './postgres-store.js';

const url = TEST_PG_URL;

async function withClient<T>(connectionString: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
if (url === undefined) console.warn(`postgres-store.test.ts: skipped, ${PG_SKIP_REASON}`);

describe('PostgreSQL store without a server', () => {
  it('names an unreachable server with DB_UNAVAILABLE and the redacted URL', async () => {
    // Port 1 on the loopback: nothing listens there, so the connection is refused at once.
    const e: unknown = await openPostgresStore('postgres://someone:secret@127.0.0.1:1/standing').catch(
      (x: unknown) => x,
    );
    expect(isStandingError(e) && e.code).toBe('DB_UNAVAILABLE');
    expect(String((e as Error).message)).not.toContain('secret');
    expect(String((e as Error).message)).toContain('127.0.0.1:1');
  });
});

describe.skipIf(url === undefined)(
  `PostgreSQL store${url === undefined ? ` (skipped: ${PG_SKIP_REASON})` : ''}`,
  () => {
    // Each test gets a new schema of STANDING_TEST_PG, dropped afterwards.
    storeContract('postgres', () => scratchPostgresStore(url!));

    const codeOf = (e: unknown) => (isStandingError(e) ? e.code : String(e));

    it('creates a database once, opens it, and refuses to open one that was never created', async () => {
      const schema = `t_open_${process.pid}_${Date.now().toString(36)}`;
      try {
        await expect(openPostgresStore(url!, { schema })).rejects.toSatisfy((e) => codeOf(e) === 'DB_NOT_FOUND');
        const created = await openPostgresStore(url!, {
          schema,
          create: true,
          actions: [{ name: 'flight.board', domain: 'aviation', effect: 'deny' }],
        });
        await created.close();
        await expect(openPostgresStore(url!, { schema, create: true })).rejects.toSatisfy(
          (e) => codeOf(e) === 'DB_EXISTS',
        );
        const store = await openPostgresStore(url!, { schema });
        expect(
          await store.transaction(async (tx) => [
            await tx.getMeta('schema_version'),
            (await tx.listActions()).map((a) => a.name),
          ]),
        ).toEqual([String(LATEST_SCHEMA_VERSION), ['flight.board']]);
        await store.transaction((tx) => tx.ensureAuthorities(['city'], 0));
        await store.close();
        // `replace` (standing demo --force) drops Standing's tables and makes them anew, and leaves other tables alone.
        await withClient(url!, (c) =>
          c.query(`CREATE TABLE ${schema}.not_ours (x int); INSERT INTO ${schema}.not_ours VALUES (7)`),
        );
        const fresh = await openPostgresStore(url!, { schema, create: true, replace: true, actions: [] });
        expect(await fresh.transaction(async (tx) => [await tx.listAuthorities(), await tx.listActions()])).toEqual([
          [],
          [],
        ]);
        await fresh.close();
        expect((await withClient(url!, (c) => c.query(`SELECT x FROM ${schema}.not_ours`))).rows).toEqual([{ x: 7 }]);
      } finally {
        await dropSchema(url!, schema);
      }
    });

    it("skips the deliveries and events another server's open transaction holds, without waiting for it (FOR UPDATE SKIP LOCKED)", async () => {
      const schema = `t_skip_${process.pid}_${Date.now().toString(36)}`;
      const a = await openPostgresStore(url!, { schema, create: true });
      const b = await openPostgresStore(url!, { schema });
      try {
        await a.transaction(async (tx) => {
          for (const id of ['wh_a', 'wh_b'])
            await tx.insertWebhookEndpoint({
              id,
              url: `https://hooks.example.org/${id}`,
              events: ['*'],
              party: null,
              authority: null,
              secretGeneration: 1,
              createdAt: 10,
              createdBy: null,
              disabledAt: null,
            });
          for (const n of [1, 2, 3, 4]) {
            const e = { type: 'consent.changed', at: 100, authority: 'city', schemaVersion: 1, payload: '{}' };
            const seq = await tx.insertOutboxEvent({ ...e, id: `evt_${n}`, subject: `person:${n}`, parties: [] });
            // Events 1 and 2 are fanned out (two deliveries each); 3 and 4 are still to be.
            if (n <= 2) {
              await tx.insertDeliveries(seq, `person:${n}`, ['wh_a', 'wh_b'], 100);
              await tx.setFanOut(seq, 'wh_b', true);
            }
          }
        });
        let release!: () => void;
        const held = new Promise<void>((r) => (release = r));
        let took!: (x: readonly string[]) => void;
        const taken = new Promise<readonly string[]>((r) => (took = r));
        // Server a claims two deliveries and one event to fan out, and keeps its transaction open.
        const first = a.transaction(async (tx) => {
          const claimed = await tx.claimDeliveries(100, 1e9, 2);
          const fanning = await tx.unfannedEvents(1);
          took([...claimed.map((c) => `${c.endpoint.id} ${c.event.id}`), ...fanning.map((e) => e.id)]);
          await held;
        });
        const mine = await taken;
        // Server b meanwhile gets the rest at once: it neither waits for a's locks nor takes a's rows.
        const second = b.transaction(async (tx) => {
          const claimed = await tx.claimDeliveries(100, 1e9, 10);
          const fanning = await tx.unfannedEvents(10);
          return [...claimed.map((c) => `${c.endpoint.id} ${c.event.id}`), ...fanning.map((e) => e.id)];
        });
        const theirs = await Promise.race([second, new Promise<'waited'>((r) => setTimeout(() => r('waited'), 3000))]);
        release();
        await Promise.all([first, second]);
        expect(mine).toEqual(['wh_a evt_1', 'wh_b evt_1', 'evt_3']);
        expect(theirs).toEqual(['wh_a evt_2', 'wh_b evt_2', 'evt_4']);
      } finally {
        await a.close();
        await b.close();
        await dropSchema(url!, schema);
      }
    });

    it('keeps passwords out of its location', () => {
      expect(redactUrl('postgres://ann:secret@db.example:5432/standing')).toBe(
        'postgres://ann:***@db.example:5432/standing',
      );
    });
  },
);
