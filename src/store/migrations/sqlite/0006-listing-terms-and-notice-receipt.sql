
ALTER TABLE listings ADD COLUMN term TEXT;
ALTER TABLE listings ADD COLUMN term_ends_at INTEGER;
ALTER TABLE listings ADD COLUMN received_at INTEGER;
UPDATE listings SET received_at = noticed_at;
UPDATE listings SET term = 'P5Y',
  term_ends_at = CAST(strftime('%s', effect_at / 1000, 'unixepoch', '+5 years') AS INTEGER) * 1000 + effect_at % 1000
  WHERE list_type <> 'redlist';
DROP INDEX listings_due;
CREATE INDEX listings_next ON listings((CASE WHEN state = 'noticed' THEN (CASE WHEN received_at IS NULL THEN noticed_at + 172800000 ELSE effect_at END) ELSE term_ends_at END)) WHERE state <> 'ended';
