import type Database from 'better-sqlite3';
import type { ActionDef } from '../../core/actions.js';
import type { ConsentEvent } from '../../core/evaluate.js';
import type { RecordInput, StoredRecord } from '../../core/record.js';
import type { Effect } from '../../core/scheme-types.js';
import type { InsertOutcome, NewRecord, SchemeVersionRow, StoreTx, SubjectState } from '../store.js';

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

interface StateRow {
  authority: string;
  scheme: string;
  subject: string;
  version: number;
  judged: number;
  score: number | null;
  grade: string | null;
  lists: string;
  next_change: number | null;
  evaluated_at: number;
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

const toState = (r: StateRow): SubjectState => ({
  authority: r.authority,
  scheme: r.scheme,
  subject: r.subject,
  version: r.version,
  judged: r.judged === 1,
  score: r.score,
  grade: r.grade,
  lists: JSON.parse(r.lists) as string[],
  nextChange: r.next_change,
  evaluatedAt: r.evaluated_at,
});

/** The SQLite StoreTx: synchronous better-sqlite3 calls behind the async port. */
export function createSqliteTx(db: Database.Database): StoreTx {
  const cache = new Map<string, Database.Statement>();
  const st = (sql: string): Database.Statement => {
    let s = cache.get(sql);
    if (!s) {
      s = db.prepare(sql);
      cache.set(sql, s);
    }
    return s;
  };
  const json = (xs: readonly string[]): string => JSON.stringify(xs);

  return {
    async getMeta(key) {
      return (st('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value;
    },
    async setMeta(key, value) {
      st('INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
    },

    async ensureAuthorities(names, at) {
      const ins = st('INSERT OR IGNORE INTO authorities(name, created_at) VALUES (?, ?)');
      for (const n of names) ins.run(n, at);
    },
    async listAuthorities() {
      return (st('SELECT name FROM authorities ORDER BY name').all() as { name: string }[]).map((r) => r.name);
    },

    async listActions() {
      const rows = st('SELECT name, domain, effect, description FROM actions ORDER BY name').all() as {
        name: string;
        domain: string;
        effect: Effect;
        description: string | null;
      }[];
      return rows.map((r): ActionDef => (r.description === null ? { name: r.name, domain: r.domain, effect: r.effect } : { ...r, description: r.description }));
    },
    async addAction(def) {
      const info = st('INSERT OR IGNORE INTO actions(name, domain, effect, description) VALUES (?, ?, ?, ?)').run(
        def.name,
        def.domain,
        def.effect,
        def.description ?? null,
      );
      return info.changes === 1;
    },
    async addGrant(authority, action, at) {
      return st('INSERT OR IGNORE INTO grants(authority, action, granted_at) VALUES (?, ?, ?)').run(authority, action, at).changes === 1;
    },
    async listGrants() {
      const rows = st('SELECT authority, action, granted_at FROM grants ORDER BY authority, action').all() as { authority: string; action: string; granted_at: number }[];
      return rows.map((r) => ({ authority: r.authority, action: r.action, grantedAt: r.granted_at }));
    },

    async insertRecords(rows) {
      const ins = st(
        `INSERT INTO records(authority, key, subject, kind, occurred_at, data, evidence, submitted_by, received_at, hash)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(authority, key) DO NOTHING`,
      );
      const existing = st('SELECT hash FROM records WHERE authority = ? AND key = ?');
      const out: InsertOutcome[] = [];
      for (const r of rows) {
        const info = ins.run(r.authority, r.key, r.subject, r.kind, r.occurredAt, r.data, r.evidence, r.submittedBy, r.receivedAt, r.hash);
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
      const row = st('SELECT * FROM records WHERE authority = ? AND key = ?').get(authority, key) as RecordRow | undefined;
      return row && toStored(row);
    },
    async retractRecord(input) {
      const info = st(
        'UPDATE records SET retracted_at = ?, retract_reason = ?, retracted_by = ? WHERE authority = ? AND key = ? AND retracted_at IS NULL',
      ).run(input.at, input.reason, input.by, input.authority, input.key);
      return info.changes === 1;
    },
    async recordsOfSubjects(subjects, sources) {
      const out = new Map<string, RecordInput[]>();
      if (subjects.length === 0) return out;
      const rows = st(
        `SELECT authority, key, subject, kind, occurred_at, data, evidence FROM records
         WHERE subject IN (SELECT value FROM json_each(?)) AND authority IN (SELECT value FROM json_each(?)) AND retracted_at IS NULL
         ORDER BY subject, occurred_at, key`,
      ).all(json(subjects), json(sources)) as RecordRow[];
      for (const r of rows) {
        let list = out.get(r.subject);
        if (!list) out.set(r.subject, (list = []));
        list.push({ authority: r.authority, key: r.key, subject: r.subject, kind: r.kind, occurredAt: r.occurred_at, data: r.data, evidence: r.evidence });
      }
      return out;
    },
    async subjectsAfter(sources, after, limit) {
      const rows = st(
        `SELECT DISTINCT subject FROM records
         WHERE subject > ? AND authority IN (SELECT value FROM json_each(?)) AND retracted_at IS NULL
         ORDER BY subject LIMIT ?`,
      ).all(after ?? '', json(sources), limit) as { subject: string }[];
      return rows.map((r) => r.subject);
    },
    async recordsOfSubject(subject) {
      const rows = st('SELECT * FROM records WHERE subject = ? ORDER BY occurred_at, authority, key').all(subject) as RecordRow[];
      return rows.map(toStored);
    },

    async insertSchemeVersion(row) {
      st(
        'INSERT INTO scheme_versions(authority, scheme, version, source, content, published_at, published_by) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ).run(row.authority, row.scheme, row.version, row.source, row.content, row.publishedAt, row.publishedBy);
    },
    async schemeVersions(scheme) {
      const rows = (
        scheme === undefined
          ? st('SELECT * FROM scheme_versions ORDER BY authority, scheme, version').all()
          : st('SELECT * FROM scheme_versions WHERE scheme = ? ORDER BY authority, scheme, version').all(scheme)
      ) as { authority: string; scheme: string; version: number; source: string; content: string; published_at: number; published_by: string | null }[];
      return rows.map(
        (r): SchemeVersionRow => ({
          authority: r.authority,
          scheme: r.scheme,
          version: r.version,
          source: r.source,
          content: r.content,
          publishedAt: r.published_at,
          publishedBy: r.published_by,
        }),
      );
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

    async markDirty(subjects) {
      const ins = st('INSERT OR IGNORE INTO dirty_subjects(subject) VALUES (?)');
      for (const s of subjects) ins.run(s);
    },
    async takeDirty(limit) {
      const rows = st('SELECT subject FROM dirty_subjects ORDER BY subject LIMIT ?').all(limit) as { subject: string }[];
      const subjects = rows.map((r) => r.subject);
      if (subjects.length > 0) st('DELETE FROM dirty_subjects WHERE subject IN (SELECT value FROM json_each(?))').run(json(subjects));
      return subjects;
    },

    async putStates(rows) {
      const up = st(
        `INSERT INTO subject_states(authority, scheme, subject, version, judged, score, grade, lists, next_change, evaluated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(authority, scheme, subject) DO UPDATE SET version = excluded.version, judged = excluded.judged, score = excluded.score,
           grade = excluded.grade, lists = excluded.lists, next_change = excluded.next_change, evaluated_at = excluded.evaluated_at`,
      );
      for (const r of rows) {
        up.run(r.authority, r.scheme, r.subject, r.version, r.judged ? 1 : 0, r.score, r.grade, JSON.stringify(r.lists), r.nextChange, r.evaluatedAt);
      }
    },
    async deleteStates(ref, subjects) {
      if (subjects.length === 0) return;
      st('DELETE FROM subject_states WHERE authority = ? AND scheme = ? AND subject IN (SELECT value FROM json_each(?))').run(
        ref.authority,
        ref.scheme,
        json(subjects),
      );
    },
    async clearStates(ref) {
      st('DELETE FROM subject_states WHERE authority = ? AND scheme = ?').run(ref.authority, ref.scheme);
    },
    async getStates(ref, subjects) {
      if (subjects.length === 0) return [];
      const rows = st(
        'SELECT * FROM subject_states WHERE authority = ? AND scheme = ? AND subject IN (SELECT value FROM json_each(?)) ORDER BY subject',
      ).all(ref.authority, ref.scheme, json(subjects)) as StateRow[];
      return rows.map(toState);
    },
    async statesAfter(ref, after, limit) {
      const rows = st('SELECT * FROM subject_states WHERE authority = ? AND scheme = ? AND subject > ? ORDER BY subject LIMIT ?').all(
        ref.authority,
        ref.scheme,
        after ?? '',
        limit,
      ) as StateRow[];
      return rows.map(toState);
    },
    async summarizeStates(ref) {
      const grades = st(
        'SELECT grade, COUNT(*) AS count FROM subject_states WHERE authority = ? AND scheme = ? AND judged = 1 GROUP BY grade ORDER BY grade',
      ).all(ref.authority, ref.scheme) as { grade: string | null; count: number }[];
      const lists = st(
        `SELECT j.value AS list, COUNT(*) AS count FROM subject_states s, json_each(s.lists) j
         WHERE s.authority = ? AND s.scheme = ? AND s.judged = 1 GROUP BY j.value ORDER BY j.value`,
      ).all(ref.authority, ref.scheme) as { list: string; count: number }[];
      return { judged: grades.reduce((n, g) => n + g.count, 0), grades, lists };
    },
    async dueStates(now, limit) {
      const rows = st('SELECT * FROM subject_states WHERE next_change IS NOT NULL AND next_change <= ? ORDER BY next_change LIMIT ?').all(
        now,
        limit,
      ) as StateRow[];
      return rows.map(toState);
    },
  };
}
