import { sql as raw } from 'kysely';
import type { ConsentEvent } from '../../core/evaluate.js';
import type { EvalRecord, StoredRecord } from '../../core/record.js';
import type { InsertOutcome, NewRecord, StoreTx } from '../store.js';
import { compiledOnce, compiledOnceIn } from './compiled.js';
import type { ColumnType, SqlRunner } from './dialect.js';

/*
 * Records and consent events, the facts evaluation reads: one implementation for SQLite and
 * PostgreSQL. The import's insert is the product's hottest path, so it writes as each database
 * writes fastest (measured, docs/bench.md "Records written once"): in process (SQLite) one
 * prepared statement per row; on a server one statement per batch, and COPY for large batches.
 */

/** Batches at least this large go through COPY into a temporary table (where `can.copy`); smaller ones are one INSERT … SELECT. */
export const COPY_THRESHOLD = 5000;

const keyOf = (authority: string, key: string): string => `${authority}\u0000${key}`;

/** The inserted columns, in the order of `insertParams` and of the COPY lines. */
const INSERT_TYPES = {
  authority: 'text',
  key: 'text',
  subject: 'text',
  kind: 'text',
  occurred_at: 'bigint',
  data: 'text',
  evidence: 'text',
  submitted_by: 'text',
  received_at: 'bigint',
  hash: 'text',
} as const satisfies Record<string, ColumnType>;
const INSERT_COLUMNS = Object.keys(INSERT_TYPES) as (keyof typeof INSERT_TYPES)[];

type InsertArgs = [
  authority: string,
  key: string,
  subject: string,
  kind: string,
  occurredAt: number,
  data: string,
  evidence: string | null,
  submittedBy: string | null,
  receivedAt: number,
  hash: string,
];
const insertParams = (r: NewRecord): InsertArgs => [
  r.authority,
  r.key,
  r.subject,
  r.kind,
  r.occurredAt,
  r.data,
  r.evidence,
  r.submittedBy,
  r.receivedAt,
  r.hash,
];

// One row, for the per-row writes (`can.inProcess`); its arguments are insertParams' values.
const INSERT_ONE = compiledOnce(
  10,
  (sql, ...[authority, key, subject, kind, occurred_at, data, evidence, submitted_by, received_at, hash]: InsertArgs) =>
    sql
      .insertInto('records')
      .values({ authority, key, subject, kind, occurred_at, data, evidence, submitted_by, received_at, hash })
      .onConflict((oc) => oc.columns(['authority', 'key']).doNothing()),
);

// A batch given as one JSON array, one statement (a server's round trip per batch, not per row).
const INSERT_ROWS = compiledOnceIn(1, (dialect, json: string) =>
  dialect.sql
    .insertInto('records')
    .columns(INSERT_COLUMNS)
    .expression(raw`${dialect.rows(json, INSERT_TYPES)}`)
    .onConflict((oc) => oc.columns(['authority', 'key']).doNothing())
    .returning(['authority', 'key']),
);

const STORED_HASHES = compiledOnceIn(2, (dialect, authority: string, keys: unknown) =>
  dialect.sql
    .selectFrom('records')
    .select(['key', 'hash'])
    .where('authority', '=', authority)
    .where(dialect.inList('key', keys)),
);

