-- Claims and releases in batches: each call claims an agent and releases it, and at hundreds of
-- calls a second one statement (and one transaction) each was a third of PostgreSQL's work on the
-- calls' path (pg_stat_statements in the SIP benchmark). The node sends what arrived while its
-- previous batch was running as one call of these functions; each item keeps the meaning of
-- hub.claim_ticket / hub.release_ticket (V9), and the batch commits asynchronously as they do.
--
-- Items are taken in the order of their agent, then of their position: every batch, claims and
-- releases alike, locks agents' load rows in ascending order, so two batches on one agent never
-- deadlock (on any number of nodes). Two claims of one agent in a batch are decided in the order
-- they were sent. Results come back by position.

CREATE FUNCTION hub.claim_tickets(p_tickets text[], p_agents bigint[], p_media text[], p_lines text[],
                                  p_max_chats int[])
RETURNS TABLE (ord int, result text)
LANGUAGE plpgsql AS $$
DECLARE
  v record;
BEGIN
  PERFORM set_config('synchronous_commit', 'off', true);
  FOR v IN SELECT u.t, u.a, u.m, u.l, u.c, u.i
           FROM unnest(p_tickets, p_agents, p_media, p_lines, p_max_chats) WITH ORDINALITY AS u(t, a, m, l, c, i)
           ORDER BY u.a, u.i LOOP
    ord := v.i;
    result := hub.claim_ticket(v.t, v.a, v.m, v.l, v.c);
    RETURN NEXT;
  END LOOP;
END
$$;

-- Releases by ticket; the agent of each is read first so the load rows are locked in agent order.
CREATE FUNCTION hub.release_tickets(p_tickets text[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  v record;
BEGIN
  PERFORM set_config('synchronous_commit', 'off', true);
  FOR v IN SELECT u.t FROM unnest(p_tickets) WITH ORDINALITY AS u(t, i)
           LEFT JOIN hub.assignments a ON a.ticket_id = u.t
           ORDER BY a.agent_id NULLS LAST, u.i LOOP
    PERFORM hub.release_ticket(v.t);
  END LOOP;
END
$$;
