CREATE TABLE notices (
  id BIGINT PRIMARY KEY,
  listing_id BIGINT NOT NULL UNIQUE,
  subject TEXT COLLATE "C" NOT NULL,
  authority TEXT COLLATE "C" NOT NULL,
  scheme TEXT COLLATE "C" NOT NULL,
  version INTEGER NOT NULL,
  list TEXT COLLATE "C" NOT NULL,
  noticed_at BIGINT NOT NULL,
  effect_at BIGINT NOT NULL,
  effect_provisional BOOLEAN NOT NULL,
  term_ends_at BIGINT,
  appeal_until BIGINT NOT NULL,
  body TEXT NOT NULL
);
CREATE INDEX notices_subject ON notices(subject, id);
INSERT INTO notices
  SELECT id, listing_id, subject, authority,
    b->>'scheme', (b->>'version')::int, b->'list'->>'id',
    round(extract(epoch FROM (b->>'noticedAt')::timestamptz) * 1000)::bigint,
    round(extract(epoch FROM (b->>'effectAt')::timestamptz) * 1000)::bigint,
    COALESCE((b->>'effectProvisional')::boolean, false),
    round(extract(epoch FROM (b->>'termEndsAt')::timestamptz) * 1000)::bigint,
    round(extract(epoch FROM (b->'appeal'->>'until')::timestamptz) * 1000)::bigint,
    body
  FROM (SELECT messages.*, body::jsonb AS b FROM messages WHERE kind = 'notice') AS m;
UPDATE messages SET body = '' WHERE kind = 'notice';
CREATE VIEW inbox AS
  SELECT m.id, m.subject, m.kind, m.listing_id, m.authority, m.at,
    CASE WHEN m.kind = 'notice' THEN n.body ELSE m.body END AS body
  FROM messages m LEFT JOIN notices n ON n.id = m.id;
