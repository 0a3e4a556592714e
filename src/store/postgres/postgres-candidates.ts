import type { CandidateRow, CandidatesRepo, ShadowState } from '../candidates-port.js';
import type { PostgresContext } from './postgres-context.js';

/** Migration 18: a shadow or pending version may be withdrawn (the table rebuilt, as SQLite must). */
export const WITHDRAWN_DDL = `
CREATE TABLE scheme_candidates_v18 (
  authority TEXT COLLATE "C" NOT NULL,
  scheme TEXT COLLATE "C" NOT NULL,
  version INTEGER NOT NULL,
  source TEXT NOT NULL,
  content TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('shadow', 'pending', 'live', 'withdrawn')),
  published_at BIGINT NOT NULL,
  published_by TEXT COLLATE "C",
  requested_by TEXT COLLATE "C",
  gate TEXT,
  decided_at BIGINT,
  decided_by TEXT COLLATE "C",
  PRIMARY KEY (authority, scheme, version)
);
INSERT INTO scheme_candidates_v18 SELECT authority, scheme, version, source, content, status, published_at, published_by, requested_by, gate, decided_at, decided_by FROM scheme_candidates;
DROP TABLE scheme_candidates;
ALTER TABLE scheme_candidates_v18 RENAME TO scheme_candidates;
ALTER INDEX scheme_candidates_v18_pkey RENAME TO scheme_candidates_pkey;
`;

/** Migration 14: shadow and pending scheme versions, and the states of shadow versions (kept apart from subject_states). */
export const CANDIDATES_DDL = `
CREATE TABLE scheme_candidates (
  authority TEXT COLLATE "C" NOT NULL,
  scheme TEXT COLLATE "C" NOT NULL,
  version INTEGER NOT NULL,
  source TEXT NOT NULL,
  content TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('shadow', 'pending', 'live')),
  published_at BIGINT NOT NULL,
  published_by TEXT COLLATE "C",
  requested_by TEXT COLLATE "C",
  gate TEXT,
  decided_at BIGINT,
  decided_by TEXT COLLATE "C",
  PRIMARY KEY (authority, scheme, version)
);
CREATE TABLE shadow_states (
  authority TEXT COLLATE "C" NOT NULL,
  scheme TEXT COLLATE "C" NOT NULL,
  version INTEGER NOT NULL,
  subject TEXT COLLATE "C" NOT NULL,
  judged BOOLEAN NOT NULL,
  score DOUBLE PRECISION,
  grade TEXT COLLATE "C",
  lists JSONB NOT NULL,
  next_change BIGINT,
  evaluated_at BIGINT NOT NULL,
  PRIMARY KEY (authority, scheme, version, subject)
);
CREATE INDEX shadow_states_subject ON shadow_states(subject);
`;

const CANDIDATE = `authority, scheme, version, source, content, status, published_at AS "publishedAt", published_by AS "publishedBy",
  requested_by AS "requestedBy", gate, decided_at AS "decidedAt", decided_by AS "decidedBy"`;
const SHADOW = `authority, scheme, subject, version, judged, score, grade, lists, next_change AS "nextChange", evaluated_at AS "evaluatedAt"`;

/** Shadow and pending scheme versions, and shadow states. */
export function candidatesRepo({ q, run }: PostgresContext): CandidatesRepo {
  return {
    async insertCandidate(row) {
      await run(
        `INSERT INTO scheme_candidates(authority, scheme, version, source, content, status, published_at, published_by, requested_by, gate, decided_at, decided_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
        [
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
        ],
      );
    },
    async candidates(scheme) {
      return scheme === undefined
        ? q<CandidateRow>(`SELECT ${CANDIDATE} FROM scheme_candidates ORDER BY authority, scheme, version`)
        : q<CandidateRow>(
            `SELECT ${CANDIDATE} FROM scheme_candidates WHERE scheme = $1 ORDER BY authority, scheme, version`,
            [scheme],
          );
    },
    async updateCandidate(ref, version, c) {
      return (
        (await run(
          `UPDATE scheme_candidates SET status = $1, requested_by = $2, gate = $3, decided_at = $4, decided_by = $5
           WHERE authority = $6 AND scheme = $7 AND version = $8`,
          [c.status, c.requestedBy, c.gate, c.decidedAt, c.decidedBy, ref.authority, ref.scheme, version],
        )) > 0
      );
    },
    async putShadowStates(rows) {
      if (rows.length === 0) return;
      await run(
        `INSERT INTO shadow_states(authority, scheme, version, subject, judged, score, grade, lists, next_change, evaluated_at)
         SELECT a, s, v, subj, j, sc, g, l::jsonb, n, e
         FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::boolean[], $6::float8[], $7::text[], $8::text[], $9::bigint[], $10::bigint[])
           AS u(a, s, v, subj, j, sc, g, l, n, e)
         ON CONFLICT (authority, scheme, version, subject) DO UPDATE SET judged = excluded.judged, score = excluded.score,
           grade = excluded.grade, lists = excluded.lists, next_change = excluded.next_change, evaluated_at = excluded.evaluated_at`,
        [
          rows.map((r) => r.authority),
          rows.map((r) => r.scheme),
          rows.map((r) => r.version),
          rows.map((r) => r.subject),
          rows.map((r) => r.judged),
          rows.map((r) => r.score),
          rows.map((r) => r.grade),
          rows.map((r) => JSON.stringify(r.lists)),
          rows.map((r) => r.nextChange),
          rows.map((r) => r.evaluatedAt),
        ],
      );
    },
    async deleteShadowStates(ref, version, subjects) {
      if (subjects === null) {
        await run('DELETE FROM shadow_states WHERE authority = $1 AND scheme = $2 AND version = $3', [
          ref.authority,
          ref.scheme,
          version,
        ]);
        return;
      }
      if (subjects.length === 0) return;
      await run(
        'DELETE FROM shadow_states WHERE authority = $1 AND scheme = $2 AND version = $3 AND subject = ANY($4::text[])',
        [ref.authority, ref.scheme, version, subjects],
      );
    },
    async shadowStatesOfSubject(subject) {
      return q<ShadowState>(
        `SELECT ${SHADOW} FROM shadow_states WHERE subject = $1 ORDER BY authority, scheme, version`,
        [subject],
      );
    },
    async shadowStatesAfter(ref, version, after, limit) {
      return q<ShadowState>(
        `SELECT ${SHADOW} FROM shadow_states WHERE authority = $1 AND scheme = $2 AND version = $3 AND subject > $4
         ORDER BY subject LIMIT $5`,
        [ref.authority, ref.scheme, version, after ?? '', limit],
      );
    },
  };
}
