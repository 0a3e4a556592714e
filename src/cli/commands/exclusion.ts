import { formatInstant } from '../../core/instant.js';
import { actingAs } from '../../engine/tenancy/accounts.js';
import {
  endSelfExclusion,
  selfExclude,
  selfExclusionLists,
  selfExclusionsOf,
} from '../../engine/due-process/self-exclusion.js';
import { fail } from '../../core/errors.js';
import { withEngine, type CliContext } from '../context.js';
import { renderTable } from '../table.js';

/** `standing exclusion add SUBJECT --list ID --term P6M [--scheme ID] [--authority A] [--as ACCOUNT]`. */
export async function add(
  ctx: CliContext,
  subject: string,
  opts: { db?: string; list: string; term: string; scheme?: string; authority?: string; as?: string; json?: boolean },
): Promise<number> {
  const l = await withEngine(ctx, opts.db, async (deps) =>
    selfExclude(deps, {
      subject,
      list: opts.list,
      term: opts.term,
      scheme: opts.scheme,
      authority: opts.authority,
      by: await actingAs(deps, opts.as),
    }),
  );
  if (opts.json) {
    ctx.output.out(`${JSON.stringify(l, null, 2)}\n`);
    return 0;
  }
  ctx.output.out(
    `listing ${l.id}: ${subject} is on ${l.authority}/${l.scheme}/${l.list} from now until ${formatInstant(l.termEndsAt!)}; it cannot be ended early\n`,
  );
  return 0;
}

/** `standing exclusion list SUBJECT [--json]`: the lists offered and the subject's self-exclusions. */
export async function list(ctx: CliContext, subject: string, opts: { db?: string; json?: boolean }): Promise<number> {
  const { offered, mine } = await withEngine(ctx, opts.db, async (deps) => ({
    offered: await selfExclusionLists(deps, subject),
    mine: await selfExclusionsOf(deps, subject),
  }));
  if (opts.json) {
    ctx.output.out(`${JSON.stringify({ offered, exclusions: mine }, null, 2)}\n`);
    return 0;
  }
  ctx.output.out(
    renderTable(
      ['authority', 'scheme', 'list', 'terms'],
      offered.map((o) => [o.authority, o.scheme, o.list, `${o.minTerm} to ${o.maxTerm}`]),
    ),
  );
  ctx.output.out(
    renderTable(
      ['listing', 'list', 'state', 'since', 'until'],
      mine.map((l) => [
        String(l.id),
        `${l.authority}/${l.scheme}/${l.list}`,
        l.state,
        formatInstant(l.activeSince ?? l.noticedAt),
        l.termEndsAt === null ? '—' : formatInstant(l.termEndsAt),
      ]),
    ),
  );
  return 0;
}

function idArg(value: string, field: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || !Number.isSafeInteger(Number(value)))
    fail('ARGUMENT_INVALID', `${field}: "${value}" is not an id`, { field });
  return Number(value);
}

/** `standing exclusion end SUBJECT LISTING`: always refused (SELF_EXCLUSION_LOCKED). */
export async function end(ctx: CliContext, subject: string, listing: string, opts: { db?: string }): Promise<number> {
  return withEngine(ctx, opts.db, (deps) => endSelfExclusion(deps, subject, idArg(listing, 'listing')));
}
