import { cpSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DIALECTS, LATEST_SCHEMA_VERSION, loadMigrations, MIGRATIONS, MIGRATIONS_DIR } from './migrations.js';
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

  it('are read from one file per step and dialect, executed as the file has it', () => {
    for (const dialect of DIALECTS) {
      const files = readdirSync(join(MIGRATIONS_DIR, dialect)).sort();
      expect(files).toHaveLength(MIGRATIONS.length);
      expect(files.map((f) => readFileSync(join(MIGRATIONS_DIR, dialect, f), 'utf8'))).toEqual(
        MIGRATIONS.map((m) => m[dialect]),
      );
    }
  });

  it('refuse to load with a gap, a stray file or steps the two dialects do not share', () => {
    const dir = mkdtempSync(join(tmpdir(), 'standing-migrations-'));
    const copy = (): void => {
      rmSync(dir, { recursive: true, force: true });
      for (const d of DIALECTS) cpSync(join(MIGRATIONS_DIR, d), join(dir, d), { recursive: true });
    };
    try {
      copy();
      expect(loadMigrations(dir)).toEqual(MIGRATIONS);
      rmSync(join(dir, 'sqlite', readdirSync(join(dir, 'sqlite')).sort()[1]!));
      expect(() => loadMigrations(dir)).toThrow(/expected migration 2 here/);
      copy();
      writeFileSync(join(dir, 'postgres', 'notes.txt'), '');
      expect(() => loadMigrations(dir)).toThrow(/a migration is named NNNN-words.sql/);
      copy();
      const last = readdirSync(join(dir, 'postgres')).sort().at(-1)!;
      renameSync(join(dir, 'postgres', last), join(dir, 'postgres', last.replace(/^(\d{4})-.*/, '$1-other-name.sql')));
      expect(() => loadMigrations(dir)).toThrow(/is .* in sqlite, other name in postgres/);
      copy();
      writeFileSync(join(dir, 'sqlite', `${String(MIGRATIONS.length + 1).padStart(4, '0')}-only-here.sql`), '');
      expect(() => loadMigrations(dir)).toThrow(/only here in sqlite, missing in postgres/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('ship with the build: dist/store/migrations holds the same files (scripts/copy-migrations.mjs)', () => {
    const dist = join(MIGRATIONS_DIR, '../../../dist/store/migrations');
    for (const dialect of DIALECTS) {
      const files = readdirSync(join(MIGRATIONS_DIR, dialect)).sort();
      expect(readdirSync(join(dist, dialect)).sort(), 'run `npm run build`').toEqual(files);
      for (const f of files)
        expect(readFileSync(join(dist, dialect, f), 'utf8')).toBe(
          readFileSync(join(MIGRATIONS_DIR, dialect, f), 'utf8'),
        );
    }
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
