
ALTER TABLE access_log ADD COLUMN decision TEXT COLLATE "C";
CREATE UNIQUE INDEX access_log_decision ON access_log(decision) WHERE decision IS NOT NULL;
