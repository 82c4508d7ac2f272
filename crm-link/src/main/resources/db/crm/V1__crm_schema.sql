-- crm-link schema. Enumerations are lower-case text domains (readable in psql, cheap to extend by
-- a migration). User ids are plain bigints: users live in the hub schema.
--
-- Why domains and not CHECK constraints on the columns: PostgreSQL re-reads and re-plans every
-- table CHECK constraint on each INSERT/UPDATE statement, while a domain's checks are compiled once
-- per connection (type cache). On the linking path that was half of the database's CPU: the
-- benchmark doubled (1,360 to 2,560 links/s) without the column CHECKs. Constraints across columns
-- stay table CHECKs.
CREATE DOMAIN crm.nonempty_text AS text CHECK (length(VALUE) > 0);
CREATE DOMAIN crm.channel AS text CHECK (VALUE IN ('phone', 'email', 'site_chat', 'site_form', 'telegram', 'vk', 'whatsapp', 'facebook', 'viber', 'chat', 'manual'));
CREATE DOMAIN crm.lead_status AS text CHECK (VALUE IN ('new', 'in_progress', 'converted', 'junk'));
CREATE DOMAIN crm.loss_reason AS text CHECK (VALUE IN ('spam', 'wrong_contact', 'not_our_product'));
CREATE DOMAIN crm.holder_type AS text CHECK (VALUE IN ('lead', 'contact', 'company'));
CREATE DOMAIN crm.entity_type AS text CHECK (VALUE IN ('lead', 'contact', 'company', 'deal'));
CREATE DOMAIN crm.identity_type AS text
  CHECK (VALUE IN ('phone', 'email', 'telegram', 'vk', 'whatsapp', 'viber', 'facebook', 'site'));
CREATE DOMAIN crm.activity_kind AS text CHECK (VALUE IN ('call', 'openline', 'email', 'chat', 'callback', 'task'));
CREATE DOMAIN crm.activity_status AS text CHECK (VALUE IN ('open', 'done'));
CREATE DOMAIN crm.direction AS text CHECK (VALUE IN ('inbound', 'outbound'));
CREATE DOMAIN crm.seconds AS integer CHECK (VALUE >= 0);
CREATE DOMAIN crm.outcome AS text
  CHECK (VALUE IN ('answered', 'missed', 'abandoned', 'busy', 'declined', 'failed', 'received', 'sent'));

