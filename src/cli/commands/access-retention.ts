import { formatInstant } from '../../core/instant.js';
import {
  accessRetention,
  applyAccessRetention,
  MIN_KEEP,
  setAccessRetention,
} from '../../engine/decisions/access-retention.js';
import { withEngine, withStore, type CliContext } from '../context.js';
import { renderTable } from '../table.js';

const whom = (party: string | undefined): string => (party === undefined ? 'the default' : `party ${party}`);

/** `standing access-retention set [--party P] --keep P2Y`. */
export async function set(ctx: CliContext, opts: { db?: string; party?: string; keep: string }): Promise<number> {
  const changed = await withEngine(ctx, opts.db, (deps) => setAccessRetention(deps, opts.party ?? null, opts.keep));
  ctx.output.out(
    changed
      ? `${whom(opts.party)}: access-log entries are kept ${opts.keep}, then deleted by the daily sweep\n`
      : `${whom(opts.party)} already had that period\n`,
  );
  return 0;
}

/** `standing access-retention clear [--party P]`: the party falls back to the default, the default to the built-in one. */
export async function clear(ctx: CliContext, opts: { db?: string; party?: string }): Promise<number> {
  const changed = await withEngine(ctx, opts.db, (deps) => setAccessRetention(deps, opts.party ?? null, null));
  ctx.output.out(changed ? `${whom(opts.party)}: period cleared\n` : `${whom(opts.party)} had no period of its own\n`);
  return 0;
}

/** `standing access-retention list [--json]`. */
export async function list(ctx: CliContext, opts: { db?: string; json?: boolean }): Promise<number> {
  const r = await withEngine(ctx, opts.db, (deps) => accessRetention(deps));
  if (opts.json) {
    ctx.output.out(
      `${JSON.stringify({ ...r, floor: MIN_KEEP, appliedAt: r.appliedAt === null ? null : formatInstant(r.appliedAt) }, null, 2)}\n`,
    );
    return 0;
  }
  ctx.output.out(
    renderTable(
      ['party', 'kept'],
      [
        [r.default.builtIn ? '(default, built in)' : '(default)', r.default.keep],
        ...r.parties.map((p) => [p.party, p.keep]),
      ],
    ),
  );
  ctx.output.out(
    `floor ${MIN_KEEP}; entries of subjects with a listing not yet ended are kept; last applied ${r.appliedAt === null ? 'never' : formatInstant(r.appliedAt)}\n`,
  );
  return 0;
}

/** `standing access-retention apply`: delete now what the periods no longer keep (the sweep does it daily). */
export async function apply(ctx: CliContext, opts: { db?: string; json?: boolean }): Promise<number> {
  const results = await withStore(ctx, opts.db, (deps) => applyAccessRetention(deps));
  if (opts.json) {
    ctx.output.out(
      `${JSON.stringify({ results: results.map((r) => ({ ...r, before: formatInstant(r.before) })) }, null, 2)}\n`,
    );
    return 0;
  }
  ctx.output.out(
    renderTable(
      ['party', 'before', 'deleted'],
      results.map((r) => [r.party ?? '(default)', formatInstant(r.before), String(r.deleted)]),
      { align: ['left', 'left', 'right'] },
    ),
  );
  return 0;
}
