CREATE TABLE notices (
  id INTEGER PRIMARY KEY,
  listing_id INTEGER NOT NULL UNIQUE,
  subject TEXT NOT NULL,
  authority TEXT NOT NULL,
  scheme TEXT NOT NULL,
  version INTEGER NOT NULL,
  list TEXT NOT NULL,
  noticed_at INTEGER NOT NULL,
  effect_at INTEGER NOT NULL,
  effect_provisional INTEGER NOT NULL,
  term_ends_at INTEGER,
  appeal_until INTEGER NOT NULL,
  body TEXT NOT NULL
);
CREATE INDEX notices_subject ON notices(subject, id);
INSERT INTO notices
  SELECT id, listing_id, subject, authority,
    json_extract(body, '$.scheme'), json_extract(body, '$.version'), json_extract(body, '$.list.id'),
    CAST(ROUND(unixepoch(json_extract(body, '$.noticedAt'), 'subsec') * 1000) AS INTEGER),
    CAST(ROUND(unixepoch(json_extract(body, '$.effectAt'), 'subsec') * 1000) AS INTEGER),
    COALESCE(json_extract(body, '$.effectProvisional'), 0),
    CAST(ROUND(unixepoch(json_extract(body, '$.termEndsAt'), 'subsec') * 1000) AS INTEGER),
    CAST(ROUND(unixepoch(json_extract(body, '$.appeal.until'), 'subsec') * 1000) AS INTEGER),
    body
  FROM messages WHERE kind = 'notice';
UPDATE messages SET body = '' WHERE kind = 'notice';
CREATE VIEW inbox AS
  SELECT m.id, m.subject, m.kind, m.listing_id, m.authority, m.at,
    CASE WHEN m.kind = 'notice' THEN n.body ELSE m.body END AS body
  FROM messages m LEFT JOIN notices n ON n.id = m.id;
