-- SIP trunks: the providers and office PBXs calls come from and go out through. Inbound calls are
-- trusted by source address (the trunk's resolved host and the listed addresses).
CREATE TABLE hub.trunks (
  id                text        PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9_-]{0,39}$'),
  name              text        NOT NULL,
  host              text        NOT NULL CHECK (length(host) BETWEEN 1 AND 253),
  port              int         NOT NULL DEFAULT 5060 CHECK (port BETWEEN 1 AND 65535),
  transport         text        NOT NULL DEFAULT 'udp' CHECK (transport IN ('udp', 'tcp')),
  inbound_addresses text[]      NOT NULL DEFAULT '{}',
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now()
);
