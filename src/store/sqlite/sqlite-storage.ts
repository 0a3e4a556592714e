import type Database from 'better-sqlite3';
import type { StorageCheck } from '../store.js';

/** Problems listed at most: a badly damaged file reports one line per broken page. */
const MAX_PROBLEMS = 100;

/** SQLite's own check of a file: every page, record and (without `quick`) that each index matches its table. */
export function sqliteCheckStorage(db: Database.Database, quick: boolean): StorageCheck {
  try {
    const pragma = `${quick ? 'quick_check' : 'integrity_check'}(${MAX_PROBLEMS})`;
    const rows = db.pragma(pragma) as Record<string, string>[];
    const problems = rows.map((r) => Object.values(r)[0] ?? '').filter((m) => m !== 'ok');
    return { ok: problems.length === 0, problems };
  } catch (e) {
    // A file damaged enough fails the check itself ("database disk image is malformed").
    return { ok: false, problems: [(e as Error).message] };
  }
}

/** Whether an error is SQLite's report of a damaged file, or of a file that is no database. */
export function isSqliteCorruption(e: unknown): boolean {
  const code = (e as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB');
}
