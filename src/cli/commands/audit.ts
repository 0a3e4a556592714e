import { verifyAudit, type AuditProblem } from '../../engine/audit/audit.js';
import { sweep } from '../../engine/evaluation/sweep.js';
import { withStore, type CliContext } from '../context.js';
import { renderTable } from '../table.js';

function where(p: AuditProblem): string {
  const parts: string[] = [];
  if (p.chain !== undefined) parts.push(`chain ${p.chain}${p.seq !== undefined ? ` seq ${p.seq}` : ''}`);
  if (p.table !== undefined) parts.push(`${p.table}${p.id !== undefined ? ` ${p.id}` : ''}`);
  return parts.join(', ');
}

/**
 * `standing audit verify`: first the storage itself (a damaged file fails here, naming the
 * integrity check, before a chain is read or a sweep writes); then each chain's head and size,
 * then "audit log verified" or the problems, first one first; exit 1 on any.
 */
export async function verify(ctx: CliContext, opts: { db?: string; json?: boolean; quick?: boolean }): Promise<number> {
  const checked = await withStore(ctx, opts.db, async (deps) => {
    const storage = await deps.store.checkStorage({ quick: opts.quick === true });
    if (!storage.ok) return { storage, report: undefined };
    await sweep(deps);
    return { storage, report: await verifyAudit(deps) };
  });
  const { storage, report } = checked;
  const check = opts.quick ? 'quick_check' : 'integrity check';
  if (report === undefined) {
    if (opts.json) {
      ctx.output.out(
        `${JSON.stringify({ ok: false, storage: { ok: false, check, problems: storage.problems } }, null, 2)}\n`,
      );
      return 1;
    }
    ctx.output.out(`storage integrity check FAILED (${check}): the audit log was not read\n`);
    for (const p of storage.problems) ctx.output.out(`  ${p}\n`);
    ctx.output.out('  restore the database from a backup (docs/operations.md)\n');
    return 1;
  }
  if (opts.json) {
    ctx.output.out(`${JSON.stringify({ ...report, storage: { ok: true, check, problems: [] } }, null, 2)}\n`);
    return report.ok ? 0 : 1;
  }
  ctx.output.out(
    renderTable(
      ['chain', 'entries', 'head'],
      report.chains.map((c) => [c.chain, String(c.entries), c.head]),
      { align: ['left', 'right', 'left'] },
    ),
  );
  ctx.output.out(`storage integrity check passed (${check})\n`);
  if (report.ok) {
    ctx.output.out('audit log verified\n');
    return 0;
  }
  const total = report.problems.length + report.omitted;
  ctx.output.out(`audit log does NOT verify: ${total} problem${total === 1 ? '' : 's'}, the first one first\n`);
  for (const p of report.problems) ctx.output.out(`  ${where(p)}: ${p.message}\n`);
  if (report.omitted > 0) ctx.output.out(`  … and ${report.omitted} more\n`);
  return 1;
}
