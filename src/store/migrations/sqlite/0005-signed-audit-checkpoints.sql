
CREATE TABLE audit_checkpoints (
  id INTEGER PRIMARY KEY,
  chain TEXT NOT NULL,
  size INTEGER NOT NULL,
  head TEXT NOT NULL,
  note TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX audit_checkpoints_chain ON audit_checkpoints(chain, id);
