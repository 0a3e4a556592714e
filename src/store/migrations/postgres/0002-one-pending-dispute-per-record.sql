
CREATE UNIQUE INDEX disputes_one_pending ON disputes(authority, key) WHERE state = 'pending';
