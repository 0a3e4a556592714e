import { fail } from '../../core/errors.js';
import { formatInstant } from '../../core/instant.js';
import { grantShare, listShares, revokeShare } from '../../engine/tenancy/sharing.js';
import { withEngine, type CliContext } from '../context.js';
import { renderTable } from '../table.js';

/**
 * `standing share FROM TO --purpose TEXT`, `standing share FROM TO --revoke`, and
 * `standing share list [--json]`: the operator's data-sharing grants (SPEC §4).
 */
export async function share(
  ctx: CliContext,
  from: string,
  to: string | undefined,
  opts: { db?: string; purpose?: string; revoke?: boolean; json?: boolean },
): Promise<number> {
  if (from === 'list' && to === undefined) return list(ctx, opts);
  if (to === undefined)
    fail('ARGUMENT_INVALID', 'give FROM and TO: `standing share FROM TO --purpose TEXT`', { field: 'to' });
  if ((opts.purpose !== undefined) === (opts.revoke === true))
    fail('ARGUMENT_INVALID', 'give exactly one of --purpose TEXT (grant) and --revoke', { field: 'purpose' });
  if (opts.revoke) {
    await withEngine(ctx, opts.db, (deps) => revokeShare(deps, { from, to }));
    ctx.output.out(`revoked: ${to} no longer reads the records of ${from}; what they fed ends through due process\n`);
    return 0;
  }
  const r = await withEngine(ctx, opts.db, (deps) => grantShare(deps, { from, to, purpose: opts.purpose! }));
  ctx.output.out(
    r.changed
      ? `${from} shares its records with ${to}, for: ${r.share.purpose}\n`
      : `${from} already shares its records with ${to} for that purpose\n`,
  );
  return 0;
}

async function list(ctx: CliContext, opts: { db?: string; json?: boolean }): Promise<number> {
  const rows = await withEngine(ctx, opts.db, (deps) => listShares(deps));
  const when = (t: number | null): string | null => (t === null ? null : formatInstant(t));
  if (opts.json) {
    const out = rows.map((r) => ({ ...r, grantedAt: when(r.grantedAt), revokedAt: when(r.revokedAt) }));
    ctx.output.out(`${JSON.stringify(out, null, 2)}\n`);
    return 0;
  }
  ctx.output.out(
    renderTable(
      ['from', 'to', 'purpose', 'granted', 'revoked'],
      rows.map((r) => [r.from, r.to, r.purpose, formatInstant(r.grantedAt), when(r.revokedAt) ?? '—']),
    ),
  );
  return 0;
}
