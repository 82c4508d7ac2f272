-- Routing's durable claims. The engine decides in memory; the claim that makes an assignment real
-- is one call of hub.claim_ticket, atomic across every node sharing this database: the row lock of
-- the agent's load row serialises concurrent claims for one agent, the ticket's primary key
-- serialises claims for one ticket.

CREATE TABLE hub.agent_load (
  agent_id bigint PRIMARY KEY,
  calls    int NOT NULL DEFAULT 0 CHECK (calls BETWEEN 0 AND 1),
  chats    int NOT NULL DEFAULT 0 CHECK (chats >= 0)
);

CREATE TABLE hub.assignments (
  ticket_id   text PRIMARY KEY,
  line_id     text NOT NULL,
  media       text NOT NULL CHECK (media IN ('call', 'chat')),
  agent_id    bigint NOT NULL,
  assigned_at timestamptz NOT NULL DEFAULT now(),
  released_at timestamptz
);

CREATE INDEX assignments_open ON hub.assignments (agent_id) WHERE released_at IS NULL;

-- 'ok', 'agent_busy' or 'taken'. A ticket claimed before and released may not be claimed again.
CREATE FUNCTION hub.claim_ticket(p_ticket text, p_agent bigint, p_media text, p_line text, p_max_chats int)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
  v_holder bigint;
BEGIN
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

-- Frees what the ticket holds; true when it held something.
CREATE FUNCTION hub.release_ticket(p_ticket text) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
  v_agent bigint;
  v_media text;
BEGIN
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
