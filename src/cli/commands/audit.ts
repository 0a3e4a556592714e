import { verifyAudit, type AuditProblem } from '../../engine/audit/audit.js';
import { withEngine, type CliContext } from '../context.js';
import { renderTable } from '../table.js';

function where(p: AuditProblem): string {
  const parts: string[] = [];
  if (p.chain !== undefined) parts.push(`chain ${p.chain}${p.seq !== undefined ? ` seq ${p.seq}` : ''}`);
  if (p.table !== undefined) parts.push(`${p.table}${p.id !== undefined ? ` ${p.id}` : ''}`);
  return parts.join(', ');
}

/** `standing audit verify`: each chain's head and size, then "audit log verified" or the problems, first one first; exit 1 on any. */
export async function verify(ctx: CliContext, opts: { db?: string; json?: boolean }): Promise<number> {
  // A progress line on a terminal's stderr only: it can take tens of seconds on a large database.
  const tty = ctx.output.isTTY;
  const started = performance.now();
  const report = await withEngine(ctx, opts.db, (deps) =>
    verifyAudit(
      deps,
      tty
        ? (step) =>
            ctx.output.err(`\r\x1b[Kaudit verify: ${step}… (${((performance.now() - started) / 1000).toFixed(0)} s)`)
        : undefined,
    ),
  );
  if (tty) ctx.output.err('\r\x1b[K');
  if (opts.json) {
    ctx.output.out(`${JSON.stringify(report, null, 2)}\n`);
    return report.ok ? 0 : 1;
  }
  ctx.output.out(
    renderTable(
      ['chain', 'entries', 'head'],
      report.chains.map((c) => [c.chain, String(c.entries), c.head]),
      { align: ['left', 'right', 'left'] },
    ),
  );
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
