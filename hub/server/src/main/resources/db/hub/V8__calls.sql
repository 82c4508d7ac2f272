-- Call detail records: one row per call (sip-bridge's sip.call.ended) and one per outgoing leg the
-- B2BUA sent for it. A call is written as 'live' when it starts and completed when it ends, so a
-- crash leaves a trace (closed as 'failed' at the next start).
CREATE TABLE hub.calls (
  id            text        PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 255),
  direction     text        NOT NULL CHECK (direction IN ('inbound', 'outbound', 'internal')),
  line_id       text,
  from_party    text,
  to_party      text,
  agent_id      bigint,
  agent_ids     bigint[]    NOT NULL DEFAULT '{}',
  state         text        NOT NULL CHECK (state IN ('live', 'ended')),
  disposition   text        CHECK (disposition IN ('answered', 'missed', 'abandoned', 'busy', 'declined', 'failed')),
  sip_code      int,
  started_at    timestamptz NOT NULL,
  answered_at   timestamptz,
  ended_at      timestamptz,
  wait_seconds  int,
  talk_seconds  int,
  CHECK (state = 'live' OR (disposition IS NOT NULL AND ended_at IS NOT NULL))
);
CREATE INDEX calls_started ON hub.calls (started_at DESC);
CREATE INDEX calls_line_started ON hub.calls (line_id, started_at DESC);
CREATE INDEX calls_agents ON hub.calls USING gin (agent_ids);
CREATE INDEX calls_live ON hub.calls (state) WHERE state = 'live';

CREATE TABLE hub.call_legs (
  call_id      text        NOT NULL REFERENCES hub.calls (id) ON DELETE CASCADE,
  leg_id       text        NOT NULL,
  agent_id     bigint,
  target       text,
  started_at   timestamptz NOT NULL,
  answered_at  timestamptz,
  ended_at     timestamptz,
  sip_code     int         NOT NULL DEFAULT 0,
  PRIMARY KEY (call_id, leg_id)
);
