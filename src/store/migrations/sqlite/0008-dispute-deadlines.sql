
ALTER TABLE disputes ADD COLUMN deadline_at INTEGER;
ALTER TABLE disputes ADD COLUMN overdue_at INTEGER;
CREATE INDEX disputes_due ON disputes((COALESCE(deadline_at, filed_at + 2592000000))) WHERE state = 'pending' AND overdue_at IS NULL;
CREATE INDEX disputes_pending_subject ON disputes(subject) WHERE state = 'pending';
