-- The routing journal: what the reports read. Written by RoutingJournal from routing's events
-- (hub.routing.closed, hub.presence.changed); reporting data, not a ledger (CDRs are the source
-- of truth for calls).

-- One row per ticket and line it ended on: a customer moved to another line closes once per line.
CREATE TABLE hub.route_tickets (
  ticket_id   text        NOT NULL,
  line_id     text        NOT NULL,
  media       text        NOT NULL CHECK (media IN ('call', 'chat')),
  customer    text,
  outcome     text        NOT NULL CHECK (outcome IN ('handled', 'abandoned', 'fell_back')),
  agent_id    bigint,
  arrived_at  timestamptz NOT NULL,
  assigned_at timestamptz,
  ended_at    timestamptz NOT NULL,
  fallback    text CHECK (fallback IN ('keep_waiting', 'line', 'voicemail', 'callback', 'forward', 'hang_up',
                                       'auto_reply')),
  offers      integer     NOT NULL DEFAULT 0 CHECK (offers >= 0),
  PRIMARY KEY (ticket_id, line_id)
);
-- lines, hours and missed calls are counted by arrival; agents' work by when it ended
CREATE INDEX route_tickets_arrived_idx ON hub.route_tickets (arrived_at);
CREATE INDEX route_tickets_ended_idx ON hub.route_tickets (ended_at);
CREATE INDEX route_tickets_agent_idx ON hub.route_tickets (agent_id, ended_at) WHERE agent_id IS NOT NULL;

-- Agents' states over time. An open row (ended_at NULL) is the state the agent is in now; offline
-- is the absence of a row, so 'offline' never appears here.
CREATE TABLE hub.presence_log (
  id         bigserial   PRIMARY KEY,
  agent_id   bigint      NOT NULL,
  state      text        NOT NULL CHECK (state IN ('available', 'ringing', 'on_call', 'wrap_up', 'away')),
  reason     text,
  started_at timestamptz NOT NULL,
  ended_at   timestamptz,
  CONSTRAINT presence_log_ends_after_start CHECK (ended_at IS NULL OR ended_at >= started_at)
);
CREATE INDEX presence_log_agent_started_idx ON hub.presence_log (agent_id, started_at);
-- the time-in-state report looks for rows overlapping a window across agents: those that started
-- before its end and end (an open row: never) after its start
CREATE INDEX presence_log_started_idx ON hub.presence_log (started_at);
CREATE INDEX presence_log_ended_idx ON hub.presence_log ((coalesce(ended_at, 'infinity'::timestamptz)));
CREATE UNIQUE INDEX presence_log_open_key ON hub.presence_log (agent_id) WHERE ended_at IS NULL;
