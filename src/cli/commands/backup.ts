// `backup` and `restore` are store operations: they call the store's own functions (src/store/open.ts).
import { backupStore, isPostgresUrl, restoreStore, type CopyProgress } from '../../store/open.js';
import { dbPath, type CliContext } from '../context.js';

const mb = (n: number): string => `${(n / 1_048_576).toFixed(1)} MB`;

/** A progress line on standard error, redrawn in place, on a terminal only. */
function progressLine(ctx: CliContext, label: string): { update: CopyProgress; end: () => void } {
  if (!ctx.output.isTTY) return { update: () => undefined, end: () => undefined };
  let drawn = false;
  return {
    update: (written, total) => {
      drawn = true;
      const pct = total > 0 ? Math.min(100, Math.floor((100 * written) / total)) : 0;
      ctx.output.err(`\r${label}: ${mb(written)} written (source ${mb(total)}, ${pct}%)   `);
    },
    end: () => {
      if (drawn) ctx.output.err('\n');
      drawn = false;
    },
  };
}

/**
 * `standing backup FILE`: a consistent copy of the database while it is served. SQLite: VACUUM
 * INTO in a thread, checked with integrity_check before it is kept; PostgreSQL: pg_dump.
 */
export async function backup(ctx: CliContext, file: string, opts: { db?: string }): Promise<number> {
  const db = dbPath(ctx, opts.db);
  const progress = progressLine(ctx, 'backing up');
  try {
    const { bytes, format } = await backupStore(db, file, progress.update);
    progress.end();
    if (format === 'pg_dump') {
      ctx.output.out(
        `backed up to ${file} (${mb(bytes)}, pg_dump custom format); restore with \`standing restore ${file} --db URL\`\n`,
      );
      return 0;
    }
    ctx.output.out(
      `backed up ${db} to ${file} (${mb(bytes)}, integrity checked); restore with \`standing restore ${file} --db FILE\`\n`,
    );
  } finally {
    progress.end();
  }
  return 0;
}

/**
 * `standing restore FILE --db TARGET [--force]`: the backup into a new database (an existing one
 * only with --force), brought up to this Standing's schema, and its storage checked.
 */
export async function restore(ctx: CliContext, file: string, opts: { db?: string; force?: boolean }): Promise<number> {
  const db = dbPath(ctx, opts.db);
  // A pg_restore draws no progress line; a SQLite copy does, on a terminal.
  const progress = isPostgresUrl(db) ? { update: undefined, end: () => undefined } : progressLine(ctx, 'restoring');
  let restored: Awaited<ReturnType<typeof restoreStore>>;
  try {
    restored = await restoreStore(file, db, opts.force === true, progress.update);
  } finally {
    progress.end();
  }
  if (!restored.ok) {
    ctx.output.err(`restored database fails its storage check: ${restored.problems[0]}\n`);
    return 1;
  }
  ctx.output.out(
    `restored ${file} into ${restored.location}; run \`standing audit verify --db …\` before serving it\n`,
  );
  return 0;
}
