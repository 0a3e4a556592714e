import { fail } from '../../core/errors.js';
import { formatInstant } from '../../core/instant.js';
import { renderNotice, type NoticeBody } from '../../core/notice.js';
import { cliLocale } from '../locale.js';
import { checkSubject } from '../../core/subject.js';
import { listName } from '../../core/list-name.js';
import { actingAs, addAccount, listAccounts } from '../../engine/tenancy/accounts.js';
import { decideAppeal, fileAppeal } from '../../engine/due-process/appeals.js';
import { decideDispute, fileDispute } from '../../engine/due-process/disputes.js';
import { disputeDeadlineOf } from '../../engine/evaluation/disputed.js';
import { subjectNotices } from '../../engine/due-process/subject-file.js';
import { DEFAULT_QUEUE_PAGE, reviewQueueFor, type AppealState } from '../../engine/due-process/queue.js';
import { exportStatements } from '../../engine/due-process/statements.js';
import { nonNegativeInt, optionalInstant, positiveInt } from '../args.js';
import { withEngine, withStore, type CliContext } from '../context.js';
import { renderTable } from '../table.js';

function idArg(value: string, field: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || !Number.isSafeInteger(Number(value)))
    fail('ARGUMENT_INVALID', `${field}: "${value}" is not an id`, { field });
  return Number(value);
}

/** "in 3 days", "in 5 h 20 min"; once passed, "passed 2 days ago". */
export function timeLeft(ms: number): string {
  const abs = Math.abs(ms);
  const h = Math.floor(abs / 3_600_000);
  const span = h >= 48 ? `${Math.floor(h / 24)} days` : `${h} h ${Math.floor((abs % 3_600_000) / 60_000)} min`;
  return ms > 0 ? `in ${span}` : `passed ${span} ago`;
}

/** The title a listing's notice gave its list (the list as it was when noticed). */
function titleOf(messages: readonly { kind: string; listingId: number | null; body: unknown }[], listing: number) {
  const n = messages.find((m) => m.kind === 'notice' && m.listingId === listing)?.body as NoticeBody | undefined;
  return n?.list.title ?? null;
}

/** `standing notices SUBJECT`: the subject's listings, their notices, and every inbox message. */
export async function notices(
  ctx: CliContext,
  subjectArg: string,
  opts: { db?: string; json?: boolean; as?: string; lang?: string },
): Promise<number> {
  const subject = checkSubject(subjectArg);
  // The subject reading its notices is receipt, from which each appeal window runs (SPEC §6);
  // the subject's own file is simply empty; the operator asking about an unknown id is told so.
  const { listings, messages, now, setting } = await withEngine(ctx, opts.db, async (deps) =>
    subjectNotices(deps, await actingAs(deps, opts.as), subject),
  );
  if (opts.json) {
    ctx.output.out(`${JSON.stringify({ subject, listings, inbox: messages }, null, 2)}\n`);
    return 0;
  }
  const out = ctx.output;
  const locale = cliLocale(opts.lang, setting);
  out.out(`${subject}: ${listings.length} listings, ${messages.length} messages\n`);
  if (listings.length > 0) {
    out.out(
      renderTable(
        ['listing', 'authority', 'scheme', 'list', 'type', 'state', 'noticed', 'effect', 'appeal window', 'term ends'],
        listings.map((l) => [
          String(l.id),
          l.authority,
          l.scheme,
          listName({ id: l.list, title: titleOf(messages, l.id) }),
          l.listType,
          l.state + (l.endReason ? ` (${l.endReason})` : ''),
          formatInstant(l.noticedAt),
          formatInstant(l.effectAt) + (l.state === 'noticed' && l.receivedAt === null ? ' (provisional)' : ''),
          l.state === 'noticed' ? timeLeft(l.effectAt - now) : l.appealed ? 'appealed' : '—',
          l.termEndsAt === null ? '—' : formatInstant(l.termEndsAt),
        ]),
      ),
    );
  }
  for (const m of messages) {
    out.out(
      `\n[${m.id}] ${formatInstant(m.at)} ${m.kind} from ${m.authority}${m.listingId !== null ? ` (listing ${m.listingId})` : ''}\n`,
    );
    out.out(
      m.kind === 'notice'
        ? renderNotice(m.body as unknown as NoticeBody, locale)
        : `${typeof m.body.text === 'string' ? m.body.text : JSON.stringify(m.body)}\n`,
    );
  }
  return 0;
}

