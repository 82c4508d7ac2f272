-- Attachments: a file is uploaded first (stored under the data dir, fsynced, then this row is
-- committed) and then named by the message that carries it. chat.post_many links it to the message
-- in the message's transaction, only when it is the author's own upload to the same dialog and not
-- sent before, so a file cannot be moved into another dialog or reused by someone else.
-- removed_at marks a file to delete (its message was deleted, or it was never sent); the sweep
-- deletes the file and then the row.

CREATE TABLE chat.attachments (
  id           bigserial   PRIMARY KEY,
  dialog_id    bigint      NOT NULL REFERENCES chat.dialogs (id),
  uploader_id  bigint      NOT NULL,
  name         text        NOT NULL,
  content_type text        NOT NULL,
  size         bigint      NOT NULL CHECK (size > 0),
  sha256       text        NOT NULL,
  -- relative to the attachments directory; chosen by the server, never by the uploader
  path         text        NOT NULL UNIQUE,
  message_id   bigint      REFERENCES chat.messages (id),
  created_at   timestamptz NOT NULL DEFAULT now(),
  removed_at   timestamptz
);
CREATE INDEX attachments_message_idx ON chat.attachments (message_id) WHERE message_id IS NOT NULL;
CREATE INDEX attachments_unsent_idx ON chat.attachments (created_at) WHERE message_id IS NULL AND removed_at IS NULL;
CREATE INDEX attachments_removed_idx ON chat.attachments (id) WHERE removed_at IS NOT NULL;

-- The attachments of a message as the JSON array the Java side reads (null when none).
CREATE FUNCTION chat.attachments_json(p_message bigint) RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT json_agg(json_build_object('id', a.id, 'name', a.name, 'contentType', a.content_type, 'size', a.size)
                  ORDER BY a.id)::text
  FROM chat.attachments a WHERE a.message_id = p_message AND a.removed_at IS NULL
$$;

-- chat.post_many with attachments: p_attachments holds, per message, its attachment ids joined
-- with commas (or null). A message whose attachments are not all the author's unsent uploads to
-- that dialog is refused with status bad_attachments and nothing of it is stored.
DROP FUNCTION chat.post_many(bigint[], bigint[], text[], text[], text[], bigint[]);

CREATE FUNCTION chat.post_many(p_dialogs bigint[], p_authors bigint[], p_clients text[], p_kinds text[],
                               p_bodies text[], p_quotes bigint[], p_attachments text[])
RETURNS TABLE (ord int, status text, message_id bigint, message_seq bigint, message_at timestamptz,
               message_attachments text)
LANGUAGE plpgsql AS $$
DECLARE
  r      record;
  v_last bigint;
  v_ids  bigint[];
BEGIN
  FOR r IN SELECT * FROM unnest(p_dialogs, p_authors, p_clients, p_kinds, p_bodies, p_quotes, p_attachments)
             WITH ORDINALITY AS u(dialog, author, client, kind, body, quote, attach, n)
           ORDER BY u.dialog, u.n
  LOOP
    ord := r.n;
    message_id := NULL; message_seq := NULL; message_at := NULL; message_attachments := NULL;
    SELECT d.last_seq INTO v_last FROM chat.dialogs d WHERE d.id = r.dialog FOR UPDATE;
    IF NOT FOUND THEN
      status := 'not_found';
      RETURN NEXT;
      CONTINUE;
    END IF;
    IF r.client IS NOT NULL THEN
      SELECT m.id, m.seq, m.created_at INTO message_id, message_seq, message_at FROM chat.messages m
        WHERE m.author_id = r.author AND m.client_id = r.client;
      IF FOUND THEN
        status := 'duplicate';
        message_attachments := chat.attachments_json(message_id);
        RETURN NEXT;
        CONTINUE;
      END IF;
    END IF;
    IF r.author IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM chat.members mb WHERE mb.dialog_id = r.dialog AND mb.user_id = r.author) THEN
      status := 'forbidden';
      RETURN NEXT;
      CONTINUE;
    END IF;
    v_ids := CASE WHEN r.attach IS NULL OR r.attach = '' THEN '{}'::bigint[]
                  ELSE string_to_array(r.attach, ',')::bigint[] END;
    IF cardinality(v_ids) > 0
       AND (SELECT count(*) FROM chat.attachments a
            WHERE a.id = ANY (v_ids) AND a.dialog_id = r.dialog AND a.uploader_id = r.author
              AND a.message_id IS NULL AND a.removed_at IS NULL) <> cardinality(v_ids) THEN
      status := 'bad_attachments';
      RETURN NEXT;
      CONTINUE;
    END IF;
    UPDATE chat.dialogs SET last_seq = v_last + 1 WHERE id = r.dialog;
    INSERT INTO chat.messages AS m (dialog_id, seq, author_id, client_id, kind, body, quote_seq)
      VALUES (r.dialog, v_last + 1, r.author, r.client, r.kind, r.body, r.quote)
      RETURNING m.id, m.seq, m.created_at INTO message_id, message_seq, message_at;
    IF cardinality(v_ids) > 0 THEN
      UPDATE chat.attachments a SET message_id = post_many.message_id WHERE a.id = ANY (v_ids);
      message_attachments := chat.attachments_json(message_id);
    END IF;
    status := 'ok';
    RETURN NEXT;
  END LOOP;
END
$$;

CREATE OR REPLACE FUNCTION chat.post(p_dialog bigint, p_author bigint, p_client text, p_kind text, p_body text,
                                     p_quote bigint)
RETURNS TABLE (message_id bigint, message_seq bigint, message_at timestamptz, duplicate boolean)
LANGUAGE plpgsql AS $$
DECLARE
  r record;
BEGIN
  SELECT * INTO r FROM chat.post_many(ARRAY[p_dialog], ARRAY[p_author], ARRAY[p_client], ARRAY[p_kind],
                                      ARRAY[p_body], ARRAY[p_quote], ARRAY[NULL::text]);
  IF r.status = 'not_found' THEN
    RAISE EXCEPTION 'dialog % does not exist', p_dialog USING ERRCODE = 'LH404';
  ELSIF r.status = 'forbidden' THEN
    RAISE EXCEPTION 'user % is not a member of dialog %', p_author, p_dialog USING ERRCODE = 'LH403';
  END IF;
  RETURN QUERY SELECT r.message_id, r.message_seq, r.message_at, r.status = 'duplicate';
END
$$;
