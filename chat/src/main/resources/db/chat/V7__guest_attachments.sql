-- Guests' attachments: a website visitor (no Linehub account) uploads before their message reaches
-- a dialog — the session and its dialog are opened by that message, and a message after a close
-- opens a new one — so a guest's upload belongs to its uploader (uploader_ref, e.g.
-- 'site:<channel>:<customer key>') and to no dialog until a message carries it. chat.post_many
-- links it, in the message's transaction, to an authorless message that names the same
-- uploader_ref, and moves it into the message's dialog. A person's upload is as before: their id
-- and a dialog. Unsent guest uploads are swept like anyone's.

ALTER TABLE chat.attachments ALTER COLUMN dialog_id DROP NOT NULL;
ALTER TABLE chat.attachments ALTER COLUMN uploader_id DROP NOT NULL;
ALTER TABLE chat.attachments ADD COLUMN uploader_ref text;
ALTER TABLE chat.attachments ADD CONSTRAINT attachments_uploader_check CHECK (
  (uploader_id IS NOT NULL AND uploader_ref IS NULL AND dialog_id IS NOT NULL)
  OR (uploader_id IS NULL AND uploader_ref IS NOT NULL AND (dialog_id IS NOT NULL OR message_id IS NULL)));

DROP FUNCTION chat.post_many(bigint[], bigint[], text[], text[], text[], bigint[], text[]);

-- As V5's, with p_refs: per message, the uploader_ref whose uploads an authorless message carries.
CREATE FUNCTION chat.post_many(p_dialogs bigint[], p_authors bigint[], p_clients text[], p_kinds text[],
                               p_bodies text[], p_quotes bigint[], p_attachments text[], p_refs text[])
RETURNS TABLE (ord int, status text, message_id bigint, message_seq bigint, message_at timestamptz,
               message_attachments text)
LANGUAGE plpgsql AS $$
DECLARE
  r      record;
  v_last bigint;
  v_ids  bigint[];
BEGIN
  FOR r IN SELECT * FROM unnest(p_dialogs, p_authors, p_clients, p_kinds, p_bodies, p_quotes, p_attachments, p_refs)
             WITH ORDINALITY AS u(dialog, author, client, kind, body, quote, attach, ref, n)
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
            WHERE a.id = ANY (v_ids) AND a.message_id IS NULL AND a.removed_at IS NULL
              AND CASE WHEN r.author IS NOT NULL THEN a.uploader_id = r.author AND a.dialog_id = r.dialog
                       ELSE a.uploader_id IS NULL AND a.uploader_ref = r.ref END) <> cardinality(v_ids) THEN
      status := 'bad_attachments';
      RETURN NEXT;
      CONTINUE;
    END IF;
    UPDATE chat.dialogs SET last_seq = v_last + 1 WHERE id = r.dialog;
    INSERT INTO chat.messages AS m (dialog_id, seq, author_id, client_id, kind, body, quote_seq)
      VALUES (r.dialog, v_last + 1, r.author, r.client, r.kind, r.body, r.quote)
      RETURNING m.id, m.seq, m.created_at INTO message_id, message_seq, message_at;
    IF cardinality(v_ids) > 0 THEN
      UPDATE chat.attachments a SET message_id = post_many.message_id, dialog_id = r.dialog WHERE a.id = ANY (v_ids);
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
                                      ARRAY[p_body], ARRAY[p_quote], ARRAY[NULL::text], ARRAY[NULL::text]);
  IF r.status = 'not_found' THEN
    RAISE EXCEPTION 'dialog % does not exist', p_dialog USING ERRCODE = 'LH404';
  ELSIF r.status = 'forbidden' THEN
    RAISE EXCEPTION 'user % is not a member of dialog %', p_author, p_dialog USING ERRCODE = 'LH403';
  END IF;
  RETURN QUERY SELECT r.message_id, r.message_seq, r.message_at, r.status = 'duplicate';
END
$$;
