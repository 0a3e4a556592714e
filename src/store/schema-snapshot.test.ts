import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { dropSchema, PG_SKIP_REASON, TEST_PG_URL } from '../test-support/postgres.js';
import { type Dialect, LATEST_SCHEMA_VERSION, MIGRATIONS } from './migrations.js';
import { openPostgresStore } from './postgres/postgres-store.js';
import {
  freshPostgresSchema,
  freshSqliteSchema,
  postgresSchemaOf,
  SNAPSHOT_PATHS,
  sqliteSchemaOf,
} from './schema-snapshot.js';
import { openSqliteStore } from './sqlite/sqlite-store.js';
import type { Store } from './store.js';

const url = TEST_PG_URL;
const committed = (dialect: Dialect): string => readFileSync(SNAPSHOT_PATHS[dialect], 'utf8');
const STALE = 'the committed schema snapshot differs from a fresh database: run `npm run schema:snapshot`';

const NOTICED = Date.UTC(2024, 0, 1, 12, 0, 0, 123);
const EFFECT = Date.UTC(2024, 0, 15, 12, 0, 0, 123);

/** Rows of a Standing at schema 1 (its own INSERTs in each dialect): tables that later migrations alter or rebuild. */
function oldestRows(dialect: Dialect): string {
  const roles = dialect === 'sqlite' ? `'["admin"]'` : `'{admin}'`;
  const no = dialect === 'sqlite' ? '0' : 'false';
  return `
INSERT INTO meta(key, value) VALUES ('schema_version', '1');
INSERT INTO authorities(name, created_at) VALUES ('city', 1000);
INSERT INTO accounts(name, authority, roles, subject, created_at) VALUES ('ana', 'city', ${roles}, NULL, 1000);
INSERT INTO api_keys(id, hash, authority, roles, party, label, created_at, last_used_at, revoked_at)
  VALUES ('k1', 'h1', 'city', ${roles}, NULL, 'ops', 1000, NULL, NULL);
INSERT INTO enrolments(code_hash, subject, authority, issued_by, created_at, expires_at, used_at, account)
  VALUES ('c1', 'person:pat', 'city', 'ana', 1000, 2000, NULL, NULL);
INSERT INTO records(id, authority, key, subject, kind, occurred_at, data, evidence, submitted_by, received_at, hash)
  VALUES (1, 'city', 'r-1', 'person:pat', 'fine', 500, '{"amount":10}', NULL, 'ana', 600, 'rh');
INSERT INTO listings(id, authority, scheme, list, list_type, subject, version, state, noticed_at, effect_at, active_since, appealed)
  VALUES (1, 'city', 'parking', 'scofflaws', 'blacklist', 'person:pat', 1, 'active', ${NOTICED}, ${EFFECT}, ${EFFECT}, ${no});
INSERT INTO disputes(id, authority, key, subject, statement, filed_at, filed_by, state)
  VALUES (1, 'city', 'r-1', 'person:pat', 'Not me.', 700, 'pat', 'pending');
`;
}

/** What a store opened on the upgraded database reads back of those rows. */
async function readBack(store: Store) {
  return store.read(async (tx) => ({
    version: await tx.getMeta('schema_version'),
    key: await tx.getApiKey('k1'),
    enrolment: await tx.getEnrolment('c1'),
    record: (await tx.getRecord('city', 'r-1'))?.data,
    listing: await tx.getListing(1),
    dispute: await tx.getDispute(1),
  }));
}

/** Partial rows (toMatchObject): the columns the migrations touched. */
const EXPECTED = {
  version: String(LATEST_SCHEMA_VERSION),
  // Migration 4 added created_by (null: made before it) and rebuilt enrolments.
  key: { id: 'k1', roles: ['admin'], label: 'ops', createdBy: null },
  enrolment: { codeHash: 'c1', authority: 'city', issuedBy: 'ana', usedAt: null },
  record: '{"amount":10}',
  // Migration 6's backfill: received at issue, the default term of P5Y from the effect instant.
  listing: {
    state: 'active',
    receivedAt: NOTICED,
    term: 'P5Y',
    termEndsAt: Date.UTC(2029, 0, 15, 12, 0, 0, 123),
  },
  // Migration 8: no stored deadline for a dispute filed before it.
  dispute: { key: 'r-1', state: 'pending', deadlineAt: null, overdueAt: null },
};

describe('schema snapshot', () => {
  it('a fresh SQLite database has the committed schema (src/store/migrations/sqlite.schema.sql)', async () => {
    expect(await freshSqliteSchema(), STALE).toBe(committed('sqlite'));
  });

  it('a SQLite database made by migration 1, with rows, is upgraded to the committed schema and keeps its rows', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'standing-oldest-'));
    try {
      const path = join(dir, 'oldest.db');
      const old = new Database(path);
      old.exec(MIGRATIONS[0]!.sqlite);
      old.exec(oldestRows('sqlite'));
      old.close();
      const store = openSqliteStore(path);
      try {
        expect(await readBack(store)).toMatchObject(EXPECTED);
      } finally {
        await store.close();
      }
      const db = new Database(path, { readonly: true });
      try {
        expect(sqliteSchemaOf(db)).toBe(committed('sqlite'));
      } finally {
        db.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe.skipIf(url === undefined)(`on PostgreSQL${url === undefined ? ` (skipped: ${PG_SKIP_REASON})` : ''}`, () => {
    it('a fresh PostgreSQL database has the committed schema (src/store/migrations/postgres.schema.sql)', async () => {
      expect(await freshPostgresSchema(url!), STALE).toBe(committed('postgres'));
    });

    it('a PostgreSQL database made by migration 1, with rows, is upgraded to the committed schema and keeps its rows', async () => {
      const schema = `t_oldest_rows_${process.pid}_${Date.now().toString(36)}`;
      const client = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
      await client.connect();
      try {
        await client.query(`CREATE SCHEMA ${schema}`);
        await client.query(MIGRATIONS[0]!.postgres);
        await client.query(oldestRows('postgres'));
        const store = await openPostgresStore(url!, { schema });
        try {
          expect(await readBack(store)).toMatchObject(EXPECTED);
        } finally {
          await store.close();
        }
        expect(await postgresSchemaOf(client)).toBe(committed('postgres'));
      } finally {
        await client.end();
        await dropSchema(url!, schema);
      }
    });
  });
});