// The evaluation's reads (a derive reads a batch of subjects at a time), compiled once.
const EVAL_COLUMNS = [
  'authority',
  'key',
  'subject',
  'kind',
  'occurred_at as occurredAt',
  'data',
  'evidence',
  'received_at as receivedAt',
  'submitted_by as submittedBy',
] as const;
const RECORDS_OF = compiledOnceIn(2, (dialect, subjects: unknown, sources: unknown) =>
  dialect.sql
    .selectFrom('records')
    .select(EVAL_COLUMNS)
    .where(dialect.inList('subject', subjects))
    .where(dialect.inList('authority', sources))
    .where('retracted_at', 'is', null)
    .orderBy('subject')
    .orderBy('occurred_at')
    .orderBy('key'),
);
const RECORDS_OF_KINDS = compiledOnceIn(3, (dialect, subjects: unknown, sources: unknown, kinds: unknown) =>
  dialect.sql
    .selectFrom('records')
    .select(EVAL_COLUMNS)
    .where(dialect.inList('subject', subjects))
    .where(dialect.inList('authority', sources))
    .where('retracted_at', 'is', null)
    .where(dialect.inList('kind', kinds))
    .orderBy('subject')
    .orderBy('occurred_at')
    .orderBy('key'),
);
// Walks the subject index in order (SQLite's planner would otherwise scan by authority and sort everything).
const SUBJECTS_AFTER = compiledOnceIn(3, (dialect, after: string, sources: unknown, limit: number) => ({
  compile: () =>
    raw`SELECT DISTINCT subject FROM records ${dialect.indexedBy('records_subject')}
      WHERE subject > ${after} AND ${dialect.inList('authority', sources)} AND retracted_at IS NULL
      ORDER BY subject LIMIT ${limit}`.compile(dialect.sql),
}));
const CONSENTS_OF = compiledOnceIn(3, (dialect, authority: string, scheme: string, subjects: unknown) =>
  dialect.sql
    .selectFrom('consents')
    .select(['subject', 'at', 'opt_in'])
    .where('authority', '=', authority)
    .where('scheme', '=', scheme)
    .where(dialect.inList('subject', subjects))
    .orderBy('subject')
    .orderBy('at')
    .orderBy('id'),
);

const STORED_COLUMNS = [
  'id',
  'authority',
  'key',
  'subject',
  'kind',
  'occurred_at as occurredAt',
  'data',
  'evidence',
  'submitted_by as submittedBy',
  'received_at as receivedAt',
  'retracted_at as retractedAt',
  'retract_reason as retractReason',
] as const;

// COPY text format: backslash, tab, newline and carriage return are escaped; \N is null.
const copyText = (s: string | null): string =>
  s === null
    ? '\\N'
    : s.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));

