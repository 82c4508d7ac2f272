-- The state each agent chose (available, away with its reason, offline), kept so that a restart of
-- the hub gives every agent back the state they were in: without it everyone came back offline and
-- no call or chat was offered until each agent noticed and switched again. Written before the
-- change is acknowledged; read once when routing starts. The call-driven states (ringing, on a
-- call, wrap-up) are not kept: calls do not survive a restart.
CREATE TABLE hub.agent_presence (
  -- no foreign key: routing knows agents by id only (tests and the benchmark route for ids with no
  -- user); startup reads the states of active users.
  agent_id   bigint      PRIMARY KEY,
  state      text        NOT NULL CHECK (state IN ('available', 'away', 'offline')),
  reason     text,
  changed_at timestamptz NOT NULL
);
