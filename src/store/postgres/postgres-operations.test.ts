import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { isStandingError } from '../../core/errors.js';
import { dropSchema, PG_SKIP_REASON, TEST_PG_URL } from '../../test-support/postgres.js';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../migrations.js';
import { backupPostgres, restorePostgres } from './postgres-backup.js';
import { openPostgresStore } from './postgres-store.js';

const url = TEST_PG_URL;
const dir = mkdtempSync(join(tmpdir(), 'standing-pg-ops-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The URL with its search_path set to `schema`, as an operator's connection would name it. */
function inSchema(base: string, schema: string): string {
  // libpq reads %20, not +, as a space.
  return `${base}${base.includes('?') ? '&' : '?'}options=-c%20search_path%3D${schema}`;
}

async function sql(connectionString: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

const codeOf = (e: unknown): string => (isStandingError(e) ? e.code : String(e));
const unique = (): string => `${process.pid}_${Date.now().toString(36)}`;

describe.skipIf(url === undefined)(
  `PostgreSQL operations${url === undefined ? ` (skipped: ${PG_SKIP_REASON})` : ''}`,
  () => {
    it('backs up with pg_dump and restores into a new database that answers as the original', async () => {
      const schema = `t_backup_${unique()}`;
      const database = `standing_restore_${unique()}`;
      const source = inSchema(url!, schema);
      const target = new URL(url!);
      target.pathname = `/${database}`;
      const targetUrl = inSchema(target.toString(), schema);
      const file = join(dir, 'pg.dump');
      try {
        const store = await openPostgresStore(url!, { schema, create: true });
        await store.transaction(async (tx) => {
          await tx.addParty('airline', 1);
          await tx.appendAccess([
            { subject: 'person:a', party: 'airline', action: 'flight.board', effect: 'allow', at: 2 },
          ]);
        });
        await store.close();
        await backupPostgres(source, file);
        expect(readFileSync(file).subarray(0, 5).toString()).toBe('PGDMP');
        expect(codeOf(await backupPostgres(source, file).catch((e: unknown) => e))).toBe('BACKUP_FAILED');

        await sql(url!, `CREATE DATABASE ${database}`);
        await restorePostgres(file, targetUrl, false);
        const restored = await openPostgresStore(targetUrl);
        try {
          expect(await restored.transaction((tx) => tx.accessLogOf('person:a'))).toMatchObject([
            { party: 'airline', effect: 'allow', at: 2 },
          ]);
          expect(await restored.checkStorage()).toEqual({ ok: true, problems: [] });
        } finally {
          await restored.close();
        }
        expect(codeOf(await restorePostgres(file, targetUrl, false).catch((e: unknown) => e))).toBe('DB_EXISTS');
        await restorePostgres(file, targetUrl, true);
      } finally {
        await dropSchema(url!, schema);
        await sql(url!, `DROP DATABASE IF EXISTS ${database}`);
      }
      expect(existsSync(`${file}.partial`)).toBe(false);
    }, 60_000);

    it('brings a database made with the oldest schema version up to date when it is opened', async () => {
      const schema = `t_oldest_${unique()}`;
      try {
        await sql(url!, `CREATE SCHEMA ${schema}`);
        await sql(
          inSchema(url!, schema),
          `${MIGRATIONS[0]!.postgres}\nINSERT INTO meta(key, value) VALUES ('schema_version', '${MIGRATIONS[0]!.version}');`,
        );
        const store = await openPostgresStore(url!, { schema });
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
        try {
          // Migration 2 makes a second pending dispute of one record impossible.
          expect(
            await store.transaction(async (tx) => [
              await tx.getMeta('schema_version'),
              (await tx.insertDispute(dispute)) !== undefined,
              await tx.insertDispute(dispute),
            ]),
          ).toEqual([String(LATEST_SCHEMA_VERSION), true, undefined]);
          expect(await store.checkStorage()).toEqual({ ok: true, problems: [] });
        } finally {
          await store.close();
        }
      } finally {
        await dropSchema(url!, schema);
      }
    });
  },
);