function* copyLines(rows: readonly NewRecord[]): Generator<string> {
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

/** COPY into a session temporary table, then one INSERT … SELECT in input order; the keys it inserted. Only where `can.copy`. */
async function insertByCopy(
  { dialect, all, run, copyFrom }: SqlRunner,
  rows: readonly NewRecord[],
): Promise<{ authority: string; key: string }[]> {
  const cols = raw.join(INSERT_COLUMNS.map((c) => raw.ref(c)));
  await run(
    raw`CREATE TEMP TABLE IF NOT EXISTS records_in (ord INTEGER, authority TEXT, key TEXT, subject TEXT, kind TEXT, occurred_at BIGINT, data TEXT,
       evidence TEXT, submitted_by TEXT, received_at BIGINT, hash TEXT) ON COMMIT DELETE ROWS`.compile(dialect.sql),
  );
  await run(raw`TRUNCATE records_in`.compile(dialect.sql));
  await copyFrom('COPY records_in FROM STDIN', copyLines(rows));
  return all(
    raw`INSERT INTO records(${cols}) SELECT ${cols} FROM records_in ORDER BY ord ON CONFLICT (authority, key) DO NOTHING RETURNING authority, key`.compile(
      dialect.sql,
    ),
  );
}

/** Records and consent events: the facts evaluation reads. */
export function recordsRepo(runner: SqlRunner) {
  const { dialect, all, run, runEach } = runner;
  const { sql } = dialect;

  /** Whether each row was inserted (false: its key was stored already, or earlier in this batch). */
  async function insertNew(rows: readonly NewRecord[]): Promise<boolean[]> {
    if (dialect.can.inProcess) {
      const params = rows.map(insertParams);
      const q = INSERT_ONE(dialect, ...params[0]!);
      // runEach binds each row's values by position: the statement's parameters must be in insertParams' order.
      if (q.parameters.some((p, i) => p !== params[0]![i]))
        throw new Error(`records: parameters out of order in ${q.sql}`);
      return (await runEach(q, params)).map((n) => n === 1);
    }
    const inserted = new Set(
      (dialect.can.copy && rows.length >= COPY_THRESHOLD
        ? await insertByCopy(runner, rows)
        : await all<{ authority: string; key: string }>(
            INSERT_ROWS(
              dialect,
              JSON.stringify(
                rows.map((r) => ({
                  authority: r.authority,
                  key: r.key,
                  subject: r.subject,
                  kind: r.kind,
                  occurred_at: r.occurredAt,
                  data: r.data,
                  evidence: r.evidence,
                  submitted_by: r.submittedBy,
                  received_at: r.receivedAt,
                  hash: r.hash,
                })),
              ),
            ),
          )
      ).map((r) => keyOf(r.authority, r.key)),
    );
    // A key given twice in one batch is inserted once: its first occurrence takes the outcome.
    return rows.map((r) => inserted.delete(keyOf(r.authority, r.key)));
  }

  return {
    async insertRecords(rows) {
      if (rows.length === 0) return [];
      const inserted = await insertNew(rows);
      const out = inserted.map((i): InsertOutcome => (i ? 'inserted' : 'duplicate'));
      const rest = new Map<string, string[]>();
      rows.forEach((r, i) => {
        if (inserted[i]) return;
        let keys = rest.get(r.authority);
        if (!keys) rest.set(r.authority, (keys = []));
        keys.push(r.key);
      });
      if (rest.size === 0) return out;
      const stored = new Map<string, string>();
      for (const [authority, keys] of rest)
        for (const r of await all<{ key: string; hash: string }>(
          STORED_HASHES(dialect, authority, dialect.textList(keys)),
        ))
          stored.set(keyOf(authority, r.key), r.hash);
      // The hash covers the canonical record, so equal hashes mean equal content.
      rows.forEach((r, i) => {
        if (!inserted[i] && stored.get(keyOf(r.authority, r.key)) !== r.hash) out[i] = 'conflict';
      });
      return out;
    },
    async getRecord(authority, key) {
      const [r] = await all<StoredRecord>(
        sql
          .selectFrom('records')
          .select(STORED_COLUMNS)
          .where('authority', '=', authority)
          .where('key', '=', key)
          .compile(),
      );
      return r;
    },
    async retractRecord(input) {
      const n = await run(
        sql
          .updateTable('records')
          .set({ retracted_at: input.at, retract_reason: input.reason, retracted_by: input.by })
          .where('authority', '=', input.authority)
          .where('key', '=', input.key)
          .where('retracted_at', 'is', null)
          .compile(),
      );
      return n === 1;
    },
    async deleteRecord(authority, key) {
      return (
        (await run(sql.deleteFrom('records').where('authority', '=', authority).where('key', '=', key).compile())) === 1
      );
    },
    async recordsOfSubjects(subjects, sources, kinds) {
      const out = new Map<string, EvalRecord[]>();
      if (subjects.length === 0) return out;
      const rows = await all<EvalRecord>(
        kinds === undefined
          ? RECORDS_OF(dialect, dialect.textList(subjects), dialect.textList(sources))
          : RECORDS_OF_KINDS(dialect, dialect.textList(subjects), dialect.textList(sources), dialect.textList(kinds)),
      );
      for (const r of rows) {
        let list = out.get(r.subject);
        if (!list) out.set(r.subject, (list = []));
        list.push(r);
      }
      return out;
    },
    async subjectsAfter(sources, after, limit) {
      const rows = await all<{ subject: string }>(
        SUBJECTS_AFTER(dialect, after ?? '', dialect.textList(sources), limit),
      );
      return rows.map((r) => r.subject);
    },
    async recordsOfSubject(subject) {
      return all<StoredRecord>(
        sql
          .selectFrom('records')
          .select(STORED_COLUMNS)
          .where('subject', '=', subject)
          .orderBy('occurred_at')
          .orderBy('authority')
          .orderBy('key')
          .compile(),
      );
    },
    async putConsent(row) {
      await run(
        sql
          .insertInto('consents')
          .values({
            authority: row.authority,
            scheme: row.scheme,
            subject: row.subject,
            at: row.at,
            opt_in: dialect.bool(row.optIn),
            recorded_by: row.recordedBy,
          })
          .compile(),
      );
    },
    async consentsOf(ref, subjects) {
      const out = new Map<string, ConsentEvent[]>();
      if (subjects.length === 0) return out;
      const rows = await all<{ subject: string; at: number; opt_in: unknown }>(
        CONSENTS_OF(dialect, ref.authority, ref.scheme, dialect.textList(subjects)),
      );
      for (const r of rows) {
        let list = out.get(r.subject);
        if (!list) out.set(r.subject, (list = []));
        list.push({ at: r.at, optIn: dialect.readBool(r.opt_in) });
      }
      return out;
    },
  } satisfies Partial<StoreTx>;
}
