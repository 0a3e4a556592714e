import { openRecordSource } from '../../engine/ingest/record-source.js';
import { importRecords, importSource, type ImportOptions, type Rejection } from '../../engine/ingest/ingest.js';
import { actingAs } from '../../engine/tenancy/accounts.js';
import { authorize } from '../../core/policy.js';
import { principalName } from '../../core/principal.js';
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
    const me = authorize(await actingAs(deps, opts.as), 'record.submit');
    const progress = createProgress({ total: source.totalBytes, label: 'importing' });
    const onRejected = (r: Rejection): void => {
      if (opts.json) out.out(`${JSON.stringify({ rejected: r })}\n`);
      else out.err(`${file}:${r.line}: ${r.code}: ${r.message}${r.field ? ` (field ${r.field})` : ''}\n`);
    };
    const who: ImportOptions = {
      defaultAuthority: me.type === 'staff' ? me.authority : opts.authority,
      ...(me.type === 'staff' ? { submittedBy: principalName(me)!, onlyAuthority: me.authority } : {}),
    };
    // Parsing, validating and hashing run on a thread of their own for a file (engine/ingest/prepare.ts).
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
