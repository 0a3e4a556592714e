import { readInputFile } from '../files.js';
import {
  dataContextReport,
  formatDataContextReport,
  formatProportionalityReport,
  proportionalityReport,
} from '../../core/proportionality.js';
import { parseScheme } from '../../core/scheme-parse.js';
import { registryOf } from '../../core/actions.js';
import { schemeCheckBasis } from '../../engine/evaluation/publish.js';
import { schemeVersionList, showScheme } from '../../engine/evaluation/schemes.js';
import { builtinActions, withEngine, withStoreIfAny, type CliContext } from '../context.js';
import { describeError } from '../output.js';
import { renderTable } from '../table.js';

/** `standing scheme check FILE`: validation and the proportionality report (SPEC §5); exit 1 if invalid. */
export async function check(
  ctx: CliContext,
  file: string,
  opts: { db?: string; authority?: string; json?: boolean },
): Promise<number> {
  const text = readInputFile(file);
  // The registry of an existing database includes the operator's additions; otherwise the shipped one.
  const basis = await withStoreIfAny(ctx, opts.db, (deps) => schemeCheckBasis(deps));
  const registry = basis?.registry ?? registryOf(builtinActions());
  const maxTerm = basis?.maxTerm;
  const parsed = parseScheme(text, { registry, defaultAuthority: opts.authority ?? 'default' });
  if (!parsed.ok) {
    if (opts.json)
      ctx.output.out(`${JSON.stringify({ valid: false, errors: parsed.errors.map((e) => e.toJSON()) }, null, 2)}\n`);
    else for (const e of parsed.errors) ctx.output.err(`${file}: ${describeError(e)}\n`);
    return 1;
  }
  const report = proportionalityReport(parsed.compiled, registry, maxTerm);
  const dataContext = dataContextReport(parsed.compiled);
  if (opts.json) {
    ctx.output.out(
      `${JSON.stringify({ valid: true, scheme: parsed.doc.scheme, authority: parsed.doc.authority, report, dataContext }, null, 2)}\n`,
    );
  } else {
    const d = parsed.doc;
    ctx.output.out(
      `${file}: scheme ${d.scheme} of ${d.authority} is valid (context ${d.context}, ${d.rules.length} rules, ${d.grades.length} grades, ${d.lists.length} lists)\n\n`,
    );
    ctx.output.out(
      report.length === 0
        ? 'No sanctions: nothing to report.\n'
        : `Proportionality report\n${formatProportionalityReport(report)}\n`,
    );
    ctx.output.out(`\nData contexts\n${formatDataContextReport(dataContext)}\n`);
  }
  return 0;
}

export async function list(ctx: CliContext, opts: { db?: string; json?: boolean }): Promise<number> {
  const rows = await withEngine(ctx, opts.db, (deps) => schemeVersionList(deps));
  if (opts.json) {
    for (const r of rows)
      ctx.output.out(
        `${JSON.stringify({ authority: r.authority, scheme: r.scheme, version: r.version, publishedAt: new Date(r.publishedAt).toISOString() })}\n`,
      );
    return 0;
  }
  ctx.output.out(
    renderTable(
      ['authority', 'scheme', 'version', 'published'],
      rows.map((r) => [r.authority, r.scheme, String(r.version), new Date(r.publishedAt).toISOString()]),
    ),
  );
  return 0;
}

export async function show(ctx: CliContext, spec: string, opts: { db?: string; authority?: string }): Promise<number> {
  const { row } = await withEngine(ctx, opts.db, (deps) => showScheme(deps, spec, opts.authority));
  ctx.output.out(
    `# ${row.scheme}@${row.version} of ${row.authority}, published ${new Date(row.publishedAt).toISOString()}\n${row.source}`,
  );
  return 0;
}