CREATE TABLE crm.companies (
  id                  bigserial PRIMARY KEY,
  title               crm.nonempty_text NOT NULL,
  company_type        text,
  industry            text,
  address             text,
  website             text,
  responsible_user_id bigint,
  source              crm.channel,
  comments            text,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE crm.contacts (
  id                  bigserial PRIMARY KEY,
  first_name          text,
  last_name           text,
  full_name           text NOT NULL,
  position            text,
  company_id          bigint REFERENCES crm.companies (id),
  responsible_user_id bigint,
  source              crm.channel,
  comments            text,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX contacts_company_idx ON crm.contacts (company_id);

CREATE TABLE crm.deals (
  id                  bigserial PRIMARY KEY,
  title               crm.nonempty_text NOT NULL,
  amount              numeric(18, 2),
  currency            text NOT NULL DEFAULT 'RUB' CHECK (currency ~ '^[A-Z]{3}$'),
  pipeline            text NOT NULL DEFAULT 'equipment',
  stage               text NOT NULL DEFAULT 'new',
  contact_id          bigint REFERENCES crm.contacts (id),
  company_id          bigint REFERENCES crm.companies (id),
  lead_id             bigint,
  responsible_user_id bigint,
  comments            text,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  -- the two "directions" of the specification seed and their stages (lost_* are losing stages)
  CONSTRAINT deals_stage_of_pipeline CHECK (
    (pipeline = 'equipment' AND stage IN ('new', 'interest', 'purchase_check', 'offer', 'contract_invoice',
        'delivery', 'installation', 'post_payment', 'won', 'lost_price', 'lost_timing', 'lost_assortment'))
    OR (pipeline = 'service' AND stage IN ('new', 'offer', 'contract_invoice', 'won', 'lost_price', 'lost_service')))
);
CREATE INDEX deals_contact_idx ON crm.deals (contact_id);
CREATE INDEX deals_company_idx ON crm.deals (company_id);

CREATE TABLE crm.leads (
  id                   bigserial PRIMARY KEY,
  title                crm.nonempty_text NOT NULL,
  name                 text,
  first_name           text,
  last_name            text,
  company_title        text,
  position             text,
  source               crm.channel NOT NULL,
  status               crm.lead_status NOT NULL DEFAULT 'new',
  loss_reason          crm.loss_reason,
  responsible_user_id  bigint,
  how_heard            text,
  equipment_category   text CHECK (equipment_category IN ('large', 'small')),
  probable_equipment   text,
  probable_price       numeric(18, 2),
  comments             text,
  converted_contact_id bigint REFERENCES crm.contacts (id),
  converted_company_id bigint REFERENCES crm.companies (id),
  converted_deal_id    bigint REFERENCES crm.deals (id),
  converted_at         timestamptz,
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT leads_loss_reason_when_junk CHECK ((status = 'junk') = (loss_reason IS NOT NULL))
);
CREATE INDEX leads_status_idx ON crm.leads (status, created_at DESC);


-- Phones (E.164), e-mails (lower-case) and messenger ids of leads, contacts and companies.
CREATE TABLE crm.communications (
  id          bigserial PRIMARY KEY,
  entity_type crm.holder_type NOT NULL,
  entity_id   bigint NOT NULL,
  type        crm.identity_type NOT NULL,
  value       crm.nonempty_text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT communications_unique UNIQUE (type, value, entity_type, entity_id)
);
CREATE INDEX communications_identity_idx ON crm.communications (type, value);
CREATE INDEX communications_entity_idx ON crm.communications (entity_type, entity_id);

CREATE TABLE crm.activities (
  id                  bigserial PRIMARY KEY,
  kind                crm.activity_kind NOT NULL,
  direction           crm.direction,
  status              crm.activity_status NOT NULL,
  subject             text,
  body                text,
  result              text,
  responsible_user_id bigint,
  started_at          timestamptz,
  ended_at            timestamptz,
  due_at              timestamptz,
  completed_at        timestamptz,
  duration_sec        crm.seconds,
  channel             crm.channel,
  outcome             crm.outcome,
  line_id             text,
  external_id         text,
  entity_type         crm.entity_type,
  entity_id           bigint,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT activities_entity_pair CHECK ((entity_type IS NULL) = (entity_id IS NULL)),
  -- the idempotency key of linking; NULL external ids (manual tasks) never collide
  CONSTRAINT activities_channel_external_id_key UNIQUE (channel, external_id)
);
CREATE INDEX activities_timeline_idx ON crm.activities (entity_type, entity_id, created_at DESC, id DESC);
CREATE INDEX activities_open_idx ON crm.activities (responsible_user_id, due_at) WHERE status = 'open';
CREATE INDEX activities_created_idx ON crm.activities (created_at DESC, id DESC);

CREATE TABLE crm.recordings (
  id           bigserial PRIMARY KEY,
  activity_id  bigint NOT NULL UNIQUE REFERENCES crm.activities (id) ON DELETE CASCADE,
  uri          text NOT NULL CHECK (length(uri) > 0),
  media_type   text,
  duration_sec integer CHECK (duration_sec >= 0),
  size_bytes   bigint CHECK (size_bytes >= 0),
  sha256       text CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  channels     integer CHECK (channels > 0),
  recorded_by  text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now()
);

-- Calls registered by PBXs that are not wired over SIP (telephony.externalcall.* style API).
CREATE TABLE crm.external_calls (
  id             bigserial PRIMARY KEY,
  call_id        uuid NOT NULL UNIQUE,
  external_id    text NOT NULL UNIQUE,
  direction      crm.direction NOT NULL,
  phone          text NOT NULL,
  line           text,
  agent_user_id  bigint,
  started_at     timestamptz NOT NULL,
  entity_type    crm.holder_type,
  entity_id      bigint,
  entity_created boolean NOT NULL DEFAULT false,
  status         text NOT NULL DEFAULT 'registered' CHECK (status IN ('registered', 'finished')),
  outcome        text CHECK (outcome IN ('answered', 'missed', 'busy', 'declined', 'failed')),
  duration_sec   integer CHECK (duration_sec >= 0),
  sip_code       integer,
  activity_id    bigint REFERENCES crm.activities (id),
  finished_at    timestamptz,
  created_at     timestamptz NOT NULL DEFAULT now()
);
