import { formatInstant } from '../../core/instant.js';
import {
  accessLog as readAccessLog,
  checkWithTitles,
  entitle as entitleParty,
  findDecision,
  listParties,
  partyAdd as addParty,
} from '../../engine/decisions/check.js';
import { listName } from '../../core/list-name.js';
import { withEngine, type CliContext } from '../context.js';
import { renderTable } from '../table.js';

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** `standing check SUBJECT ACTION [--party NAME] [--json]`: exit 0 whatever the effect. */
export async function check(
  ctx: CliContext,
  subject: string,
  action: string,
  opts: { db?: string; party?: string; json?: boolean },
): Promise<number> {
  // People read the table: each list by its one display name (JSON keeps the ids).
  const { result, titles } = await withEngine(ctx, opts.db, (deps) =>
    checkWithTitles(deps, { subject, action, party: opts.party ?? null }),
  );
  if (opts.json) {
    ctx.output.out(`${JSON.stringify(result, null, 2)}\n`);
    return 0;
  }
  ctx.output.out(
    `${result.effect}: ${result.action} for ${result.subject} (${plural(result.reasons.length, 'reason')})\n`,
  );
  ctx.output.out(
    `decision ${result.decision}${result.schemes.length > 0 ? `, resting on ${result.schemes.map((v) => `${v.authority}/${v.scheme} v${v.version}`).join(', ')}` : ''}\n`,
  );
  if (result.limit !== null) {
    const parts = Object.entries(result.limit).map(([k, v]) => `${k}=${v}`);
    ctx.output.out(`limit: ${parts.length > 0 ? parts.join(', ') : '(no value named)'}\n`);
  }
  if (result.reasons.length > 0) {
    ctx.output.out(
      renderTable(
        ['list', 'scheme', 'authority', 'effect', 'listing', 'since', 'appeal'],
        result.reasons.map((r) => [
          listName({ id: r.list, title: titles.get(`${r.authority}/${r.scheme}/${r.list}`) }),
          r.scheme,
          r.authority,
          r.effect,
          String(r.listing),
          r.since,
          r.appeal,
        ]),
      ),
    );
  }
  return 0;
}

export async function partyAdd(ctx: CliContext, name: string, opts: { db?: string }): Promise<number> {
  const party = await withEngine(ctx, opts.db, (deps) => addParty(deps, name));
  ctx.output.out(`added relying party ${party.name}; entitle it with \`standing entitle ${party.name} ACTION\`\n`);
  return 0;
}

export async function partyList(ctx: CliContext, opts: { db?: string; json?: boolean }): Promise<number> {
  const parties = await withEngine(ctx, opts.db, (deps) => listParties(deps));
  if (opts.json) {
    ctx.output.out(
      `${JSON.stringify(
        parties.map((p) => ({ ...p, createdAt: formatInstant(p.createdAt) })),
        null,
        2,
      )}\n`,
    );
    return 0;
  }
  ctx.output.out(
    renderTable(
      ['party', 'entitled to', 'since'],
      parties.map((p) => [p.name, p.actions.join(', ') || '—', formatInstant(p.createdAt)]),
    ),
  );
  return 0;
}

export async function entitle(ctx: CliContext, party: string, action: string, opts: { db?: string }): Promise<number> {
  const fresh = await withEngine(ctx, opts.db, (deps) => entitleParty(deps, party, action));
  ctx.output.out(
    fresh ? `entitled ${party} to check ${action}\n` : `${party} is already entitled to check ${action}\n`,
  );
  return 0;
}

/** `standing access-log SUBJECT [--json]`: who checked the subject, oldest first. */
export async function accessLog(
  ctx: CliContext,
  subject: string,
  opts: { db?: string; json?: boolean },
): Promise<number> {
  const rows = await withEngine(ctx, opts.db, (deps) => readAccessLog(deps, subject));
  if (opts.json) {
    ctx.output.out(
      `${JSON.stringify(
        rows.map((r) => ({
          party: r.party,
          action: r.action,
          effect: r.effect,
          at: formatInstant(r.at),
          decision: r.decision,
        })),
        null,
        2,
      )}\n`,
    );
    return 0;
  }
  if (rows.length === 0) {
    ctx.output.out(`no checks of ${subject}\n`);
    return 0;
  }
  ctx.output.out(
    renderTable(
      ['party', 'action', 'effect', 'at', 'decision'],
      rows.map((r) => [r.party, r.action, r.effect, formatInstant(r.at), r.decision ?? '—']),
    ),
  );
  return 0;
}

/** `standing decision ID [--json]`: the logged check a decision id was given for (the operator finds any). */
export async function decision(ctx: CliContext, id: string, opts: { db?: string; json?: boolean }): Promise<number> {
  const row = await withEngine(ctx, opts.db, (deps) => findDecision(deps, id, null));
  const view = {
    decision: row.decision,
    subject: row.subject,
    party: row.party,
    action: row.action,
    effect: row.effect,
    at: formatInstant(row.at),
  };
  if (opts.json) ctx.output.out(`${JSON.stringify(view, null, 2)}\n`);
  else
    ctx.output.out(
      `decision ${view.decision}: ${view.effect} for ${view.party} checking ${view.action} of ${view.subject} at ${view.at}\n`,
    );
  return 0;
}
