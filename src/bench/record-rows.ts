import { validateRecord } from '../core/record.js';
import { openRecordSource } from '../engine/ingest/record-source.js';
import { NOW } from './bench-config.js';

/** One record as the baselines store it: authority, key, subject, kind, occurred_at (ms), data (canonical JSON), evidence. */
export type RecordRow = [string, string, string, string, number, string, string | null];

/**
 * Reads the NDJSON file into rows in memory, validated and canonical exactly as Standing
 * would store them, so the baselines write the same values. Not timed by any phase.
 */
export async function readRecordRows(path: string): Promise<RecordRow[]> {
  const rows: RecordRow[] = [];
  for await (const batch of openRecordSource(path, 'ndjson').batches) {
    for (const item of batch) {
      if ('error' in item) throw item.error;
      const r = validateRecord(item.raw, { authority: 'default', now: NOW }, { line: item.line });
      rows.push([r.authority, r.key, r.subject, r.kind, r.occurredAt, r.data, r.evidence]);
    }
  }
  return rows;
}
