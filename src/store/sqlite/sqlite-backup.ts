import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { fail } from '../../core/errors.js';
import { LATEST_SCHEMA_VERSION } from '../migrations.js';
import { sqliteCheckStorage } from './sqlite-storage.js';

/** How far a copy is: bytes written so far of about `total` (the source's size; a copy is compacted, so often less). */
export type CopyProgress = (written: number, total: number) => void;

// CommonJS, evaluated in a thread so the event loop can report progress while SQLite copies.
// VACUUM INTO reads one snapshot in one read transaction: writers (a running `serve`) go on in
// the WAL meanwhile and the copy is the database as of the instant the read began.
const COPIER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.from, { readonly: true, fileMustExist: true });
db.pragma('busy_timeout = 5000');
try {
  db.prepare('VACUUM INTO ?').run(workerData.to);
  parentPort.postMessage({ ok: true });
} catch (e) {
  parentPort.postMessage({ ok: false, message: e instanceof Error ? e.message : String(e) });
} finally {
  db.close();
}
`;

/** A consistent copy of the SQLite database `from` into a new file `to`, via `to.partial` so a failed copy never looks whole. */
async function copyDatabase(from: string, to: string, onProgress?: CopyProgress): Promise<void> {
  const partial = `${to}.partial`;
  rmSync(partial, { force: true });
  const total = statSync(from).size;
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(COPIER, { eval: true, workerData: { driver, from, to: partial } });
  const timer = onProgress
    ? setInterval(() => onProgress(existsSync(partial) ? statSync(partial).size : 0, total), 200)
    : undefined;
  try {
    const result = await new Promise<{ ok: boolean; message?: string }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the copying thread exited with ${code}`)));
    });
    if (!result.ok) fail('BACKUP_FAILED', `copying ${from} failed: ${result.message}`, { field: 'db' });
  } catch (e) {
    rmSync(partial, { force: true });
    throw e;
  } finally {
    if (timer) clearInterval(timer);
    await worker.terminate();
  }
  onProgress?.(statSync(partial).size, total);
  renameSync(partial, to);
}

/** Checks a copy: whole (integrity_check) and a Standing database this code can open. */
function checkCopy(path: string): void {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const storage = sqliteCheckStorage(db, false);
    if (!storage.ok) fail('DB_CORRUPT', `${path} fails its integrity check: ${storage.problems[0]}`, { field: 'file' });
    const row = db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").get() as
      | { value: string }
      | undefined;
    const version = Number(row?.value);
    if (!Number.isInteger(version) || version < 1 || version > LATEST_SCHEMA_VERSION)
      fail(
        'DB_SCHEMA_MISMATCH',
        `${path} has schema version ${row?.value ?? 'none'}; this Standing reads 1 to ${LATEST_SCHEMA_VERSION}`,
        {
          field: 'file',
        },
      );
  } catch (e) {
    if ((e as { code?: unknown }).code === 'SQLITE_NOTADB' || /no such table: meta/.test(String(e)))
      fail('BACKUP_FAILED', `${path} is not a Standing SQLite database`, { field: 'file' });
    throw e;
  } finally {
    db.close();
  }
}

/** `standing backup` of a SQLite file: a consistent copy while it is served, checked before it is kept. */
export async function backupSqlite(from: string, to: string, onProgress?: CopyProgress): Promise<{ bytes: number }> {
  if (!existsSync(from)) fail('DB_NOT_FOUND', `no database at ${from}`, { field: 'db' });
  if (existsSync(to))
    fail('BACKUP_FAILED', `${to} already exists; a backup never overwrites a file`, { field: 'file' });
  await copyDatabase(from, to, onProgress);
  try {
    checkCopy(to);
  } catch (e) {
    rmSync(to, { force: true });
    throw e;
  }
  return { bytes: statSync(to).size };
}

/**
 * `standing restore` of a SQLite backup into the file `to`: the backup is checked first; an
 * existing database there is replaced only with `force` (stop every process using it first).
 */
export async function restoreSqlite(
  from: string,
  to: string,
  force: boolean,
  onProgress?: CopyProgress,
): Promise<{ bytes: number }> {
  if (!existsSync(from)) fail('FILE_NOT_FOUND', `no backup at ${from}`, { field: 'file' });
  checkCopy(from);
  if (existsSync(to)) {
    if (!force) fail('DB_EXISTS', `${to} already exists; pass --force to replace it with the backup`, { field: 'db' });
  }
  const staged = `${to}.restoring`;
  rmSync(staged, { force: true });
  await copyDatabase(from, staged, onProgress);
  // The old database's WAL and shared memory must not be read as the new one's.
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${to}${suffix}`, { force: true });
  renameSync(staged, to);
  return { bytes: statSync(to).size };
}
