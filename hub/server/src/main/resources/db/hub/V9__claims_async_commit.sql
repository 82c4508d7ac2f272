-- Claims and releases commit asynchronously (synchronous_commit off for their own transaction).
-- Each call claims an agent and releases it: two commits per call, and waiting for the WAL flush of
-- every one of them made the fsync rate of the disk the limit of the whole hub (measured with the
-- SIP benchmark: at 300 calls/s the pool queued hundreds of claims behind WALSync). A claim is
-- coordination state, not a customer's data: it is still atomic and ordered, and what an
-- asynchronous commit can lose is the last few hundred milliseconds of claims if PostgreSQL itself
-- crashes (the hub's calls die with the hub, not with the database); the CRM, the call records and
-- the journal keep synchronous commits, in batches.

CREATE OR REPLACE FUNCTION hub.claim_ticket(p_ticket text, p_agent bigint, p_media text, p_line text, p_max_chats int)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
  v_holder bigint;
BEGIN
  -- Commit without waiting for the WAL flush (this transaction only): see the header.
  PERFORM set_config('synchronous_commit', 'off', true);
  -- Cheap early answer for a ticket held already; the insert below is what decides a race.
  SELECT agent_id INTO v_holder FROM hub.assignments WHERE ticket_id = p_ticket;
  IF FOUND THEN
    RETURN CASE WHEN v_holder = p_agent THEN 'ok' ELSE 'taken' END;
  END IF;
  INSERT INTO hub.agent_load (agent_id) VALUES (p_agent) ON CONFLICT DO NOTHING;
  IF p_media = 'call' THEN
    UPDATE hub.agent_load SET calls = calls + 1 WHERE agent_id = p_agent AND calls = 0;
  ELSE
    UPDATE hub.agent_load SET chats = chats + 1 WHERE agent_id = p_agent AND chats < p_max_chats;
  END IF;
  IF NOT FOUND THEN
    RETURN 'agent_busy';
  END IF;
  INSERT INTO hub.assignments (ticket_id, line_id, media, agent_id)
  VALUES (p_ticket, p_line, p_media, p_agent)
  ON CONFLICT (ticket_id) DO NOTHING;
  IF NOT FOUND THEN
    SELECT agent_id INTO v_holder FROM hub.assignments WHERE ticket_id = p_ticket;
    -- Undo the capacity taken above; the function runs in one transaction either way.
    IF p_media = 'call' THEN
      UPDATE hub.agent_load SET calls = calls - 1 WHERE agent_id = p_agent;
    ELSE
      UPDATE hub.agent_load SET chats = chats - 1 WHERE agent_id = p_agent;
    END IF;
    RETURN CASE WHEN v_holder = p_agent THEN 'ok' ELSE 'taken' END;
  END IF;
  RETURN 'ok';
END
$$;

CREATE OR REPLACE FUNCTION hub.release_ticket(p_ticket text) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
  v_agent bigint;
  v_media text;
BEGIN
  -- Commit without waiting for the WAL flush (this transaction only): see the header.
  PERFORM set_config('synchronous_commit', 'off', true);
  UPDATE hub.assignments SET released_at = now()
  WHERE ticket_id = p_ticket AND released_at IS NULL
  RETURNING agent_id, media INTO v_agent, v_media;
  IF NOT FOUND THEN
    RETURN false;
  END IF;
  IF v_media = 'call' THEN
    UPDATE hub.agent_load SET calls = calls - 1 WHERE agent_id = v_agent;
  ELSE
    UPDATE hub.agent_load SET chats = chats - 1 WHERE agent_id = v_agent;
  END IF;
  RETURN true;
END
$$;
