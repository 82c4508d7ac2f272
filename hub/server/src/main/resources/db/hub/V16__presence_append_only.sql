-- The presence log becomes append-only: one row per change of an agent's state (or away reason),
-- 'offline' included, and a state lasts until the agent's next row starts.
--
-- Before, each change inserted a row into a table with four indexes and then updated the agent's
-- previous row to end it. Updating ended_at, an indexed column, is never a HOT update, so a change
-- wrote two heap tuples and seven index entries and left a dead tuple behind; with four changes per
-- call (ringing, on a call, wrap-up, available) that was the largest share of PostgreSQL's work per
-- call in the SIP benchmark (58 of about 200 shared blocks). Now a change is one heap tuple and one
-- index entry, and nothing is ever updated.
--
-- The one index, the primary key, serves everything: the journal's inserts (a retried batch that
-- had in fact committed conflicts and adds nothing), the time-in-state report (per agent, the row in
-- force when its window opens and the rows inside it) and the restart (per agent, the last row).
-- The journal keeps each agent's starts strictly increasing (a microsecond apart at least), so the
-- order of an agent's rows is the order of its changes.

ALTER TABLE hub.presence_log RENAME TO presence_log_v4;
ALTER TABLE hub.presence_log_v4 RENAME CONSTRAINT presence_log_pkey TO presence_log_v4_pkey;

CREATE TABLE hub.presence_log (
  agent_id   bigint      NOT NULL,
  started_at timestamptz NOT NULL,
  state      text        NOT NULL CHECK (state IN ('available', 'ringing', 'on_call', 'wrap_up', 'away', 'offline')),
  reason     text,
  CONSTRAINT presence_log_pkey PRIMARY KEY (agent_id, started_at)
);

-- Each old row's start, and an 'offline' row where an old row ended before the agent's next one
-- began (or had no next one). Of old rows starting in the same microsecond the latest is kept: the
-- others lasted no time.
INSERT INTO hub.presence_log (agent_id, started_at, state, reason)
SELECT agent_id, started_at, state, reason
FROM (SELECT agent_id, started_at, state, reason, id, 1 AS pass FROM hub.presence_log_v4
      UNION ALL
      SELECT agent_id, ended_at, 'offline', NULL, id, 0
      FROM (SELECT agent_id, ended_at, id,
                   lead(started_at) OVER (PARTITION BY agent_id ORDER BY started_at, id) AS next_start
            FROM hub.presence_log_v4) o
      WHERE ended_at IS NOT NULL AND (next_start IS NULL OR next_start > ended_at)) r
ORDER BY agent_id, started_at, id DESC, pass DESC
ON CONFLICT (agent_id, started_at) DO NOTHING;

DROP TABLE hub.presence_log_v4;

-- Each state an agent was in, with its end (NULL: the state the agent is in now); offline
-- stretches are not listed. For tests and ad-hoc questions: a filter on agent_id reaches the index.
CREATE VIEW hub.presence_spans AS
SELECT agent_id, state, reason, started_at, ended_at
FROM (SELECT agent_id, state, reason, started_at,
             lead(started_at) OVER (PARTITION BY agent_id ORDER BY started_at) AS ended_at
      FROM hub.presence_log) s
WHERE state <> 'offline';

-- Every agent with a row, found by skipping through the primary key (a loose index scan: one index
-- probe per agent) instead of reading the whole log.
CREATE FUNCTION hub.presence_agents() RETURNS SETOF bigint
LANGUAGE sql STABLE AS $$
  WITH RECURSIVE agents AS (
    SELECT min(agent_id) AS agent_id FROM hub.presence_log
    UNION ALL
    SELECT (SELECT min(p.agent_id) FROM hub.presence_log p WHERE p.agent_id > a.agent_id)
    FROM agents a WHERE a.agent_id IS NOT NULL)
  SELECT agent_id FROM agents WHERE agent_id IS NOT NULL
$$;
