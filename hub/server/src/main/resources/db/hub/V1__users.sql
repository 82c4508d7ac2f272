-- Linehub people: who may sign in, with what role, and which phone extension rings for an agent.
CREATE TABLE hub.users (
  id            bigserial PRIMARY KEY,
  login         text        NOT NULL,
  display_name  text        NOT NULL,
  role          text        NOT NULL CHECK (role IN ('admin', 'supervisor', 'agent')),
  extension     text,
  password_hash text        NOT NULL,
  active        boolean     NOT NULL DEFAULT true,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT users_login_format CHECK (login ~ '^[a-z0-9][a-z0-9._-]{1,63}$'),
  CONSTRAINT users_extension_format CHECK (extension IS NULL OR extension ~ '^[0-9]{2,8}$')
);
CREATE UNIQUE INDEX users_login_key ON hub.users (login);
CREATE UNIQUE INDEX users_extension_key ON hub.users (extension) WHERE extension IS NOT NULL;
