-- What an open line says on its own: a greeting when a session opens, a rating request at close,
-- the silence after which a conversation waiting for the customer closes, and the operators' quick
-- answers. Out-of-hours and "nobody is free" replies are the line's routing fallbacks
-- (auto_reply with a message), sent by openlines when routing falls back.

CREATE TABLE openlines.line_settings (
  line_id            text        PRIMARY KEY,
  greeting           text,
  rating_request     text,
  auto_close_minutes int         CHECK (auto_close_minutes IS NULL OR auto_close_minutes BETWEEN 1 AND 43200),
  quick_answers      jsonb       NOT NULL DEFAULT '[]',
  updated_at         timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE openlines.sessions ADD COLUMN rating_requested_at timestamptz;
-- how many times the session was handed on (its routing ticket id carries the count)
ALTER TABLE openlines.sessions ADD COLUMN transfers int NOT NULL DEFAULT 0;
CREATE INDEX sessions_rating_idx ON openlines.sessions (channel_id, customer_key, closed_at)
  WHERE rating_requested_at IS NOT NULL AND rating IS NULL;

-- an automatic message (greeting, fallback, rating request) rather than an operator's reply
ALTER TABLE openlines.outbox ADD COLUMN auto boolean NOT NULL DEFAULT false;

-- what identifies the customer (the messenger id, a phone they shared), for the transcript's CRM
-- link at close; and the session's CRM activity, completed at the first answer
ALTER TABLE openlines.sessions ADD COLUMN identities jsonb NOT NULL DEFAULT '[]';
ALTER TABLE openlines.sessions ADD COLUMN crm_activity_id bigint;

-- Website visitors of site chat channels: who they said they are (the pre-chat form), and the
-- site's own user id when the site vouched for it (identity verification).
CREATE TABLE openlines.visitors (
  channel_id  text        NOT NULL REFERENCES openlines.channels (id),
  visitor_id  text        NOT NULL,
  name        text,
  email       text,
  phone       text,
  identifier  text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (channel_id, visitor_id)
);
