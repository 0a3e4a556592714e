import { recordConsent } from '../../engine/due-process/consent.js';
import { retractRecord } from '../../engine/ingest/records.js';
import { optionalInstant } from '../args.js';
import { actingAs, actorName } from '../../engine/tenancy/accounts.js';
import { withEngine, type CliContext } from '../context.js';

export async function retract(
  ctx: CliContext,
  key: string,
  opts: { db?: string; reason: string; authority: string; as?: string },
): Promise<number> {
  const r = await withEngine(ctx, opts.db, async (deps) => {
    const by = actorName(await actingAs(deps, opts.as), 'record.retract', { authority: opts.authority });
    return retractRecord(deps, { authority: opts.authority, key, reason: opts.reason, by });
  });
  ctx.output.out(`retracted ${opts.authority}/${key}; ${r.subject} re-evaluated\n`);
  return 0;
}

export async function consent(
  ctx: CliContext,
  subject: string,
  opts: { db?: string; scheme: string; authority?: string; withdraw?: boolean; at?: string },
): Promise<number> {
  const at = optionalInstant(opts.at);
  const r = await withEngine(ctx, opts.db, (deps) =>
    recordConsent(deps, {
      subject,
      scheme: opts.scheme,
      optIn: !opts.withdraw,
      ...(opts.authority ? { authority: opts.authority } : {}),
      ...(at !== undefined ? { at } : {}),
    }),
  );
  ctx.output.out(
    `${subject} ${opts.withdraw ? 'withdrew consent from' : 'consented to'} ${r.scheme} of ${r.authority} from ${new Date(r.at).toISOString()}\n`,
  );
  return 0;
}
