-- Plans for the claims' and releases' statements that stay right under load (pg_stat_statements
-- with track = all and track_planning in the SIP benchmark).
--
-- 1. hub.assignments is a few hundred open rows and, between vacuums, thousands of dead ones (a row
--    per call, inserted and deleted within seconds). A plan cached while the table was still tiny
--    is a sequential scan, and a cached plan is only redone when the table is vacuumed or analyzed;
--    under load PostgreSQL 14's statistics collector drops messages, autovacuum saw none of the
--    table's dead rows, and every claim and release read all of its ~80 pages three times (the
--    benchmark counted 78 to 80 blocks per statement, against 3 to 6 on a run whose plans happened
--    to be made later). Every statement here finds rows by ticket or agent through an index, so
--    these functions never plan a sequential scan, and the release's delete asks for the row by its
--    key alone.
--
-- 2. release_tickets' ordering query was planned again on every batch: for a statement over
--    unnest() of an array parameter the generic plan always looks dearer than a custom one (it
--    guesses ten elements where the custom plan counts them). It moves into a function that keeps
--    its generic plan (0.12 ms of planning per batch before).
--
-- A function's SET clause undoes, at its exit, a SET LOCAL made inside it: claim_ticket and
-- release_ticket therefore no longer turn synchronous_commit off themselves. Their only callers,
-- claim_tickets and release_tickets, do it for the whole transaction (V13), and the start-up
-- release of calls goes through release_tickets now.

CREATE OR REPLACE FUNCTION hub.claim_ticket(p_ticket text, p_agent bigint, p_media text, p_line text, p_max_chats int)
RETURNS text
LANGUAGE plpgsql SET enable_seqscan = off AS $$
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

CREATE OR REPLACE FUNCTION hub.release_ticket(p_ticket text) RETURNS boolean
LANGUAGE plpgsql SET enable_seqscan = off AS $$
DECLARE
  v_agent bigint;
  v_media text;
BEGIN
  -- By ticket only: every row is open (V14 deletes released ones), and "released_at IS NULL" let the
  -- planner read the whole of assignments_open, whose predicate it is, instead of the primary key
  -- (172 blocks a release in the benchmark).
  DELETE FROM hub.assignments WHERE ticket_id = p_ticket
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

-- The tickets of a release batch in the order their load rows are to be locked (V13).
CREATE FUNCTION hub.release_order(p_tickets text[]) RETURNS TABLE (ticket text)
LANGUAGE plpgsql STABLE SET plan_cache_mode = force_generic_plan SET enable_seqscan = off AS $$
BEGIN
  RETURN QUERY SELECT u.t FROM unnest(p_tickets) WITH ORDINALITY AS u(t, i)
               LEFT JOIN hub.assignments a ON a.ticket_id = u.t
               ORDER BY a.agent_id NULLS LAST, u.i;
END
$$;

CREATE OR REPLACE FUNCTION hub.release_tickets(p_tickets text[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  v record;
BEGIN
  PERFORM set_config('synchronous_commit', 'off', true);
  FOR v IN SELECT r.ticket FROM hub.release_order(p_tickets) WITH ORDINALITY AS r(ticket, n) ORDER BY r.n LOOP
    PERFORM hub.release_ticket(v.ticket);
  END LOOP;
END
$$;
