import { readInputFile } from '../files.js';
import { formatInstant } from '../../core/instant.js';
import {
  approvePending,
  candidatesOf,
  changePublishGate,
  promoteShadow,
  withdrawCandidate,
  publishGated,
  publishGateOf,
  type GateVerdict,
  type GatedResult,
} from '../../engine/evaluation/publish-gate.js';
import { compareShadow, publishShadow } from '../../engine/evaluation/shadow.js';
import type { Explanation } from '../../engine/evaluation/simulate.js';
import { actingAs } from '../../engine/tenancy/accounts.js';
import { authorize } from '../../core/policy.js';
import { principalName } from '../../core/principal.js';
import { withEngine, type CliContext } from '../context.js';
import { renderTable } from '../table.js';

const gateLine = (g: GateVerdict): string =>
  `its simulation opens ${g.opened} and ends ${g.ended} listings, over the threshold of ${+g.threshold.toFixed(2)} (of ${g.judged} subjects judged)`;

function printGated(ctx: CliContext, r: GatedResult, json: boolean | undefined, verb: string): void {
  if (json) ctx.output.out(`${JSON.stringify(r)}\n`);
  else if (r.status === 'pending')
    ctx.output.out(
      `${r.ref.scheme}@${r.version} of ${r.ref.authority} is pending: ${gateLine(r.gate)}; a second admin approves it with \`standing scheme approve ${r.ref.scheme}@${r.version} --as ACCOUNT\`\n`,
    );
  else if (!r.created)
    ctx.output.out(
      `${r.ref.scheme}@${r.version} of ${r.ref.authority} is already published with this content; nothing changed\n`,
    );
  else
    ctx.output.out(`${verb} ${r.ref.scheme}@${r.version} of ${r.ref.authority}; ${r.subjects} subjects re-evaluated\n`);
}

/** `standing scheme publish FILE [--shadow]`: live (through the publish gate for an admin), or a shadow version. */
export async function publish(
  ctx: CliContext,
  file: string,
  opts: { db?: string; authority?: string; json?: boolean; as?: string; shadow?: boolean },
): Promise<number> {
  const text = readInputFile(file);
  await withEngine(ctx, opts.db, async (deps) => {
    const me = authorize(await actingAs(deps, opts.as), 'scheme.publish');
    const options = {
      defaultAuthority: me.type === 'staff' ? me.authority : (opts.authority ?? 'default'),
      ...(me.type === 'staff' ? { publishedBy: principalName(me)!, onlyAuthority: me.authority } : {}),
    };
    if (opts.shadow) {
      const r = await publishShadow(deps, text, options);
      if (opts.json) ctx.output.out(`${JSON.stringify({ status: 'shadow', ...r })}\n`);
      else
        ctx.output.out(
          `published ${r.ref.scheme}@${r.version} of ${r.ref.authority} as a shadow version: ${r.subjects} subjects evaluated beside the live version; never noticed or enforced (\`standing scheme compare ${r.ref.scheme}\`)\n`,
        );
      return;
    }
    printGated(ctx, await publishGated(deps, text, options), opts.json, 'published');
  });
  return 0;
}

const explained = (e: Explanation | null): string =>
  e === null || !e.judged ? '-' : `${e.grade ?? '-'} (${e.score ?? '-'}) [${e.lists.join(', ')}]`;

/** `standing scheme compare ID[@VERSION]`: live against shadow, so far. */
export async function compare(
  ctx: CliContext,
  spec: string,
  opts: { db?: string; authority?: string; as?: string; json?: boolean },
): Promise<number> {
  const c = await withEngine(ctx, opts.db, async (deps) => {
    const me = authorize(await actingAs(deps, opts.as), 'candidate.read');
    return compareShadow(deps, spec, {
      ...(opts.authority !== undefined ? { authority: opts.authority } : {}),
      ...(me.type === 'staff' ? { onlyAuthority: me.authority } : {}),
    });
  });
  if (opts.json) {
    ctx.output.out(`${JSON.stringify(c, null, 2)}\n`);
    return 0;
  }
  ctx.output.out(
    `${c.scheme} of ${c.authority}: live ${c.liveVersion === null ? '(none)' : `@${c.liveVersion}`} against shadow @${c.shadowVersion} at ${formatInstant(c.at)}\n` +
      `${c.compared} subjects compared, ${c.differing} differ (${c.gradeChanges} in grade)\n`,
  );
  if (c.lists.length > 0)
    ctx.output.out(
      `\n${renderTable(
        ['list', 'entering', 'leaving'],
        c.lists.map((l) => [l.list, String(l.entering), String(l.leaving)]),
      )}`,
    );
  if (c.subjects.length > 0) {
    ctx.output.out(
      `\n${renderTable(
        ['subject', 'live', 'shadow'],
        c.subjects.map((d) => [d.subject, explained(d.live), explained(d.shadow)]),
      )}`,
    );
    for (const d of c.subjects.slice(0, 10)) {
      ctx.output.out(`\n${d.subject}\n`);
      for (const [name, e] of [
        ['live', d.live],
        ['shadow', d.shadow],
      ] as const)
        ctx.output.out(
          `  ${name}: ${explained(e)}${e ? `; ${e.contributions.map((x) => `${x.rule} ${x.points >= 0 ? '+' : ''}${x.points} (${x.record})`).join(', ')}` : ''}\n`,
        );
    }
  }
  return 0;
}

