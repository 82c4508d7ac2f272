-- E-mail channels: where each shared mailbox was read up to (IMAP UID, valid for one UIDVALIDITY),
-- and every Message-ID seen or sent with the thread it belongs to, so a reply (In-Reply-To or
-- References naming any of them) continues its thread's session and a new thread opens a new one.

CREATE TABLE openlines.mail_state (
  channel_id   text        PRIMARY KEY REFERENCES openlines.channels (id),
  uid_validity bigint      NOT NULL,
  last_uid     bigint      NOT NULL,
  updated_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE openlines.mail_ids (
  channel_id text        NOT NULL REFERENCES openlines.channels (id),
  message_id text        NOT NULL,
  thread_key text        NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (channel_id, message_id)
);

-- What a reply needs to thread properly: the customer's address, the subject, the last message
-- and the References chain.
CREATE TABLE openlines.mail_threads (
  channel_id       text        NOT NULL REFERENCES openlines.channels (id),
  thread_key       text        NOT NULL,
  customer_address text        NOT NULL,
  subject          text        NOT NULL,
  last_message_id  text        NOT NULL,
  references_ids   text        NOT NULL DEFAULT '',
  updated_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (channel_id, thread_key)
);
