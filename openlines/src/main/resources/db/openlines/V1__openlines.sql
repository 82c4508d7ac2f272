-- Open lines: channels (a messenger bot, a WhatsApp number...), the inbox of what they sent us,
-- the sessions (one customer's conversation on a line), and the outbox of operators' replies.
-- Durable before acknowledged: a webhook is answered 200 only after its events are in the inbox,
-- and processing continues from the inbox, so a crash after the 200 loses nothing and a provider's
-- retry of the same event (unique on channel + external id) stores nothing new.

CREATE TABLE openlines.channels (
  id         text        PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9_-]{0,62}$'),
  kind       text        NOT NULL,
  line_id    text        NOT NULL,
  name       text        NOT NULL,
  base_url   text        NOT NULL,
  settings   jsonb       NOT NULL DEFAULT '{}',
  -- tokens and signing secrets: never logged, never returned by the API
  secrets    jsonb       NOT NULL DEFAULT '{}',
  enabled    boolean     NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE openlines.inbox (
  id            bigserial   PRIMARY KEY,
  channel_id    text        NOT NULL REFERENCES openlines.channels (id),
  external_id   text        NOT NULL,
  -- 'message' or 'status'
  kind          text        NOT NULL CHECK (kind IN ('message', 'status')),
  -- the normalised event (InboundEvent as JSON) and the webhook body it came in, as received
  event         jsonb       NOT NULL,
  payload       bytea       NOT NULL,
  received_at   timestamptz NOT NULL DEFAULT now(),
  processed_at  timestamptz,
  -- taken for processing until then (a node that dies mid-way leaves it to be taken again)
  leased_until  timestamptz,
  attempts      int         NOT NULL DEFAULT 0,
  last_error    text,
  UNIQUE (channel_id, external_id)
);
CREATE INDEX inbox_pending_idx ON openlines.inbox (id) WHERE processed_at IS NULL;

CREATE TABLE openlines.sessions (
  id                bigserial   PRIMARY KEY,
  channel_id        text        NOT NULL REFERENCES openlines.channels (id),
  line_id           text        NOT NULL,
  customer_key      text        NOT NULL,
  customer_name     text,
  status            text        NOT NULL CHECK (status IN ('new', 'waiting', 'answered', 'closed', 'spam')),
  dialog_id         bigint,
  operator_id       bigint,
  crm_entity        text,
  opened_at         timestamptz NOT NULL DEFAULT now(),
  assigned_at       timestamptz,
  first_response_at timestamptz,
  last_customer_at  timestamptz,
  last_operator_at  timestamptz,
  closed_at         timestamptz,
  close_reason      text,
  messages_in       int         NOT NULL DEFAULT 0,
  messages_out      int         NOT NULL DEFAULT 0,
  -- the last chat seq of the dialog whose operator messages are in the outbox
  forwarded_seq     bigint      NOT NULL DEFAULT 0,
  rating            int
);
-- One open session per customer and channel: their next message continues it.
CREATE UNIQUE INDEX sessions_open_idx ON openlines.sessions (channel_id, customer_key)
  WHERE status NOT IN ('closed', 'spam');
CREATE UNIQUE INDEX sessions_dialog_idx ON openlines.sessions (dialog_id);
CREATE INDEX sessions_status_idx ON openlines.sessions (status, opened_at);

CREATE TABLE openlines.outbox (
  id                  bigserial   PRIMARY KEY,
  session_id          bigint      NOT NULL REFERENCES openlines.sessions (id),
  -- the operator's chat message it carries: one outbox row per message, however often it is seen
  chat_message_id     bigint      NOT NULL UNIQUE,
  dialog_id           bigint      NOT NULL,
  seq                 bigint      NOT NULL,
  text                text        NOT NULL,
  status              text        NOT NULL CHECK (status IN ('pending', 'sent', 'delivered', 'read', 'failed')),
  provider_message_id text,
  attempts            int         NOT NULL DEFAULT 0,
  next_attempt_at     timestamptz NOT NULL DEFAULT now(),
  last_error          text,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX outbox_due_idx ON openlines.outbox (next_attempt_at) WHERE status = 'pending';
CREATE INDEX outbox_provider_idx ON openlines.outbox (provider_message_id) WHERE provider_message_id IS NOT NULL;