export async function appeal(
  ctx: CliContext,
  listing: string,
  opts: { db?: string; statement: string; as: string },
): Promise<number> {
  const a = await withEngine(ctx, opts.db, async (deps) =>
    fileAppeal(deps, {
      listing: idArg(listing, 'listing'),
      statement: opts.statement,
      as: await actingAs(deps, opts.as),
    }),
  );
  ctx.output.out(
    a.late
      ? `appeal ${a.id} filed late on listing ${a.listingId}: it will be reviewed; the sanctions stay meanwhile\n`
      : `appeal ${a.id} filed on listing ${a.listingId}: sanctions suspended until a reviewer of ${a.authority} decides\n`,
  );
  return 0;
}

export async function dispute(
  ctx: CliContext,
  key: string,
  opts: { db?: string; authority: string; statement: string; as: string },
): Promise<number> {
  const d = await withEngine(ctx, opts.db, async (deps) =>
    fileDispute(deps, { authority: opts.authority, key, statement: opts.statement, as: await actingAs(deps, opts.as) }),
  );
  ctx.output.out(
    `dispute ${d.id} filed on record ${d.authority}/${d.key}; ${d.authority} must decide by ${formatInstant(disputeDeadlineOf(d))}\n`,
  );
  return 0;
}

/** `standing review list`: appeals of the reviewer's authority by deadline, filtered and paged, and open disputes. */
export async function reviewList(
  ctx: CliContext,
  opts: {
    db?: string;
    as?: string;
    authority?: string;
    json?: boolean;
    state?: AppealState;
    list?: string;
    dueBefore?: string;
    limit?: string;
    offset?: string;
  },
): Promise<number> {
  const dueBefore = optionalInstant(opts.dueBefore, 'due-before');
  const limit = opts.limit === undefined ? DEFAULT_QUEUE_PAGE : positiveInt(opts.limit, 'limit', 100_000);
  const offset = opts.offset === undefined ? 0 : nonNegativeInt(opts.offset, 'offset');
  // The operator reads every authority's queue (or the one named); a reviewer, its own.
  const r = await withEngine(ctx, opts.db, async (deps) =>
    reviewQueueFor(deps, await actingAs(deps, opts.as), {
      ...(opts.authority ? { authority: opts.authority } : {}),
      ...(opts.state ? { state: opts.state } : {}),
      ...(opts.list ? { list: opts.list } : {}),
      ...(dueBefore !== undefined ? { dueBefore } : {}),
      limit,
      offset,
    }),
  );
  if (opts.json) {
    ctx.output.out(
      `${JSON.stringify({ total: r.total, offset: r.offset, limit: r.limit, appeals: r.appeals, disputes: r.disputes }, null, 2)}\n`,
    );
    return 0;
  }
  const state = opts.state ?? 'pending';
  const shown =
    r.appeals.length === r.total ? '' : ` (${r.offset + 1}–${r.offset + r.appeals.length} shown; --offset, --limit)`;
  ctx.output.out(`${r.total} ${state} appeals${shown}, ${r.disputes.length} pending disputes\n`);
  if (r.appeals.length > 0) {
    ctx.output.out(
      renderTable(
        ['appeal', 'listing', 'list', 'subject', 'filed', 'late', 'deadline', 'time left', 'statement'],
        r.appeals.map((a) => [
          String(a.id),
          String(a.listingId),
          `${a.listTitle} (${a.authority}/${a.list})`,
          a.subject,
          formatInstant(a.filedAt),
          a.late ? 'yes' : 'no',
          formatInstant(a.deadline),
          a.state !== 'pending' ? a.state : a.late ? 'late: sanctions apply' : timeLeft(a.deadline - r.now),
          a.statement.length > 60 ? `${a.statement.slice(0, 59)}…` : a.statement,
        ]),
      ),
    );
  }
  if (r.disputes.length > 0) {
    ctx.output.out(
      renderTable(
        ['dispute', 'record', 'subject', 'filed', 'decide by', 'statement'],
        r.disputes.map((d) => {
          const due = disputeDeadlineOf(d);
          return [
            String(d.id),
            `${d.authority}/${d.key} (disputed)`,
            d.subject,
            formatInstant(d.filedAt),
            due <= r.now
              ? `${formatInstant(due)}: overdue, not counted`
              : `${formatInstant(due)} (${timeLeft(due - r.now)})`,
            d.statement.slice(0, 60),
          ];
        }),
      ),
    );
  }
  return 0;
}

