import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from './migrations.js';
import { openSqliteStore } from './sqlite/sqlite-store.js';

/** Table name → column names, and index names, of one dialect's DDL (enough of a parse for our own DDL). */
function shape(ddl: string): { tables: Record<string, string[]>; indexes: string[] } {
  const tables: Record<string, string[]> = {};
  for (const m of ddl.matchAll(/CREATE TABLE (?:IF NOT EXISTS )?(\w+) \(([\s\S]*?)\n?\)(?: WITHOUT ROWID)?;/g)) {
    const cols = m[2]!
      .split(/,(?![^(]*\))/)
      .map((c) => c.trim().split(/\s+/)[0]!)
      .filter((c) => c !== '' && !['PRIMARY', 'CHECK', 'UNIQUE', 'FOREIGN', '--'].includes(c));
    tables[m[1]!] = cols.sort();
  }
  const indexes = [...ddl.matchAll(/CREATE (?:UNIQUE )?INDEX (?:IF NOT EXISTS )?(\w+)/g)].map((m) => m[1]!).sort();
  return { tables, indexes };
}

describe('migrations', () => {
  it('are numbered 1, 2, 3… in order', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
  });

  it.each(MIGRATIONS.map((m) => [m.version, m.name, m] as const))(
    '%i %s makes the same tables, columns and indexes in SQLite and PostgreSQL',
    (_v, _n, m) => {
      const sqlite = shape(m.sqlite);
      expect(Object.keys(sqlite.tables).length + sqlite.indexes.length).toBeGreaterThan(0);
      expect(shape(m.postgres)).toEqual(sqlite);
    },
  );

  it('brings a SQLite database made by an older Standing up to date when it is opened', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'standing-migrate-'));
    try {
      const path = join(dir, 'old.db');
      const old = new Database(path);
      old.exec(MIGRATIONS[0]!.sqlite);
      old.prepare("INSERT INTO meta(key, value) VALUES ('schema_version', '1')").run();
      old.close();
      const store = openSqliteStore(path);
      const dispute = {
        authority: 'city',
        key: 'k-1',
        subject: 'person:pat',
        statement: 'Not me.',
        filedAt: 1,
        filedBy: 'pat',
        state: 'pending',
        decidedBy: null,
        decidedAt: null,
        reasons: null,
        deadlineAt: null,
        overdueAt: null,
      } as const;
      expect(
        await store.transaction(async (tx) => [
          await tx.getMeta('schema_version'),
          (await tx.insertDispute(dispute)) !== undefined,
          await tx.insertDispute(dispute),
        ]),
      ).toEqual([String(LATEST_SCHEMA_VERSION), true, undefined]);
      await store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('moves the notices an older Standing kept in the inbox into typed rows, the inbox reading the same', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'standing-migrate-'));
    try {
      const path = join(dir, 'old.db');
      const old = new Database(path);
      for (const m of MIGRATIONS.filter((x) => x.version < 19)) old.exec(m.sqlite);
      old.prepare("INSERT INTO meta(key, value) VALUES ('schema_version', '18')").run();
      const notice = {
        listing: 4,
        subject: 'person:pat',
        authority: 'city',
        scheme: 'conduct',
        version: 3,
        list: { id: 'blacklist', title: 'Bad', type: 'blacklist', condition: 'true' },
        noticedAt: '2026-03-01T08:00:00.125Z',
        effectAt: '2026-03-11T08:00:00Z',
        effectProvisional: true,
        termEndsAt: null,
        appeal: { until: '2026-03-11T08:00:00Z', how: 'appeal' },
      };
      const insert = old.prepare(
        'INSERT INTO messages(subject, kind, listing_id, authority, at, body) VALUES (?, ?, ?, ?, ?, ?)',
      );
      insert.run('person:pat', 'notice', 4, 'city', Date.parse(notice.noticedAt), JSON.stringify(notice));
      insert.run('person:pat', 'appeal-received', 4, 'city', 2, '{"x":1}');
      old.close();
      const store = openSqliteStore(path);
      const [found, inbox] = await store.transaction(async (tx) => [
        await tx.noticeOf(4),
        await tx.messagesOf('person:pat'),
      ]);
      expect(found).toMatchObject({
        listingId: 4,
        scheme: 'conduct',
        version: 3,
        list: 'blacklist',
        noticedAt: Date.parse('2026-03-01T08:00:00.125Z'),
        effectAt: Date.parse('2026-03-11T08:00:00Z'),
        effectProvisional: true,
        termEndsAt: null,
        appealUntil: Date.parse('2026-03-11T08:00:00Z'),
        body: notice,
      });
      expect(inbox.map((m) => [m.kind, m.body])).toEqual([
        ['notice', notice],
        ['appeal-received', { x: 1 }],
      ]);
      await store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
