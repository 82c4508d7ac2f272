-- Stores many messages in one transaction (one WAL flush for all of them): chat.post_many. Each
-- element is handled as chat.post handled one, in order of dialog and then of arrival, so batches
-- running side by side lock dialogs in the same order and cannot deadlock. Refusals are returned
-- per element (status forbidden / not_found), never raised, so one bad element cannot fail the
-- others. chat.post becomes a one-element call of it: one implementation.

CREATE FUNCTION chat.post_many(p_dialogs bigint[], p_authors bigint[], p_clients text[], p_kinds text[],
                               p_bodies text[], p_quotes bigint[])
RETURNS TABLE (ord int, status text, message_id bigint, message_seq bigint, message_at timestamptz)
LANGUAGE plpgsql AS $$
DECLARE
  r      record;
  v_last bigint;
BEGIN
  FOR r IN SELECT * FROM unnest(p_dialogs, p_authors, p_clients, p_kinds, p_bodies, p_quotes)
             WITH ORDINALITY AS u(dialog, author, client, kind, body, quote, n)
           ORDER BY u.dialog, u.n
  LOOP
    ord := r.n;
    SELECT d.last_seq INTO v_last FROM chat.dialogs d WHERE d.id = r.dialog FOR UPDATE;
    IF NOT FOUND THEN
      status := 'not_found'; message_id := NULL; message_seq := NULL; message_at := NULL;
      RETURN NEXT;
      CONTINUE;
    END IF;
    IF r.client IS NOT NULL THEN
      SELECT m.id, m.seq, m.created_at INTO message_id, message_seq, message_at FROM chat.messages m
        WHERE m.author_id = r.author AND m.client_id = r.client;
      IF FOUND THEN
        status := 'duplicate';
        RETURN NEXT;
        CONTINUE;
      END IF;
    END IF;
    IF r.author IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM chat.members mb WHERE mb.dialog_id = r.dialog AND mb.user_id = r.author) THEN
      status := 'forbidden'; message_id := NULL; message_seq := NULL; message_at := NULL;
      RETURN NEXT;
      CONTINUE;
    END IF;
    UPDATE chat.dialogs SET last_seq = v_last + 1 WHERE id = r.dialog;
    INSERT INTO chat.messages AS m (dialog_id, seq, author_id, client_id, kind, body, quote_seq)
      VALUES (r.dialog, v_last + 1, r.author, r.client, r.kind, r.body, r.quote)
      RETURNING m.id, m.seq, m.created_at INTO message_id, message_seq, message_at;
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
                                      ARRAY[p_body], ARRAY[p_quote]);
  IF r.status = 'not_found' THEN
    RAISE EXCEPTION 'dialog % does not exist', p_dialog USING ERRCODE = 'LH404';
  ELSIF r.status = 'forbidden' THEN
    RAISE EXCEPTION 'user % is not a member of dialog %', p_author, p_dialog USING ERRCODE = 'LH403';
  END IF;
  RETURN QUERY SELECT r.message_id, r.message_seq, r.message_at, r.status = 'duplicate';
END
$$;
