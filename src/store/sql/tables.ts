import type { Generated } from 'kysely';
import type { CandidateStatus } from '../candidates-port.js';

/*
 * The tables as the query builder sees them (columns as stored; a repository maps rows to the
 * engine's shapes). Tables join this list as their repositories move to one implementation
 * (docs/decisions.md, "One store, written once: the first repository").
 */

export interface SchemeCandidatesTable {
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

export interface ShadowStatesTable {
  authority: string;
  scheme: string;
  version: number;
  subject: string;
  /** SQLite 0/1, PostgreSQL boolean (SqlDialect.bool). */
  judged: boolean | number;
  score: number | null;
  grade: string | null;
  /** SQLite TEXT, PostgreSQL JSONB: written as JSON text, read with SqlDialect.readJson. */
  lists: string;
  next_change: number | null;
  evaluated_at: number;
}

// Notices and the inbox (typed notices, migration 19).

export interface MessagesTable {
  id: Generated<number>;
  subject: string;
  kind: string;
  listing_id: number | null;
  authority: string;
  at: number;
  /** A notice's slot holds '' here: its statement is in notices.body. */
  body: string;
}

export interface NoticesTable {
  id: number;
  listing_id: number;
  subject: string;
  authority: string;
  scheme: string;
  version: number;
  list: string;
  noticed_at: number;
  effect_at: number;
  /** SQLite 0/1, PostgreSQL boolean (SqlDialect.bool). */
  effect_provisional: boolean | number;
  term_ends_at: number | null;
  appeal_until: number;
  /** The statement's canonical JSON (what its audit hash covers). */
  body: string;
}

export interface Tables {
  scheme_candidates: SchemeCandidatesTable;
  shadow_states: ShadowStatesTable;
  messages: MessagesTable;
  notices: NoticesTable;
}
