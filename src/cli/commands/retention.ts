import { formatInstant } from '../../core/instant.js';
import { applyRetention, retentionPolicies, setRetention } from '../../engine/ingest/retention.js';
import { withEngine, withStore, type CliContext } from '../context.js';
import { renderTable } from '../table.js';

/** `standing retention set AUTHORITY --after-lapse DURATION`. */
export async function set(
  ctx: CliContext,
  authority: string,
  opts: { db?: string; afterLapse: string },
): Promise<number> {
  const changed = await withEngine(ctx, opts.db, (deps) => setRetention(deps, authority, opts.afterLapse));
  ctx.output.out(
    changed
      ? `${authority}: records are deleted ${opts.afterLapse} after they have lapsed under every scheme that reads them\n`
      : `${authority} already had that policy\n`,
  );
  return 0;
}

/** `standing retention clear AUTHORITY`: back to the default, kept forever. */
export async function clear(ctx: CliContext, authority: string, opts: { db?: string }): Promise<number> {
  const changed = await withEngine(ctx, opts.db, (deps) => setRetention(deps, authority, null));
  ctx.output.out(
    changed ? `${authority}: records are kept forever\n` : `${authority} had no policy; records are kept forever\n`,
  );
  return 0;
}

/** `standing retention list [--json]`. */
export async function list(ctx: CliContext, opts: { db?: string; json?: boolean }): Promise<number> {
  const policies = await withEngine(ctx, opts.db, (deps) => retentionPolicies(deps));
  if (opts.json) {
    ctx.output.out(
      `${JSON.stringify({ policies: policies.map((p) => ({ ...p, appliedAt: p.appliedAt === null ? null : formatInstant(p.appliedAt) })) }, null, 2)}\n`,
    );
  } else if (policies.length === 0) {
    ctx.output.out('no retention policies: every record is kept forever\n');
  } else {
    ctx.output.out(
      renderTable(
        ['authority', 'deleted after lapse', 'last applied'],
        policies.map((p) => [p.authority, p.afterLapse, p.appliedAt === null ? 'never' : formatInstant(p.appliedAt)]),
      ),
    );
  }
  return 0;
}

/**
 * `standing retention apply [AUTHORITY...] [--dry-run] [--json]`: applies the policies now
 * (the sweep does it once a day). A dry run opens the store without sweeping, so that what
 * it lists is what is still there.
 */
export async function apply(
  ctx: CliContext,
  authorities: string[],
  opts: { db?: string; dryRun?: boolean; json?: boolean },
): Promise<number> {
  const only = authorities.length > 0 ? authorities : undefined;
  const results = opts.dryRun
    ? await withStore(ctx, opts.db, (deps) => applyRetention(deps, { dryRun: true, ...(only ? { only } : {}) }))
    : await withEngine(ctx, opts.db, (deps) => applyRetention(deps, only ? { only } : {}));
  if (opts.json) {
    ctx.output.out(`${JSON.stringify({ dryRun: opts.dryRun === true, results }, null, 2)}\n`);
    return 0;
  }
  if (results.length === 0) {
    ctx.output.out('no retention policy applies: nothing deleted\n');
    return 0;
  }
  ctx.output.out(
    renderTable(
      ['authority', 'records examined', opts.dryRun ? 'would be deleted' : 'deleted'],
      results.map((r) => [r.authority, String(r.examined), String(r.deleted.length)]),
    ),
  );
  if (opts.dryRun)
    for (const r of results) for (const d of r.deleted) ctx.output.out(`${r.authority}/${d.key}\t${d.subject}\n`);
  return 0;
}
