import { openRecordSource } from '../../engine/ingest/record-source.js';
import { importRecords, importSource, type ImportOptions, type Rejection } from '../../engine/ingest/ingest.js';
import { requireRole } from '../../engine/tenancy/accounts.js';
import { withEngine, type CliContext } from '../context.js';
import { createProgress } from '../progress.js';

interface ImportOpts {
  db?: string;
  format?: 'ndjson' | 'csv';
  authority: string;
  json?: boolean;
  as?: string;
}

/** `standing import FILE`: exit 0 only when every line was accepted (or already stored). */
export async function importCommand(ctx: CliContext, file: string, opts: ImportOpts): Promise<number> {
  const source = openRecordSource(file, opts.format);
  const out = ctx.output;
  const counts = await withEngine(ctx, opts.db, async (deps) => {
    const reporter =
      opts.as === undefined ? undefined : await deps.store.transaction((tx) => requireRole(tx, opts.as!, 'reporter'));
    const progress = createProgress({ total: source.totalBytes, label: 'importing' });
    const onRejected = (r: Rejection): void => {
      if (opts.json) out.out(`${JSON.stringify({ rejected: r })}\n`);
      else out.err(`${file}:${r.line}: ${r.code}: ${r.message}${r.field ? ` (field ${r.field})` : ''}\n`);
    };
    const who: ImportOptions = {
      defaultAuthority: reporter?.authority ?? opts.authority,
      ...(reporter ? { submittedBy: reporter.name, onlyAuthority: reporter.authority! } : {}),
    };
    const input = importSource(source, who);
    try {
      return await importRecords(deps, input.batches, {
        ...who,
        onRejected,
        onProgress: (c) =>
          progress.update(input.bytesRead(), { records: c.accepted + c.duplicates, rejected: c.rejected }),
      });
    } finally {
      progress.stop();
    }
  });
  if (opts.json) out.out(`${JSON.stringify({ summary: counts })}\n`);
  else
    out.err(`${counts.accepted} records imported, ${counts.duplicates} already present, ${counts.rejected} rejected\n`);
  return counts.rejected > 0 ? 1 : 0;
}
