import { fail } from '../../core/errors.js';
import { actingAs } from '../../engine/tenancy/accounts.js';
import {
  decideReport,
  fileReport,
  myReports,
  reportQueue,
  reportsSettings,
  setReports,
  type ReportView,
} from '../../engine/reports/reports.js';
import { withEngine, type CliContext } from '../context.js';
import { renderTable } from '../table.js';

/**
 * `standing authority reports [AUTHORITY] [open|closed] [--per-day N]`: whether an authority
 * accepts reports from the public (SPEC §14; default closed) and how many one reporter may file
 * to it in 24 hours, audited on its chain. Without a setting, shows them.
 */
export async function authorityReports(
  ctx: CliContext,
  authority: string | undefined,
  setting: string | undefined,
  opts: { db?: string; perDay?: string; json?: boolean },
): Promise<number> {
  if (authority !== undefined && (setting !== undefined || opts.perDay !== undefined)) {
    if (setting !== undefined && setting !== 'open' && setting !== 'closed')
      fail('ARGUMENT_INVALID', 'the setting is open or closed', { field: 'setting' });
    const perDay = opts.perDay === undefined ? undefined : Number(opts.perDay);
    const changed = await withEngine(ctx, opts.db, async (deps) => {
      const open =
        setting === undefined
          ? (await reportsSettings(deps)).find((s) => s.authority === authority)?.open === true
          : setting === 'open';
      return setReports(deps, authority, { open, perDay });
    });
    const now = (await withEngine(ctx, opts.db, (deps) => reportsSettings(deps))).find(
      (s) => s.authority === authority,
    )!;
    ctx.output.out(
      `${authority} ${changed ? 'now' : 'already'} ${now.open ? `accepts reports from the public (at most ${now.perDay} per reporter a day)` : 'does not accept reports from the public'}\n`,
    );
    return 0;
  }
  const rows = (await withEngine(ctx, opts.db, (deps) => reportsSettings(deps))).filter(
    (r) => authority === undefined || r.authority === authority,
  );
  if (opts.json) ctx.output.out(`${JSON.stringify(rows, null, 2)}\n`);
  else
    ctx.output.out(
      renderTable(
        ['authority', 'reports', 'per reporter a day'],
        rows.map((r) => [r.authority, r.open ? 'open' : 'closed', String(r.perDay)]),
      ),
    );
  return 0;
}

function parseData(text: string | undefined): unknown {
  if (text === undefined) return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return fail('ARGUMENT_INVALID', '--data must be a JSON object', { field: 'data' });
  }
}

/** `standing report file SUBJECT --authority A --kind K --occurred-at T [--data JSON] [--description TEXT] --as ACCOUNT`. */
export async function file(
  ctx: CliContext,
  subject: string,
  opts: {
    db?: string;
    authority: string;
    kind: string;
    occurredAt: string;
    data?: string;
    description?: string;
    as: string;
    json?: boolean;
  },
): Promise<number> {
  const r = await withEngine(ctx, opts.db, async (deps) =>
    fileReport(deps, {
      authority: opts.authority,
      subject,
      kind: opts.kind,
      occurredAt: opts.occurredAt,
      data: parseData(opts.data),
      description: opts.description,
      as: await actingAs(deps, opts.as),
    }),
  );
  if (opts.json) ctx.output.out(`${JSON.stringify(r, null, 2)}\n`);
  else
    ctx.output.out(
      `report ${r.id} filed with ${r.authority}: it waits for a reviewer, who accepts it (a record) or rejects it, with reasons\n`,
    );
  return 0;
}

function table(rows: readonly ReportView[], extra: (r: ReportView) => string[] = () => [], head: string[] = []) {
  return renderTable(
    ['id', 'authority', 'subject', 'kind', 'occurred', 'filed', 'state', ...head],
    rows.map((r) => [r.id, r.authority, r.subject, r.kind, r.occurredAt, r.filedAt, r.state, ...extra(r)]),
  );
}

/** `standing report list --as ACCOUNT`: the reports that account filed, newest first, with their outcomes. */
export async function list(ctx: CliContext, opts: { db?: string; as: string; json?: boolean }): Promise<number> {
  const rows = await withEngine(ctx, opts.db, async (deps) => myReports(deps, await actingAs(deps, opts.as)));
  if (opts.json) ctx.output.out(`${JSON.stringify(rows, null, 2)}\n`);
  else ctx.output.out(table(rows, (r) => [r.reasons ?? ''], ['reasons']));
  return 0;
}

/** `standing review reports --as REVIEWER [--authority A] [--state open|accepted|rejected|all]`: the triage queue. */
export async function queue(
  ctx: CliContext,
  opts: { db?: string; as: string; authority?: string; state?: string; json?: boolean },
): Promise<number> {
  const rows = await withEngine(ctx, opts.db, async (deps) => {
    const me = await actingAs(deps, opts.as);
    const authority = opts.authority ?? (me.type === 'staff' ? me.authority : undefined);
    if (authority === undefined)
      fail('ARGUMENT_INVALID', `--authority: ${opts.as} belongs to no authority`, { field: 'authority' });
    return reportQueue(deps, {
      authority,
      state: (opts.state ?? 'open') as 'open' | 'accepted' | 'rejected' | 'all',
      as: me,
    });
  });
  if (opts.json) ctx.output.out(`${JSON.stringify(rows, null, 2)}\n`);
  else
    ctx.output.out(
      table(
        rows,
        (r) => {
          const q = rows.find((x) => x.id === r.id)!;
          return [
            r.reporterAuthority ?? 'the public',
            q.reporterAcceptanceRate === null
              ? 'none decided'
              : `${Math.round(100 * q.reporterAcceptanceRate)}% of ${q.reporterDecided}`,
            r.description.length > 60 ? `${r.description.slice(0, 57)}...` : r.description,
          ];
        },
        ['reported by', 'reporter accepted', 'description'],
      ),
    );
  return 0;
}

/** `standing review report ID --outcome accept|reject --reasons TEXT --as REVIEWER`: final. */
export async function decide(
  ctx: CliContext,
  id: string,
  opts: { db?: string; outcome: 'accept' | 'reject'; reasons: string; as: string; json?: boolean },
): Promise<number> {
  const r = await withEngine(ctx, opts.db, async (deps) =>
    decideReport(deps, { id, outcome: opts.outcome, reasons: opts.reasons, as: await actingAs(deps, opts.as) }),
  );
  if (opts.json) ctx.output.out(`${JSON.stringify(r, null, 2)}\n`);
  else
    ctx.output.out(
      r.state === 'accepted'
        ? `report ${r.id} accepted: record ${r.authority}/${r.recordKey} about ${r.subject}\n`
        : `report ${r.id} rejected (final)\n`,
    );
  return 0;
}
