-- Dialogs, their members and their messages. A message's place in its dialog (seq) is taken from
-- the dialog row inside the transaction that stores the message, so seqs are 1, 2, 3... with no
-- gap and commit in seq order: a client that has seq n and asks for what follows gets exactly the
-- rest.

CREATE TABLE chat.dialogs (
  id          bigserial   PRIMARY KEY,
  kind        text        NOT NULL CHECK (kind IN ('direct', 'group', 'openline')),
  title       text,
  -- group dialogs: anyone may join an open one; a closed one is by invitation
  open        boolean     NOT NULL DEFAULT false,
  -- direct dialogs: 'smaller:larger' user id, so two people have one direct dialog
  direct_key  text        UNIQUE,
  created_by  bigint,
  created_at  timestamptz NOT NULL DEFAULT now(),
  last_seq    bigint      NOT NULL DEFAULT 0
);

CREATE TABLE chat.members (
  dialog_id     bigint      NOT NULL REFERENCES chat.dialogs (id),
  user_id       bigint      NOT NULL,
  role          text        NOT NULL CHECK (role IN ('owner', 'member')),
  joined_at     timestamptz NOT NULL DEFAULT now(),
  last_read_seq bigint      NOT NULL DEFAULT 0,
  PRIMARY KEY (dialog_id, user_id)
);
CREATE INDEX members_user_idx ON chat.members (user_id);

CREATE TABLE chat.messages (
  id         bigserial   UNIQUE,
  dialog_id  bigint      NOT NULL REFERENCES chat.dialogs (id),
  seq        bigint      NOT NULL,
  author_id  bigint,
  -- the author's client's id for it: a resend (after a lost ack) is stored once
  client_id  text,
  kind       text        NOT NULL CHECK (kind IN ('text', 'system')),
  body       text        NOT NULL,
  quote_seq  bigint,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (dialog_id, seq),
  UNIQUE (author_id, client_id)
);

-- Stores a message and gives it the dialog's next seq, or returns the message already stored under
-- the author's client id (duplicate = true). The dialog row is locked first, so concurrent senders
-- to one dialog are numbered in commit order and a resend racing its original is seen. Raises
-- SQLSTATE LH403 when the author is not a member, LH404 when the dialog does not exist.
CREATE FUNCTION chat.post(p_dialog bigint, p_author bigint, p_client text, p_kind text, p_body text,
                          p_quote bigint)
RETURNS TABLE (message_id bigint, message_seq bigint, message_at timestamptz, duplicate boolean)
LANGUAGE plpgsql AS $$
DECLARE
  v_last bigint;
BEGIN
  SELECT d.last_seq INTO v_last FROM chat.dialogs d WHERE d.id = p_dialog FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'dialog % does not exist', p_dialog USING ERRCODE = 'LH404';
  END IF;
  IF p_client IS NOT NULL THEN
    RETURN QUERY SELECT m.id, m.seq, m.created_at, true FROM chat.messages m
      WHERE m.author_id = p_author AND m.client_id = p_client;
    IF FOUND THEN
      RETURN;
    END IF;
  END IF;
  IF p_author IS NOT NULL
     AND NOT EXISTS (SELECT 1 FROM chat.members mb WHERE mb.dialog_id = p_dialog AND mb.user_id = p_author) THEN
    RAISE EXCEPTION 'user % is not a member of dialog %', p_author, p_dialog USING ERRCODE = 'LH403';
  END IF;
  UPDATE chat.dialogs SET last_seq = v_last + 1 WHERE id = p_dialog;
  RETURN QUERY INSERT INTO chat.messages AS m (dialog_id, seq, author_id, client_id, kind, body, quote_seq)
    VALUES (p_dialog, v_last + 1, p_author, p_client, p_kind, p_body, p_quote)
    RETURNING m.id, m.seq, m.created_at, false;
END
$$;
