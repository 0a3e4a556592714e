import { fail } from '../../core/errors.js';
import { formatInstant } from '../../core/instant.js';
import { appealBodies, setAppealBody } from '../../engine/due-process/appeal-bodies.js';
import {
  decideSecondInstanceAndTell,
  requestSecondInstance,
  secondInstanceQueueFor,
} from '../../engine/due-process/second-instance.js';
import { actingAs } from '../../engine/tenancy/accounts.js';
import { withEngine, type CliContext } from '../context.js';
import { renderTable } from '../table.js';

function idArg(value: string, field: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n <= 0) fail('ARGUMENT_INVALID', `${field} must be a positive integer`, { field });
  return n;
}

/** `standing second-instance APPEAL --statement … --as SUBJECT`: ask for a second review of an upheld appeal (SPEC §6). */
export async function secondInstance(
  ctx: CliContext,
  appeal: string,
  opts: { db?: string; statement: string; as: string },
): Promise<number> {
  const s = await withEngine(ctx, opts.db, async (deps) =>
    requestSecondInstance(deps, {
      appeal: idArg(appeal, 'appeal'),
      statement: opts.statement,
      as: await actingAs(deps, opts.as),
    }),
  );
  ctx.output.out(
    `second instance ${s.id} of appeal ${s.appealId} asked: a reviewer of ${s.reviewers}${
      s.reviewers === s.authority ? ` other than ${s.firstReviewer}` : ` (the appeal body for ${s.authority})`
    } decides; ${s.suspends ? 'the sanctions are suspended meanwhile' : 'the listing stays as it is meanwhile'}\n`,
  );
  return 0;
}

/** `standing review second-instances [--as REVIEWER]`: the second-instance queue, earliest deadline first. */
export async function reviewSecondInstances(
  ctx: CliContext,
  opts: { db?: string; as?: string; authority?: string; state?: 'pending' | 'upheld' | 'overturned'; json?: boolean },
): Promise<number> {
  const rows = await withEngine(ctx, opts.db, async (deps) =>
    secondInstanceQueueFor(deps, await actingAs(deps, opts.as), {
      ...(opts.authority ? { authority: opts.authority } : {}),
      ...(opts.state ? { state: opts.state } : {}),
    }),
  );
  if (opts.json) ctx.output.out(`${JSON.stringify(rows, null, 2)}\n`);
  else
    ctx.output.out(
      renderTable(
        ['id', 'appeal', 'listing', 'subject', 'authority', 'reviewers', 'not by', 'asked', 'suspends', 'state'],
        rows.map((s) => [
          String(s.id),
          String(s.appealId),
          String(s.listingId),
          s.subject,
          s.authority,
          s.reviewers,
          s.reviewers === s.authority ? s.firstReviewer : '',
          formatInstant(s.filedAt),
          s.suspends ? 'yes' : 'no',
          s.state,
        ]),
      ),
    );
  return 0;
}

/** `standing review second-instance ID --outcome uphold|overturn --reasons … --as REVIEWER`. */
export async function reviewSecondInstance(
  ctx: CliContext,
  id: string,
  opts: { db?: string; as: string; outcome: 'uphold' | 'overturn'; reasons: string },
): Promise<number> {
  const s = await withEngine(ctx, opts.db, async (deps) =>
    decideSecondInstanceAndTell(deps, {
      id: idArg(id, 'id'),
      outcome: opts.outcome,
      reasons: opts.reasons,
      as: await actingAs(deps, opts.as),
    }),
  );
  ctx.output.out(
    `second instance ${s.row.id} ${s.row.state} by ${opts.as}${
      s.row.state === 'overturned'
        ? `; listing ${s.row.listingId} ended, subject exempted; relying parties told: ${s.told.length ? s.told.join(', ') : 'none'}`
        : ''
    }\n`,
  );
  return 0;
}

/** `standing authority appeal-body [AUTHORITY] [BODY] [--clear]`: name, clear (audited) or show appeal bodies. */
export async function appealBody(
  ctx: CliContext,
  authority: string | undefined,
  body: string | undefined,
  opts: { db?: string; clear?: boolean; json?: boolean },
): Promise<number> {
  if (authority !== undefined && (body !== undefined || opts.clear)) {
    if (body !== undefined && opts.clear)
      fail('ARGUMENT_INVALID', 'give a BODY or --clear, not both', { field: 'body' });
    const next = opts.clear ? null : body!;
    const changed = await withEngine(ctx, opts.db, (deps) => setAppealBody(deps, authority, next));
    ctx.output.out(
      !changed
        ? `${authority}: nothing changed\n`
        : next === null
          ? `${authority}: no appeal body; second instances go to a reviewer of ${authority} who took no part in the first decision\n`
          : `${authority}: second instances asked from now on go to reviewers of ${next}\n`,
    );
    return 0;
  }
  const rows = (await withEngine(ctx, opts.db, (deps) => appealBodies(deps))).filter(
    (r) => authority === undefined || r.authority === authority,
  );
  if (opts.json) ctx.output.out(`${JSON.stringify(rows, null, 2)}\n`);
  else
    ctx.output.out(
      renderTable(
        ['authority', 'appeal body'],
        rows.map((r) => [r.authority, r.body ?? '(none: another reviewer of the authority)']),
      ),
    );
  return 0;
}
