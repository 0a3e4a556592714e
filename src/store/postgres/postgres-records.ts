import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import copyStreams from 'pg-copy-streams';
import type { PostgresContext } from './postgres-context.js';
import type { InsertOutcome, NewRecord, StoreTx } from '../store.js';
import type { ConsentEvent } from '../../core/evaluate.js';
import type { EvalRecord, StoredRecord } from '../../core/record.js';

const STORED = `id, authority, key, subject, kind, occurred_at AS "occurredAt", data, evidence, submitted_by AS "submittedBy",
  received_at AS "receivedAt", retracted_at AS "retractedAt", retract_reason AS "retractReason"`;

const INSERT_COLS = 'authority, key, subject, kind, occurred_at, data, evidence, submitted_by, received_at, hash';

/** Batches at least this large go through COPY into a temporary table; smaller ones are one INSERT … SELECT FROM unnest(…). */
export const COPY_THRESHOLD = 5000;

const keyOf = (authority: string, key: string): string => `${authority}\u0000${key}`;

/** One multi-row INSERT from arrays (one parameter per column, whatever the batch size); the keys it inserted. */
async function insertByUnnest(
  { q }: PostgresContext,
  rows: readonly NewRecord[],
): Promise<{ authority: string; key: string }[]> {
  return q(
    `INSERT INTO records(${INSERT_COLS})
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::text[], $7::text[], $8::text[], $9::bigint[], $10::text[])
     ON CONFLICT (authority, key) DO NOTHING RETURNING authority, key`,
    [
      rows.map((r) => r.authority),
      rows.map((r) => r.key),
      rows.map((r) => r.subject),
      rows.map((r) => r.kind),
      rows.map((r) => r.occurredAt),
      rows.map((r) => r.data),
      rows.map((r) => r.evidence),
      rows.map((r) => r.submittedBy),
      rows.map((r) => r.receivedAt),
      rows.map((r) => r.hash),
    ],
  );
}

// COPY text format: backslash, tab, newline and carriage return are escaped; \N is null.
const copyText = (s: string | null): string =>
  s === null
    ? '\\N'
    : s.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));

/** COPY into a session temporary table, then one INSERT … SELECT in input order; the keys it inserted. */
async function insertByCopy(
  { q, run, client }: PostgresContext,
  rows: readonly NewRecord[],
): Promise<{ authority: string; key: string }[]> {
  await run(
    `CREATE TEMP TABLE IF NOT EXISTS records_in (ord INTEGER, authority TEXT, key TEXT, subject TEXT, kind TEXT, occurred_at BIGINT, data TEXT,
       evidence TEXT, submitted_by TEXT, received_at BIGINT, hash TEXT) ON COMMIT DELETE ROWS`,
  );
  await run('TRUNCATE records_in');
  function* lines(): Generator<string> {
    let chunk = '';
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      chunk += `${i}\t${copyText(r.authority)}\t${copyText(r.key)}\t${copyText(r.subject)}\t${copyText(r.kind)}\t${r.occurredAt}\t${copyText(r.data)}\t${copyText(
        r.evidence,
      )}\t${copyText(r.submittedBy)}\t${r.receivedAt}\t${copyText(r.hash)}\n`;
      if (chunk.length > 1 << 16) {
        yield chunk;
        chunk = '';
      }
    }
    if (chunk.length > 0) yield chunk;
  }
  await pipeline(Readable.from(lines()), client().query(copyStreams.from('COPY records_in FROM STDIN')));
  return q(
    `INSERT INTO records(${INSERT_COLS}) SELECT ${INSERT_COLS} FROM records_in ORDER BY ord ON CONFLICT (authority, key) DO NOTHING RETURNING authority, key`,
  );
}

