import type { SqliteContext } from './sqlite-context.js';
import type { StoreTx } from '../store.js';
import type { ConsentEvent } from '../../core/evaluate.js';
import type { EvalRecord, StoredRecord } from '../../core/record.js';
import type { InsertOutcome } from '../store.js';

interface RecordRow {
  id: number;
  authority: string;
  key: string;
  subject: string;
  kind: string;
  occurred_at: number;
  data: string;
  evidence: string | null;
  submitted_by: string | null;
  received_at: number;
  retracted_at: number | null;
  retract_reason: string | null;
}

const toStored = (r: RecordRow): StoredRecord => ({
  id: r.id,
  authority: r.authority,
  key: r.key,
  subject: r.subject,
  kind: r.kind,
  occurredAt: r.occurred_at,
  data: r.data,
  evidence: r.evidence,
  submittedBy: r.submitted_by,
  receivedAt: r.received_at,
  retractedAt: r.retracted_at,
  retractReason: r.retract_reason,
});

/** Records and consent events: the facts evaluation reads. */
export function recordsRepo({ st, json }: SqliteContext) {
  return {
    async insertRecords(rows) {
      const ins = st(
        `INSERT INTO records(authority, key, subject, kind, occurred_at, data, evidence, submitted_by, received_at, hash)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(authority, key) DO NOTHING`,
      );
      const existing = st('SELECT hash FROM records WHERE authority = ? AND key = ?');
      const out: InsertOutcome[] = [];
      for (const r of rows) {
        const info = ins.run(
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
        );
        if (info.changes === 1) {
          out.push('inserted');
          continue;
        }
        // The hash covers the canonical record, so equal hashes mean equal content.
        const prev = existing.get(r.authority, r.key) as { hash: string };
        out.push(prev.hash === r.hash ? 'duplicate' : 'conflict');
      }
      return out;
    },
    async getRecord(authority, key) {
      const row = st('SELECT * FROM records WHERE authority = ? AND key = ?').get(authority, key) as
        | RecordRow
        | undefined;
      return row && toStored(row);
    },
    async retractRecord(input) {
      const info = st(
        'UPDATE records SET retracted_at = ?, retract_reason = ?, retracted_by = ? WHERE authority = ? AND key = ? AND retracted_at IS NULL',
      ).run(input.at, input.reason, input.by, input.authority, input.key);
      return info.changes === 1;
    },
    async deleteRecord(authority, key) {
      return st('DELETE FROM records WHERE authority = ? AND key = ?').run(authority, key).changes === 1;
    },
    async recordsOfSubjects(subjects, sources, kinds) {
      const out = new Map<string, EvalRecord[]>();
      if (subjects.length === 0) return out;
      const select = `SELECT authority, key, subject, kind, occurred_at, data, evidence, received_at, submitted_by FROM records
         WHERE subject IN (SELECT value FROM json_each(?)) AND authority IN (SELECT value FROM json_each(?)) AND retracted_at IS NULL`;
      const rows = (
        kinds === undefined
          ? st(`${select} ORDER BY subject, occurred_at, key`).all(json(subjects), json(sources))
          : st(`${select} AND kind IN (SELECT value FROM json_each(?)) ORDER BY subject, occurred_at, key`).all(
              json(subjects),
              json(sources),
              json(kinds),
            )
      ) as RecordRow[];
      for (const r of rows) {
        let list = out.get(r.subject);
        if (!list) out.set(r.subject, (list = []));
        list.push({
          authority: r.authority,
          key: r.key,
          subject: r.subject,
          kind: r.kind,
          occurredAt: r.occurred_at,
          data: r.data,
          evidence: r.evidence,
          receivedAt: r.received_at,
          submittedBy: r.submitted_by,
        });
      }
      return out;
    },
    async subjectsAfter(sources, after, limit) {
      const rows = st(
        // Walk the subject index in order (the planner would otherwise scan by authority and sort everything).
        `SELECT DISTINCT subject FROM records INDEXED BY records_subject
         WHERE subject > ? AND +authority IN (SELECT value FROM json_each(?)) AND retracted_at IS NULL
         ORDER BY subject LIMIT ?`,
      ).all(after ?? '', json(sources), limit) as { subject: string }[];
      return rows.map((r) => r.subject);
    },
    async recordsOfSubject(subject) {
      const rows = st('SELECT * FROM records WHERE subject = ? ORDER BY occurred_at, authority, key').all(
        subject,
      ) as RecordRow[];
      return rows.map(toStored);
    },
    async putConsent(row) {
      st('INSERT INTO consents(authority, scheme, subject, at, opt_in, recorded_by) VALUES (?, ?, ?, ?, ?, ?)').run(
        row.authority,
        row.scheme,
        row.subject,
        row.at,
        row.optIn ? 1 : 0,
        row.recordedBy,
      );
    },
    async consentsOf(ref, subjects) {
      const out = new Map<string, ConsentEvent[]>();
      if (subjects.length === 0) return out;
      const rows = st(
        `SELECT subject, at, opt_in FROM consents WHERE authority = ? AND scheme = ? AND subject IN (SELECT value FROM json_each(?)) ORDER BY subject, at, id`,
      ).all(ref.authority, ref.scheme, json(subjects)) as { subject: string; at: number; opt_in: number }[];
      for (const r of rows) {
        let list = out.get(r.subject);
        if (!list) out.set(r.subject, (list = []));
        list.push({ at: r.at, optIn: r.opt_in === 1 });
      }
      return out;
    },
  } satisfies Partial<StoreTx>;
}
