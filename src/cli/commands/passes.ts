import { createPass, passesOf, revokePass, verifyPass } from '../../engine/passes/passes.js';
import { actingAs } from '../../engine/tenancy/accounts.js';
import { withEngine, type CliContext } from '../context.js';
import { renderTable } from '../table.js';

/** `standing pass create SUBJECT --purpose ACTION|scheme:ID [--ttl P7D] [--recipient party:X|account:Y] [--as ACCOUNT]`. */
export async function create(
  ctx: CliContext,
  subject: string,
  opts: { db?: string; purpose: string; ttl?: string; recipient?: string; as?: string; json?: boolean },
): Promise<number> {
  const p = await withEngine(ctx, opts.db, async (deps) =>
    createPass(deps, {
      subject,
      purpose: opts.purpose,
      ttl: opts.ttl,
      recipient: opts.recipient ?? null,
      by: await actingAs(deps, opts.as),
    }),
  );
  if (opts.json) {
    ctx.output.out(`${JSON.stringify(p, null, 2)}\n`);
    return 0;
  }
  ctx.output.out(
    `pass ${p.id} for ${p.purpose}${p.recipient ? `, for ${p.recipient} only` : ''}, valid until ${p.expiresAt}\n` +
      `token (shown once; give it to whoever should verify): ${p.token}\n` +
      `verify: standing pass verify ${p.token}   or GET /v1/passes/${p.token}   or the web page #/pass/${p.token}\n`,
  );
  return 0;
}

/** `standing pass list SUBJECT [--json]`: newest first, never the tokens. */
export async function list(ctx: CliContext, subject: string, opts: { db?: string; json?: boolean }): Promise<number> {
  const rows = await withEngine(ctx, opts.db, (deps) => passesOf(deps, subject));
  if (opts.json) {
    ctx.output.out(`${JSON.stringify(rows, null, 2)}\n`);
    return 0;
  }
  ctx.output.out(
    renderTable(
      ['id', 'purpose', 'recipient', 'created', 'expires', 'status'],
      rows.map((p) => [p.id, p.purpose, p.recipient ?? 'any holder', p.createdAt, p.expiresAt, p.status]),
    ),
  );
  return 0;
}

/** `standing pass revoke SUBJECT ID [--as ACCOUNT]`: at once. */
export async function revoke(
  ctx: CliContext,
  subject: string,
  id: string,
  opts: { db?: string; as?: string },
): Promise<number> {
  const p = await withEngine(ctx, opts.db, async (deps) =>
    revokePass(deps, { subject, id, by: await actingAs(deps, opts.as) }),
  );
  ctx.output.out(`pass ${p.id} revoked at ${p.revokedAt ?? '?'}\n`);
  return 0;
}

/**
 * `standing pass verify TOKEN [--party NAME] [--json]`: what the holder sees, logged in the
 * subject's access log; `--party` presents it as that relying party (for a pass naming one).
 */
export async function verify(
  ctx: CliContext,
  token: string,
  opts: { db?: string; party?: string; json?: boolean },
): Promise<number> {
  const v = await withEngine(ctx, opts.db, (deps) =>
    verifyPass(deps, token, opts.party ? { type: 'party', party: opts.party } : { type: 'anonymous' }),
  );
  if (opts.json) {
    ctx.output.out(`${JSON.stringify(v, null, 2)}\n`);
    return 0;
  }
  const answer = v.check
    ? `${v.check.action}: ${v.check.effect}${v.check.limit ? ` ${JSON.stringify(v.check.limit)}` : ''} (decision ${v.check.decision})`
    : `grade under ${v.grade!.authority}/${v.grade!.scheme}@${v.grade!.version}: ${v.grade!.grade ?? 'none'}`;
  ctx.output.out(`${v.subject} — ${answer}; pass valid until ${v.expiresAt}\n`);
  return 0;
}