/** Records and consent events: the facts evaluation reads. */
export function recordsRepo(ctx: PostgresContext) {
  const { q, run } = ctx;
  return {
    async insertRecords(rows) {
      if (rows.length === 0) return [];
      const inserted = new Set(
        (await (rows.length >= COPY_THRESHOLD ? insertByCopy : insertByUnnest)(ctx, rows)).map((r) =>
          keyOf(r.authority, r.key),
        ),
      );
      const out: InsertOutcome[] = [];
      const rest: NewRecord[] = [];
      for (const r of rows) {
        // A key given twice in one batch is inserted once: its first occurrence takes the outcome, the others compare with it.
        const k = keyOf(r.authority, r.key);
        if (inserted.delete(k)) out.push('inserted');
        else {
          out.push('duplicate');
          rest.push(r);
        }
      }
      if (rest.length === 0) return out;
      const stored = new Map(
        (
          await q<{ authority: string; key: string; hash: string }>(
            'SELECT r.authority, r.key, r.hash FROM records r JOIN unnest($1::text[], $2::text[]) AS u(authority, key) ON r.authority = u.authority AND r.key = u.key',
            [rest.map((r) => r.authority), rest.map((r) => r.key)],
          )
        ).map((r) => [keyOf(r.authority, r.key), r.hash]),
      );
      // The hash covers the canonical record, so equal hashes mean equal content.
      rows.forEach((r, i) => {
        if (out[i] === 'duplicate' && stored.get(keyOf(r.authority, r.key)) !== r.hash) out[i] = 'conflict';
      });
      return out;
    },
    async getRecord(authority, key) {
      return (
        await q<StoredRecord>(`SELECT ${STORED} FROM records WHERE authority = $1 AND key = $2`, [authority, key])
      )[0];
    },
    async retractRecord(input) {
      const n = await run(
        'UPDATE records SET retracted_at = $1, retract_reason = $2, retracted_by = $3 WHERE authority = $4 AND key = $5 AND retracted_at IS NULL',
        [input.at, input.reason, input.by, input.authority, input.key],
      );
      return n === 1;
    },
    async deleteRecord(authority, key) {
      return (await run('DELETE FROM records WHERE authority = $1 AND key = $2', [authority, key])) === 1;
    },
    async recordsOfSubjects(subjects, sources, kinds) {
      const out = new Map<string, EvalRecord[]>();
      if (subjects.length === 0) return out;
      const rows = await q<EvalRecord>(
        `SELECT authority, key, subject, kind, occurred_at AS "occurredAt", data, evidence, received_at AS "receivedAt", submitted_by AS "submittedBy"
         FROM records WHERE subject = ANY($1::text[]) AND authority = ANY($2::text[]) AND retracted_at IS NULL
         ${kinds === undefined ? '' : 'AND kind = ANY($3::text[])'}
         ORDER BY subject, occurred_at, key`,
        kinds === undefined ? [subjects, sources] : [subjects, sources, kinds],
      );
      for (const r of rows) {
        let list = out.get(r.subject);
        if (!list) out.set(r.subject, (list = []));
        list.push(r);
      }
      return out;
    },
    async subjectsAfter(sources, after, limit) {
      const rows = await q<{ subject: string }>(
        `SELECT DISTINCT subject FROM records WHERE subject > $1 AND authority = ANY($2::text[]) AND retracted_at IS NULL ORDER BY subject LIMIT $3`,
        [after ?? '', sources, limit],
      );
      return rows.map((r) => r.subject);
    },
    async recordsOfSubject(subject) {
      return q<StoredRecord>(`SELECT ${STORED} FROM records WHERE subject = $1 ORDER BY occurred_at, authority, key`, [
        subject,
      ]);
    },
    async putConsent(row) {
      await run(
        'INSERT INTO consents(authority, scheme, subject, at, opt_in, recorded_by) VALUES ($1, $2, $3, $4, $5, $6)',
        [row.authority, row.scheme, row.subject, row.at, row.optIn, row.recordedBy],
      );
    },
    async consentsOf(ref, subjects) {
      const out = new Map<string, ConsentEvent[]>();
      if (subjects.length === 0) return out;
      const rows = await q<{ subject: string; at: number; optIn: boolean }>(
        'SELECT subject, at, opt_in AS "optIn" FROM consents WHERE authority = $1 AND scheme = $2 AND subject = ANY($3::text[]) ORDER BY subject, at, id',
        [ref.authority, ref.scheme, subjects],
      );
      for (const r of rows) {
        let list = out.get(r.subject);
        if (!list) out.set(r.subject, (list = []));
        list.push({ at: r.at, optIn: r.optIn });
      }
      return out;
    },
  } satisfies Partial<StoreTx>;
}
