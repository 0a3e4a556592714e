
ALTER TABLE outbox_events ADD COLUMN fanned SMALLINT NOT NULL DEFAULT 1;
ALTER TABLE outbox_events ADD COLUMN fan_cursor TEXT COLLATE "C";
CREATE INDEX outbox_events_unfanned ON outbox_events(seq) WHERE fanned = 0;
CREATE INDEX outbox_events_unfanned_subject ON outbox_events(subject, seq) WHERE fanned = 0;
