import { formatInstant } from '../../core/instant.js';
import { lastSweep, sweep as runSweep } from '../../engine/evaluation/sweep.js';
import { withStore, type CliContext } from '../context.js';

/** `standing sweep`: performs every time-driven step due now (every command does this first; this one says what it did). */
export async function sweep(ctx: CliContext, opts: { db?: string; json?: boolean }): Promise<number> {
  return withStore(ctx, opts.db, async (deps) => {
    const before = await lastSweep(deps);
    const r = await runSweep(deps);
    const summary = {
      now: formatInstant(deps.clock.now()),
      previousSweep: before === undefined ? null : formatInstant(before),
      ...r,
    };
    if (opts.json) ctx.output.out(`${JSON.stringify(summary)}\n`);
    else if (r.behind)
      ctx.output.out(
        `the clock (${summary.now}) is behind the last sweep (${summary.previousSweep}); nothing to do until it passes it\n`,
      );
    else
      ctx.output.out(
        `swept at ${summary.now}: ${r.dirty} subjects re-evaluated for new facts, ${r.due} for time, ${r.windows} listings became active, ${r.deleted} records deleted by retention policies\n`,
      );
    return 0;
  });
}