export async function reviewAppeal(
  ctx: CliContext,
  id: string,
  opts: {
    db?: string;
    as: string;
    outcome: 'uphold' | 'overturn';
    reasons: string;
    retract?: string;
    exempt?: boolean;
  },
): Promise<number> {
  const retract = opts.retract
    ? opts.retract
        .split(',')
        .map((k) => k.trim())
        .filter(Boolean)
    : [];
  // decideAppeal sweeps what is due itself: the store is opened without the command's own sweep.
  const a = await withStore(ctx, opts.db, async (deps) =>
    decideAppeal(deps, {
      appeal: idArg(id, 'appeal'),
      outcome: opts.outcome,
      reasons: opts.reasons,
      retract,
      exempt: opts.exempt === true,
      as: await actingAs(deps, opts.as),
    }),
  );
  ctx.output.out(
    `appeal ${a.id} ${a.state} by ${opts.as}${a.retracted.length ? `; retracted ${a.retracted.join(', ')}` : ''}${a.exempt ? '; subject exempted' : ''}\n`,
  );
  return 0;
}

export async function reviewDispute(
  ctx: CliContext,
  id: string,
  opts: { db?: string; as: string; outcome: 'retract' | 'confirm'; reasons: string },
): Promise<number> {
  const d = await withEngine(ctx, opts.db, async (deps) =>
    decideDispute(deps, {
      dispute: idArg(id, 'dispute'),
      outcome: opts.outcome,
      reasons: opts.reasons,
      as: await actingAs(deps, opts.as),
    }),
  );
  ctx.output.out(`dispute ${d.id}: record ${d.authority}/${d.key} ${d.state} by ${opts.as}\n`);
  return 0;
}

export async function accountAdd(
  ctx: CliContext,
  name: string,
  opts: { db?: string; authority?: string; roles: string; subject?: string },
): Promise<number> {
  const roles = opts.roles
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  const a = await withEngine(ctx, opts.db, (deps) =>
    addAccount(deps, {
      name,
      roles,
      ...(opts.authority ? { authority: opts.authority } : {}),
      ...(opts.subject ? { subject: opts.subject } : {}),
    }),
  );
  ctx.output.out(
    `account ${a.name}: ${a.roles.join(', ')}${a.authority ? ` of ${a.authority}` : ''}${a.subject ? ` for ${a.subject}` : ''}\n`,
  );
  return 0;
}

export async function accountList(ctx: CliContext, opts: { db?: string; json?: boolean }): Promise<number> {
  const rows = await withEngine(ctx, opts.db, (deps) => listAccounts(deps));
  if (opts.json) ctx.output.out(`${JSON.stringify(rows, null, 2)}\n`);
  else
    ctx.output.out(
      renderTable(
        ['account', 'authority', 'roles', 'subject'],
        rows.map((a) => [a.name, a.authority ?? '—', a.roles.join(', '), a.subject ?? '—']),
      ),
    );
  return 0;
}

/** `standing notices export --format dsa-tdb [--since INSTANT] [--authority A]`: statements of reasons as NDJSON. */
export async function noticesExport(
  ctx: CliContext,
  opts: { db?: string; format: string; since?: string; authority?: string },
  /** `--db` after `export` is taken by `notices`, the parent command: read it there too. */
  command?: { readonly parent?: { opts(): { db?: string } } | null },
): Promise<number> {
  const db = opts.db ?? command?.parent?.opts().db;
  if (opts.format !== 'dsa-tdb')
    fail('ARGUMENT_INVALID', `--format: "${opts.format}" is not a format; the only one is dsa-tdb`, {
      field: 'format',
    });
  const since = optionalInstant(opts.since, 'since');
  await withEngine(ctx, db, async (deps) => {
    for await (const s of exportStatements(deps, {
      ...(since === undefined ? {} : { since }),
      ...(opts.authority === undefined ? {} : { authority: opts.authority }),
    }))
      ctx.output.out(`${JSON.stringify(s)}\n`);
  });
  return 0;
}
