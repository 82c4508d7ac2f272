-- Agents' SIP passwords, separate from their web passwords, kept only as HA1 =
-- MD5(extension:realm:password) (RFC 2617), which is what digest authentication needs. The
-- extension and realm it was computed for are kept with it: after either changes the old HA1 no
-- longer matches, and the password must be set again.
CREATE TABLE hub.sip_credentials (
  user_id    bigint      PRIMARY KEY REFERENCES hub.users (id) ON DELETE CASCADE,
  extension  text        NOT NULL,
  realm      text        NOT NULL,
  ha1        text        NOT NULL CHECK (ha1 ~ '^[0-9a-f]{32}$'),
  updated_at timestamptz NOT NULL DEFAULT now()
);
