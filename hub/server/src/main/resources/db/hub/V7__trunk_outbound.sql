-- Trunks carry outbound calls: digest credentials for the provider's 401/407 (kept as given: the
-- provider's realm is not known in advance, so no HA1 can be stored), optional registration to
-- the provider, and the caller ID presented when a call's line has no number.
ALTER TABLE hub.trunks
  ADD COLUMN username         text,
  ADD COLUMN password         text,
  ADD COLUMN register         boolean NOT NULL DEFAULT false,
  ADD COLUMN register_expires int     NOT NULL DEFAULT 300 CHECK (register_expires BETWEEN 60 AND 3600),
  ADD COLUMN outbound         boolean NOT NULL DEFAULT true,
  ADD COLUMN caller_id        text    CHECK (caller_id ~ '^\+[0-9]{3,20}$'),
  ADD CONSTRAINT trunk_register_needs_user CHECK (NOT register OR username IS NOT NULL);
