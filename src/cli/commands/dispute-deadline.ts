import { disputeDeadlines, setDisputeDeadline } from '../../engine/due-process/dispute-deadlines.js';
import { withEngine, type CliContext } from '../context.js';
import { renderTable } from '../table.js';

/**
 * `standing authority dispute-deadline AUTHORITY DURATION`: how long the authority has to decide
 * a dispute of its records (SPEC §6; default P30D), audited on its chain. Without a duration, or
 * without an authority, shows the deadlines.
 */
export async function disputeDeadline(
  ctx: CliContext,
  authority: string | undefined,
  duration: string | undefined,
  opts: { db?: string; json?: boolean },
): Promise<number> {
  if (authority !== undefined && duration !== undefined) {
    const changed = await withEngine(ctx, opts.db, (deps) => setDisputeDeadline(deps, authority, duration));
    ctx.output.out(
      changed
        ? `${authority}: disputes filed from now on must be decided within ${duration}; past it a disputed record stops counting until decided\n`
        : `${authority} already had a dispute deadline of ${duration}\n`,
    );
    return 0;
  }
  const rows = (await withEngine(ctx, opts.db, (deps) => disputeDeadlines(deps))).filter(
    (r) => authority === undefined || r.authority === authority,
  );
  if (opts.json) ctx.output.out(`${JSON.stringify(rows, null, 2)}\n`);
  else
    ctx.output.out(
      renderTable(
        ['authority', 'dispute deadline'],
        rows.map((r) => [r.authority, r.set ? r.duration : `${r.duration} (default)`]),
      ),
    );
  return 0;
}
