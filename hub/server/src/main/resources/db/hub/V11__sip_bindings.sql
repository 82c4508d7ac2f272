-- The registrar's bindings (RFC 3261 §10.3: the location service), kept so that a restart of the hub
-- does not forget every phone until it happens to register again: with hour-long registrations no
-- call reached an agent for up to an hour after a restart. One row per registered contact, replaced
-- per extension on every change and committed before the phone gets its 200 OK; read at startup
-- (contacts not yet expired, of users still active on that extension).
CREATE TABLE hub.sip_bindings (
  extension  text        NOT NULL,
  contact    text        NOT NULL,
  agent_id   bigint      NOT NULL,
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (extension, contact)
);
