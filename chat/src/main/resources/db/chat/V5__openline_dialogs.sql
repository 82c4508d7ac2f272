-- Open-line dialogs: openlines opens one per customer session (idempotent on the session's id,
-- external_ref) and writes the customer's messages into it with kind 'external' and no author;
-- operators are its members and answer with ordinary sends. A message without an author is
-- idempotent on its client id within its dialog (openlines gives the inbox row's id), as an
-- author's is on (author, client id): chat.post_many looks the resend up accordingly. The rest of
-- post_many is V4's, unchanged (CREATE OR REPLACE needs the whole body).

ALTER TABLE chat.dialogs ADD COLUMN external_ref text UNIQUE;

ALTER TABLE chat.messages DROP CONSTRAINT messages_kind_check;
ALTER TABLE chat.messages ADD CONSTRAINT messages_kind_check CHECK (kind IN ('text', 'system', 'external'));
CREATE UNIQUE INDEX messages_unauthored_client_idx ON chat.messages (dialog_id, client_id)
  WHERE author_id IS NULL AND client_id IS NOT NULL;

CREATE OR REPLACE FUNCTION chat.post_many(p_dialogs bigint[], p_authors bigint[], p_clients text[], p_kinds text[],
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
      IF r.author IS NOT NULL THEN
        SELECT m.id, m.seq, m.created_at INTO message_id, message_seq, message_at FROM chat.messages m
          WHERE m.author_id = r.author AND m.client_id = r.client;
      ELSE
        SELECT m.id, m.seq, m.created_at INTO message_id, message_seq, message_at FROM chat.messages m
          WHERE m.dialog_id = r.dialog AND m.author_id IS NULL AND m.client_id = r.client;
      END IF;
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
