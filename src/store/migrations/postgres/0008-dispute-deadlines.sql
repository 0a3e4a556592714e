
ALTER TABLE disputes ADD COLUMN deadline_at BIGINT;
ALTER TABLE disputes ADD COLUMN overdue_at BIGINT;
CREATE INDEX disputes_due ON disputes((COALESCE(deadline_at, filed_at + 2592000000))) WHERE state = 'pending' AND overdue_at IS NULL;
CREATE INDEX disputes_pending_subject ON disputes(subject) WHERE state = 'pending';
