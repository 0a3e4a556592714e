import type { CandidateRow, CandidateStatus, CandidatesRepo, ShadowState } from '../candidates-port.js';
import type { SqliteContext } from './sqlite-context.js';

/** Migration 14: shadow and pending scheme versions, and the states of shadow versions (kept apart from subject_states). */
export const CANDIDATES_DDL = `
CREATE TABLE scheme_candidates (
  authority TEXT NOT NULL,
  scheme TEXT NOT NULL,
  version INTEGER NOT NULL,
  source TEXT NOT NULL,
  content TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('shadow', 'pending', 'live')),
  published_at INTEGER NOT NULL,
  published_by TEXT,
  requested_by TEXT,
  gate TEXT,
  decided_at INTEGER,
  decided_by TEXT,
  PRIMARY KEY (authority, scheme, version)
) WITHOUT ROWID;
CREATE TABLE shadow_states (
  authority TEXT NOT NULL,
  scheme TEXT NOT NULL,
  version INTEGER NOT NULL,
  subject TEXT NOT NULL,
  judged INTEGER NOT NULL,
  score INTEGER,
  grade TEXT,
  lists TEXT NOT NULL,
  next_change INTEGER,
  evaluated_at INTEGER NOT NULL,
  PRIMARY KEY (authority, scheme, version, subject)
) WITHOUT ROWID;
CREATE INDEX shadow_states_subject ON shadow_states(subject);
`;

/** Migration 18: a shadow or pending version may be withdrawn (a CHECK is changed by rebuilding the table). */
export const WITHDRAWN_DDL = `
CREATE TABLE scheme_candidates_v18 (
  authority TEXT NOT NULL,
  scheme TEXT NOT NULL,
  version INTEGER NOT NULL,
  source TEXT NOT NULL,
  content TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('shadow', 'pending', 'live', 'withdrawn')),
  published_at INTEGER NOT NULL,
  published_by TEXT,
  requested_by TEXT,
  gate TEXT,
  decided_at INTEGER,
  decided_by TEXT,
  PRIMARY KEY (authority, scheme, version)
) WITHOUT ROWID;
INSERT INTO scheme_candidates_v18 SELECT authority, scheme, version, source, content, status, published_at, published_by, requested_by, gate, decided_at, decided_by FROM scheme_candidates;
DROP TABLE scheme_candidates;
ALTER TABLE scheme_candidates_v18 RENAME TO scheme_candidates;
`;

interface CandidateDbRow {
  authority: string;
  scheme: string;
  version: number;
  source: string;
  content: string;
  status: CandidateStatus;
  published_at: number;
  published_by: string | null;
  requested_by: string | null;
  gate: string | null;
  decided_at: number | null;
  decided_by: string | null;
}

const toCandidate = (r: CandidateDbRow): CandidateRow => ({
  authority: r.authority,
  scheme: r.scheme,
  version: r.version,
  source: r.source,
  content: r.content,
  status: r.status,
  publishedAt: r.published_at,
  publishedBy: r.published_by,
  requestedBy: r.requested_by,
  gate: r.gate,
  decidedAt: r.decided_at,
  decidedBy: r.decided_by,
});

interface ShadowDbRow {
  authority: string;
  scheme: string;
  version: number;
  subject: string;
  judged: number;
  score: number | null;
  grade: string | null;
  lists: string;
  next_change: number | null;
  evaluated_at: number;
}

const toShadow = (r: ShadowDbRow): ShadowState => ({
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

/** Shadow and pending scheme versions, and shadow states. */
export function candidatesRepo({ st }: SqliteContext): CandidatesRepo {
  return {
    async insertCandidate(row) {
      st(
        `INSERT INTO scheme_candidates(authority, scheme, version, source, content, status, published_at, published_by, requested_by, gate, decided_at, decided_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        row.authority,
        row.scheme,
        row.version,
        row.source,
        row.content,
        row.status,
        row.publishedAt,
        row.publishedBy,
        row.requestedBy,
        row.gate,
        row.decidedAt,
        row.decidedBy,
      );
    },
    async candidates(scheme) {
      const rows = (
        scheme === undefined
          ? st('SELECT * FROM scheme_candidates ORDER BY authority, scheme, version').all()
          : st('SELECT * FROM scheme_candidates WHERE scheme = ? ORDER BY authority, scheme, version').all(scheme)
      ) as CandidateDbRow[];
      return rows.map(toCandidate);
    },
    async updateCandidate(ref, version, c) {
      return (
        st(
          `UPDATE scheme_candidates SET status = ?, requested_by = ?, gate = ?, decided_at = ?, decided_by = ?
           WHERE authority = ? AND scheme = ? AND version = ?`,
        ).run(c.status, c.requestedBy, c.gate, c.decidedAt, c.decidedBy, ref.authority, ref.scheme, version).changes > 0
      );
    },
    async putShadowStates(rows) {
      const ins = st(
        `INSERT OR REPLACE INTO shadow_states(authority, scheme, version, subject, judged, score, grade, lists, next_change, evaluated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      for (const r of rows)
        ins.run(
          r.authority,
          r.scheme,
          r.version,
          r.subject,
          r.judged ? 1 : 0,
          r.score,
          r.grade,
          JSON.stringify(r.lists),
          r.nextChange,
          r.evaluatedAt,
        );
    },
    async deleteShadowStates(ref, version, subjects) {
      if (subjects === null) {
        st('DELETE FROM shadow_states WHERE authority = ? AND scheme = ? AND version = ?').run(
          ref.authority,
          ref.scheme,
          version,
        );
        return;
      }
      const del = st('DELETE FROM shadow_states WHERE authority = ? AND scheme = ? AND version = ? AND subject = ?');
      for (const s of subjects) del.run(ref.authority, ref.scheme, version, s);
    },
    async shadowStatesOfSubject(subject) {
      return (
        st('SELECT * FROM shadow_states WHERE subject = ? ORDER BY authority, scheme, version').all(
          subject,
        ) as ShadowDbRow[]
      ).map(toShadow);
    },
    async shadowStatesAfter(ref, version, after, limit) {
      return (
        st(
          `SELECT * FROM shadow_states WHERE authority = ? AND scheme = ? AND version = ? AND subject > ?
           ORDER BY subject LIMIT ?`,
        ).all(ref.authority, ref.scheme, version, after ?? '', limit) as ShadowDbRow[]
      ).map(toShadow);
    },
  };
}
