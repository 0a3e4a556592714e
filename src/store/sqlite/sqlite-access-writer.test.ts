import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AccessEntry } from '../access-port.js';
import type { Store } from '../store.js';
import { openSqliteStore } from './sqlite-store.js';

const dirs: string[] = [];
function fileStore(): { store: Store; path: string } {
  const dir = mkdtempSync(join(tmpdir(), 'standing-access-writer-'));
  dirs.push(dir);
  const path = join(dir, 'test.db');
  return { store: openSqliteStore(path, { create: true }), path };
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const entry = (i: number): AccessEntry => ({
  subject: `person:p${i % 97}`,
  party: 'skyways',
  action: 'flight.board',
  effect: i % 2 === 0 ? 'deny' : 'allow',
  at: i,
});

describe('SQLite file store: access log written on its own thread (Store.appendAccess)', () => {
  it('is absent for an in-memory database, whose one connection writes the log in `transaction`', async () => {
    const store = openSqliteStore(':memory:');
    expect('appendAccess' in store).toBe(false);
    await store.close();
  });

  it('has every batch committed, in order, and readable on the store, once its promise resolves', async () => {
    const { store } = fileStore();
    const batches = Array.from({ length: 30 }, (_, b) => Array.from({ length: 50 }, (_, i) => entry(b * 50 + i)));
    await Promise.all(batches.map((rows) => store.appendAccess!(rows)));
    expect(await store.read((tx) => tx.countAccess())).toBe(1500);
    const log = await store.transaction((tx) => tx.accessLogOf('person:p3'));
    expect(log.map((e) => e.at)).toEqual(Array.from({ length: 1500 }, (_, i) => i).filter((i) => i % 97 === 3));
    expect(log[0]).toMatchObject({ subject: 'person:p3', party: 'skyways', action: 'flight.board', effect: 'allow' });
    await store.close();
  });

  it('keeps every entry across a close and reopen, past the checkpoints of a long run', async () => {
    const { store, path } = fileStore();
    for (let b = 0; b < 12; b++) await store.appendAccess!(Array.from({ length: 250 }, (_, i) => entry(b * 250 + i)));
    // The store's own transactions go on beside the writer thread.
    await store.transaction((tx) => tx.appendAccess([entry(3000)]));
    await store.close();
    const again = openSqliteStore(path);
    expect(await again.transaction((tx) => tx.countAccess())).toBe(3001);
    await again.close();
  });

  it('answers Store.read with the sanctions in force as a transaction reads them, including what was just committed', async () => {
    const { store } = fileStore();
    const row = (listingId: number, effect: 'deny' | 'limit', limit: Record<string, number> | null) => ({
      listingId,
      subject: 'person:p1',
      action: 'internet.bandwidth',
      effect,
      limit,
      authority: 'telecom',
      scheme: 'abuse',
      list: `l${listingId}`,
      since: 100 + listingId,
    });
    // Read with the version of a listing this test does not make.
    const read = (listingId: number, effect: 'deny' | 'limit', limit: Record<string, number> | null) => ({
      ...row(listingId, effect, limit),
      version: null,
    });
    expect(await store.read((tx) => tx.activeSanctions('person:p1', 'internet.bandwidth'))).toEqual([]);
    await store.transaction(async (tx) => {
      await tx.replaceSanctions(9, [row(9, 'limit', { kbps: 256, 'per-day': 1.5 })]);
      await tx.replaceSanctions(4, [row(4, 'deny', null)]);
    });
    const [viaRead, viaTx] = await Promise.all([
      store.read((tx) => tx.activeSanctions('person:p1', 'internet.bandwidth')),
      store.transaction((tx) => tx.activeSanctions('person:p1', 'internet.bandwidth')),
    ]);
    expect(viaRead).toEqual([read(4, 'deny', null), read(9, 'limit', { kbps: 256, 'per-day': 1.5 })]);
    expect(viaRead).toEqual(viaTx);
    await store.close();
  });

  it('rejects a batch it cannot store, and refuses batches after close', async () => {
    const { store } = fileStore();
    // NOT NULL subject: the insert fails, so the batch (and any check waiting on it) fails.
    await expect(store.appendAccess!([{ ...entry(1), subject: null as unknown as string }])).rejects.toThrow(
      /access log: NOT NULL constraint failed/,
    );
    await store.appendAccess!([entry(2)]);
    // Batches sent together are committed in one transaction; a bad one among them fails alone.
    const together = [[entry(10)], [{ ...entry(11), party: null as unknown as string }], [entry(12), entry(13)]].map(
      (rows) => store.appendAccess!(rows),
    );
    const settled = await Promise.allSettled(together);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((await store.read((tx) => tx.countAccess())) - 1).toBe(3);
    await store.close();
    await expect(store.appendAccess!([entry(3)])).rejects.toThrow(/closed/);
  });
});
