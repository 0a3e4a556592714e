// The second instances' tables; their repository is written once: src/store/sql/second-instance-repo.ts.

/** Migration 9: second instances and sanction-lifted notifications of relying parties (SPEC §6). */
export const SECOND_INSTANCE_DDL = `
CREATE TABLE second_instances (
  id INTEGER PRIMARY KEY,
  appeal_id INTEGER NOT NULL UNIQUE,
  listing_id INTEGER NOT NULL,
  subject TEXT NOT NULL,
  authority TEXT NOT NULL,
  reviewers TEXT NOT NULL,
  first_reviewer TEXT NOT NULL,
  statement TEXT NOT NULL,
  filed_at INTEGER NOT NULL,
  filed_by TEXT,
  deadline INTEGER NOT NULL,
  suspends INTEGER NOT NULL,
  state TEXT NOT NULL,
  decided_by TEXT,
  decided_at INTEGER,
  reasons TEXT,
  exempt INTEGER NOT NULL
);
CREATE INDEX second_instances_queue ON second_instances(reviewers, state, deadline);
CREATE INDEX second_instances_subject ON second_instances(subject);
CREATE TABLE lifted_notices (
  id INTEGER PRIMARY KEY,
  party TEXT NOT NULL,
  subject TEXT NOT NULL,
  listing_id INTEGER NOT NULL,
  authority TEXT NOT NULL,
  actions TEXT NOT NULL,
  cause TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX lifted_notices_party ON lifted_notices(party, id);
CREATE INDEX lifted_notices_subject ON lifted_notices(subject, id);
`;
