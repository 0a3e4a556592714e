import type { Effect } from '../../core/scheme-types.js';
import { addAction, grantAction, registryWithGrants } from '../../engine/tenancy/registry.js';
import { withEngine, type CliContext } from '../context.js';
import { renderTable } from '../table.js';

export async function list(ctx: CliContext, opts: { db?: string; json?: boolean }): Promise<number> {
  const { actions, grants } = await withEngine(ctx, opts.db, (deps) => registryWithGrants(deps));
  if (opts.json) {
    ctx.output.out(
      `${JSON.stringify({ actions, grants: grants.map((g) => ({ ...g, grantedAt: new Date(g.grantedAt).toISOString() })) }, null, 2)}\n`,
    );
    return 0;
  }
  const holders = (name: string): string =>
    grants
      .filter((g) => g.action === name)
      .map((g) => g.authority)
      .join(', ') || '—';
  ctx.output.out(
    renderTable(
      ['action', 'domain', 'effect', 'granted to', 'description'],
      actions.map((a) => [a.name, a.domain, a.effect, holders(a.name), a.description ?? '']),
    ),
  );
  return 0;
}

export async function add(
  ctx: CliContext,
  name: string,
  opts: { db?: string; domain: string; effect: Effect; description?: string },
): Promise<number> {
  await withEngine(ctx, opts.db, (deps) =>
    addAction(deps, {
      name,
      domain: opts.domain,
      effect: opts.effect,
      ...(opts.description ? { description: opts.description } : {}),
    }),
  );
  ctx.output.out(`registered ${name} (${opts.domain}, ${opts.effect})\n`);
  return 0;
}

export async function grant(
  ctx: CliContext,
  authority: string,
  action: string,
  opts: { db?: string },
): Promise<number> {
  const fresh = await withEngine(ctx, opts.db, (deps) => grantAction(deps, authority, action));
  ctx.output.out(fresh ? `granted ${action} to ${authority}\n` : `${authority} already holds ${action}\n`);
  return 0;
}
