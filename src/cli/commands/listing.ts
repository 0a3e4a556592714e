import type { StandingError } from '../../core/errors.js';
import { actingAs } from '../../engine/tenancy/accounts.js';
import { formatInstant } from '../../core/instant.js';
import type { SourceLine } from '../../engine/ingest/record-source.js';
import { decisionFormat, decisionLines, MAX_DECISION_FILE_BYTES } from '../../engine/ingest/decision-source.js';
import { readInputFile } from '../files.js';
import {
  openManualListing,
  openManualListings,
  type DecisionResult,
} from '../../engine/due-process/manual-listings.js';
import { withEngine, type CliContext } from '../context.js';
import { createProgress } from '../progress.js';
import { renderTable } from '../table.js';

interface AddOpts {
  db?: string;
  list: string;
  scheme: string;
  authority?: string;
  reason: string;
  basis: string;
  evidence?: string;
  term?: string;
  key?: string;
  as: string;
  json?: boolean;
}

const row = (r: DecisionResult): string[] => [
  String(r.listing),
  r.outcome,
  r.key,
  r.subject,
  r.list,
  r.state,
  formatInstant(r.effectAt),
  r.termEndsAt === null ? '—' : formatInstant(r.termEndsAt),
];
const HEAD = ['listing', 'outcome', 'decision key', 'subject', 'list', 'state', 'takes effect', 'term ends'];
const json = (r: DecisionResult) => ({
  ...r,
  effectAt: formatInstant(r.effectAt),
  termEndsAt: r.termEndsAt === null ? null : formatInstant(r.termEndsAt),
});

/** `standing listing add SUBJECT`: one listing by decision (SPEC §6), by an admin of the scheme's authority. */
export async function listingAdd(ctx: CliContext, subject: string, opts: AddOpts): Promise<number> {
  const result = await withEngine(ctx, opts.db, async (deps) =>
    openManualListing(
      deps,
      {
        subject,
        scheme: opts.scheme,
        list: opts.list,
        reason: opts.reason,
        basis: opts.basis,
        ...(opts.authority === undefined ? {} : { authority: opts.authority }),
        ...(opts.evidence === undefined ? {} : { evidence: opts.evidence }),
        ...(opts.term === undefined ? {} : { term: opts.term }),
        ...(opts.key === undefined ? {} : { key: opts.key }),
      },
      await actingAs(deps, opts.as),
    ),
  );
  if (opts.json) ctx.output.out(`${JSON.stringify(json(result))}\n`);
  else {
    ctx.output.out(renderTable(HEAD, [row(result)]));
    ctx.output.err(
      result.outcome === 'opened'
        ? `listing ${result.listing} opened by decision ${result.key}; the subject was sent a notice\n`
        : `decision ${result.key} was recorded before (listing ${result.listing}); nothing changed\n`,
    );
  }
  return 0;
}

interface ImportOpts {
  db?: string;
  format?: string;
  as: string;
  json?: boolean;
}

/**
 * `standing listing import FILE`: decisions from NDJSON or CSV, each its own unit (SPEC §10):
 * every bad line reported with its line number and code, the others kept; exit 1 if any was bad.
 */
export async function listingImport(ctx: CliContext, file: string, opts: ImportOpts): Promise<number> {
  const format = decisionFormat(file, opts.format);
  const lines: SourceLine[] = decisionLines(
    readInputFile(file, { field: 'FILE', maxBytes: MAX_DECISION_FILE_BYTES }),
    format,
  );
  const out = ctx.output;
  const good = lines.flatMap((l) => ('raw' in l ? [l] : []));
  const rejected: { line: number; error: StandingError }[] = lines.flatMap((l) =>
    'error' in l ? [{ line: l.line, error: l.error }] : [],
  );
  const { results } = await withEngine(ctx, opts.db, async (deps) => {
    const progress = createProgress({ total: lines.length, label: 'listing' });
    try {
      const r = await openManualListings(
        deps,
        good.map((l) => l.raw),
        await actingAs(deps, opts.as),
        (done) => progress.update(done + rejected.length, { records: done, rejected: rejected.length }),
      );
      for (const e of r.errors) rejected.push({ line: good[e.index]!.line, error: e.error });
      return r;
    } finally {
      progress.stop();
    }
  });
  rejected.sort((a, b) => a.line - b.line);
  for (const r of rejected) {
    const field = r.error.at.field === undefined ? '' : ` (field ${r.error.at.field})`;
    if (opts.json)
      out.out(
        `${JSON.stringify({ rejected: { line: r.line, code: r.error.code, message: r.error.message, ...(r.error.at.field ? { field: r.error.at.field } : {}) } })}\n`,
      );
    else out.err(`${file}:${r.line}: ${r.error.code}: ${r.error.message}${field}\n`);
  }
  const summary = {
    opened: results.filter((r) => r.outcome === 'opened').length,
    unchanged: results.filter((r) => r.outcome === 'unchanged').length,
    rejected: rejected.length,
  };
  if (opts.json) {
    for (const r of results) out.out(`${JSON.stringify({ listing: json(r) })}\n`);
    out.out(`${JSON.stringify({ summary })}\n`);
  } else {
    if (results.length > 0) out.out(renderTable(HEAD, results.map(row)));
    out.out(
      renderTable(
        ['decisions', 'count'],
        [
          ['opened', String(summary.opened)],
          ['already recorded', String(summary.unchanged)],
          ['rejected', String(summary.rejected)],
        ],
        { align: ['left', 'right'] },
      ),
    );
  }
  return rejected.length > 0 ? 1 : 0;
}
