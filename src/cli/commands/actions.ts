import { ACTION_NAME } from '../../core/actions.js';
import { fail } from '../../core/errors.js';
import type { Effect } from '../../core/scheme-types.js';
import { checkAuthority } from '../../core/subject.js';
import { withEngine, type CliContext } from '../context.js';
import { renderTable } from '../table.js';

export async function list(ctx: CliContext, opts: { db?: string; json?: boolean }): Promise<number> {
  const { actions, grants } = await withEngine(ctx, opts.db, (deps) =>
    deps.store.transaction(async (tx) => ({ actions: await tx.listActions(), grants: await tx.listGrants() })),
  );
  if (opts.json) {
    ctx.output.out(`${JSON.stringify({ actions, grants: grants.map((g) => ({ ...g, grantedAt: new Date(g.grantedAt).toISOString() })) }, null, 2)}\n`);
    return 0;
  }
  const holders = (name: string): string =>
    grants
      .filter((g) => g.action === name)
      .map((g) => g.authority)
      .join(', ') || '—';
  ctx.output.out(renderTable(['action', 'domain', 'effect', 'granted to', 'description'], actions.map((a) => [a.name, a.domain, a.effect, holders(a.name), a.description ?? ''])));
  return 0;
}

export async function add(ctx: CliContext, name: string, opts: { db?: string; domain: string; effect: Effect; description?: string }): Promise<number> {
  if (!ACTION_NAME.test(name)) fail('ACTION_INVALID', `"${name}" is not a dotted lower-case action name such as loan.apply`, { field: 'name' });
  if (!/^[a-z][a-z0-9_-]*$/.test(opts.domain)) fail('ACTION_INVALID', `--domain: "${opts.domain}" is not a lower-case domain name`, { field: 'domain' });
  const added = await withEngine(ctx, opts.db, (deps) =>
    deps.store.transaction((tx) => tx.addAction({ name, domain: opts.domain, effect: opts.effect, ...(opts.description ? { description: opts.description } : {}) })),
  );
  if (!added) fail('ACTION_EXISTS', `action ${name} is already registered`, { field: 'name' });
  ctx.output.out(`registered ${name} (${opts.domain}, ${opts.effect})\n`);
  return 0;
}

export async function grant(ctx: CliContext, authority: string, action: string, opts: { db?: string }): Promise<number> {
  checkAuthority(authority);
  const fresh = await withEngine(ctx, opts.db, (deps) =>
    deps.store.transaction(async (tx) => {
      const now = deps.clock.now();
      if (!(await tx.listActions()).some((a) => a.name === action)) fail('ACTION_UNKNOWN', `no registered action ${action}; see \`standing actions\``, { field: 'action' });
      await tx.ensureAuthorities([authority], now);
      return tx.addGrant(authority, action, now);
    }),
  );
  ctx.output.out(fresh ? `granted ${action} to ${authority}\n` : `${authority} already holds ${action}\n`);
  return 0;
}