/** `standing scheme promote ID@VERSION`: a shadow version made live through the normal publish path. */
export async function promote(
  ctx: CliContext,
  spec: string,
  opts: { db?: string; authority?: string; as?: string; json?: boolean },
): Promise<number> {
  const r = await withEngine(ctx, opts.db, async (deps) =>
    promoteShadow(deps, spec, {
      as: await actingAs(deps, opts.as),
      ...(opts.authority !== undefined ? { authority: opts.authority } : {}),
    }),
  );
  printGated(ctx, r, opts.json, 'promoted');
  return 0;
}

/** `standing scheme withdraw ID@VERSION`: a shadow or pending version is withdrawn, no longer evaluated. */
export async function withdraw(
  ctx: CliContext,
  spec: string,
  opts: { db?: string; authority?: string; as?: string; json?: boolean },
): Promise<number> {
  const r = await withEngine(ctx, opts.db, async (deps) =>
    withdrawCandidate(deps, spec, {
      as: await actingAs(deps, opts.as),
      ...(opts.authority !== undefined ? { authority: opts.authority } : {}),
    }),
  );
  if (opts.json)
    ctx.output.out(
      `${JSON.stringify({ authority: r.authority, scheme: r.scheme, version: r.version, status: r.status, withdrawnAt: formatInstant(r.decidedAt!), by: r.decidedBy })}\n`,
    );
  else ctx.output.out(`withdrawn ${r.scheme}@${r.version} of ${r.authority}: no longer evaluated\n`);
  return 0;
}

/** `standing scheme approve ID@VERSION --as ACCOUNT`: a second admin makes a pending version live. */
export async function approve(
  ctx: CliContext,
  spec: string,
  opts: { db?: string; authority?: string; as: string; json?: boolean },
): Promise<number> {
  const r = await withEngine(ctx, opts.db, async (deps) =>
    approvePending(
      deps,
      spec,
      await actingAs(deps, opts.as),
      opts.authority !== undefined ? { authority: opts.authority } : {},
    ),
  );
  if (opts.json) ctx.output.out(`${JSON.stringify({ status: 'live', ...r })}\n`);
  else
    ctx.output.out(
      `approved ${r.ref.scheme}@${r.version} of ${r.ref.authority}: live; ${r.subjects} subjects re-evaluated\n`,
    );
  return 0;
}

/** `standing scheme pending`: shadow and pending versions, with what the gate saw. */
export async function pending(
  ctx: CliContext,
  opts: { db?: string; authority?: string; json?: boolean },
): Promise<number> {
  const rows = await withEngine(ctx, opts.db, (deps) => candidatesOf(deps, opts.authority));
  if (opts.json) {
    ctx.output.out(
      `${JSON.stringify(
        rows.map((r) => ({
          authority: r.authority,
          scheme: r.scheme,
          version: r.version,
          status: r.status,
          publishedAt: formatInstant(r.publishedAt),
          publishedBy: r.publishedBy,
          requestedBy: r.requestedBy,
          gate: r.gate === null ? null : (JSON.parse(r.gate) as GateVerdict),
        })),
        null,
        2,
      )}\n`,
    );
    return 0;
  }
  ctx.output.out(
    renderTable(
      ['authority', 'scheme', 'version', 'status', 'by', 'gate'],
      rows.map((r) => [
        r.authority,
        r.scheme,
        String(r.version),
        r.status,
        r.requestedBy ?? r.publishedBy ?? '(operator)',
        r.gate === null ? '' : gateLine(JSON.parse(r.gate) as GateVerdict),
      ]),
    ),
  );
  return 0;
}

/** `standing authority publish-gate AUTHORITY [--subjects N] [--percent P]`: set (audited) or show the threshold. */
export async function publishGate(
  ctx: CliContext,
  authority: string,
  opts: { db?: string; subjects?: string; percent?: string; json?: boolean },
): Promise<number> {
  const g = await withEngine(ctx, opts.db, (deps) =>
    opts.subjects === undefined && opts.percent === undefined
      ? publishGateOf(deps, authority)
      : changePublishGate(deps, authority, {
          ...(opts.subjects === undefined ? {} : { subjects: Number(opts.subjects) }),
          ...(opts.percent === undefined ? {} : { percent: Number(opts.percent) }),
        }),
  );
  if (opts.json) ctx.output.out(`${JSON.stringify({ authority, ...g })}\n`);
  else
    ctx.output.out(
      `${authority}: a version that opens or ends more listings than the smaller of ${g.subjects} subjects and ${g.percent}% of those judged waits for a second admin\n`,
    );
  return 0;
}
