import { spawn } from 'node:child_process';
import { existsSync, openSync, closeSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import pg from 'pg';
import { fail } from '../../core/errors.js';
import { redactUrl } from './postgres-store.js';

/** Runs a PostgreSQL client tool; BACKUP_FAILED naming it when it is missing or fails. */
async function runTool(tool: string, args: readonly string[]): Promise<void> {
  const child = spawn(tool, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', resolve);
  }).catch((e: unknown) => {
    if ((e as { code?: string }).code === 'ENOENT')
      fail(
        'BACKUP_FAILED',
        `${tool} is not installed: install the PostgreSQL client tools of the server's major version (docs/operations.md)`,
        { field: 'db' },
      );
    throw e;
  });
  // The tools print the URL they were given: its password must not reach the message.
  const said = stderr.replace(/postgres(ql)?:\/\/[^\s"']+/gi, (u) => redactUrl(u)).trim();
  if (code !== 0) fail('BACKUP_FAILED', `${tool} exited with ${code}: ${said}`, { field: 'db' });
}

/** The schema a connection keeps Standing's tables in: its search_path's first (normally `public`). */
async function currentSchema(url: string): Promise<{ schema: string; hasStanding: boolean }> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch (e) {
    fail('DB_UNAVAILABLE', `cannot connect to ${redactUrl(url)}: ${(e as Error).message}`, { field: 'db' });
  }
  try {
    const row = (
      await client.query<{ schema: string | null; has: boolean }>(
        `SELECT current_schema() AS schema, to_regclass('meta') IS NOT NULL AS has`,
      )
    ).rows[0]!;
    return { schema: row.schema ?? 'public', hasStanding: row.has };
  } finally {
    await client.end();
  }
}

/**
 * `standing backup` of a PostgreSQL database: `pg_dump --format=custom` of the schema holding
 * Standing's tables, one consistent snapshot (pg_dump reads in one repeatable-read transaction
 * while the service goes on writing), via `FILE.partial` so a failed dump never looks whole.
 */
export async function backupPostgres(url: string, to: string): Promise<{ bytes: number }> {
  if (existsSync(to))
    fail('BACKUP_FAILED', `${to} already exists; a backup never overwrites a file`, { field: 'file' });
  const { schema, hasStanding } = await currentSchema(url);
  if (!hasStanding) fail('DB_NOT_FOUND', `no Standing database at ${redactUrl(url)}`, { field: 'db' });
  const partial = `${to}.partial`;
  rmSync(partial, { force: true });
  try {
    await runTool('pg_dump', [
      '--format=custom',
      '--no-owner',
      '--no-privileges',
      `--schema=${schema}`,
      '--file',
      partial,
      url,
    ]);
  } catch (e) {
    rmSync(partial, { force: true });
    throw e;
  }
  renameSync(partial, to);
  return { bytes: statSync(to).size };
}

/** Whether a file is a dump in pg_dump's custom format (it starts with "PGDMP"). */
export function isPostgresDump(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(5);
    readSync(fd, head, 0, 5, 0);
    return head.toString('latin1') === 'PGDMP';
  } finally {
    closeSync(fd);
  }
}

/**
 * `standing restore` of a dump into the PostgreSQL database `url` (made beforehand with
 * `createdb`): refused where a Standing database is already there unless `force`, which first
 * drops what the dump holds (`pg_restore --clean`).
 */
export async function restorePostgres(from: string, url: string, force: boolean): Promise<void> {
  if (!existsSync(from)) fail('FILE_NOT_FOUND', `no backup at ${from}`, { field: 'file' });
  if (!isPostgresDump(from)) fail('BACKUP_FAILED', `${from} is not a pg_dump custom-format file`, { field: 'file' });
  const { hasStanding } = await currentSchema(url);
  if (hasStanding && !force)
    fail('DB_EXISTS', `${redactUrl(url)} already holds a Standing database; pass --force to replace it`, {
      field: 'db',
    });
  await runTool('pg_restore', [
    '--no-owner',
    '--no-privileges',
    '--exit-on-error',
    '--single-transaction',
    ...(hasStanding ? ['--clean', '--if-exists'] : []),
    '--dbname',
    url,
    from,
  ]);
}
