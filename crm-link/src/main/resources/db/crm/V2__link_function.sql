-- Linking on the server: lock, replay check, lookup, create and activity in one call (from Java they
-- were five or six statements, and per-statement protocol and executor setup dominated), for a
-- whole batch of links at a time. Everything is PL/pgSQL, whose plans are cached per connection;
-- SQL-language helpers were re-parsed on every call.

-- Whether linking may attach to a record: contacts and companies always; a lead while it is open,
-- or junked as spam (a spammer stays on their one lead). Converted leads live on as their contact.
CREATE FUNCTION crm.is_live(p_type text, p_id bigint) RETURNS boolean
LANGUAGE plpgsql STABLE AS $$
BEGIN
  IF p_type <> 'lead' THEN
    RETURN true;
  END IF;
  RETURN coalesce((SELECT l.status IN ('new', 'in_progress') OR (l.status = 'junk' AND l.loss_reason = 'spam')
                   FROM crm.leads l WHERE l.id = p_id), false);
END
$$;

CREATE FUNCTION crm.responsible_of(p_type text, p_id bigint) RETURNS bigint
LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN CASE p_type
    WHEN 'lead' THEN (SELECT responsible_user_id FROM crm.leads WHERE id = p_id)
    WHEN 'contact' THEN (SELECT responsible_user_id FROM crm.contacts WHERE id = p_id)
    WHEN 'company' THEN (SELECT responsible_user_id FROM crm.companies WHERE id = p_id)
    WHEN 'deal' THEN (SELECT responsible_user_id FROM crm.deals WHERE id = p_id)
  END;
END
$$;

-- Every record holding one of the identities (ord = the identity's position, 1-based). The lateral
-- subquery is fenced with OFFSET 0 so it stays a per-identity index probe: as a join, a table with
-- no statistics yet got a cached hash join over a full scan of crm.communications.
CREATE FUNCTION crm.identity_owners(p_types text[], p_values text[])
RETURNS TABLE (ord int, entity_type text, entity_id bigint, type text, value text, live boolean, rank int)
LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN QUERY
  SELECT u.ord::int, x.entity_type::text, x.entity_id, x.type::text, x.value::text,
         crm.is_live(x.entity_type, x.entity_id),
         CASE x.entity_type WHEN 'contact' THEN 0 WHEN 'company' THEN 1 ELSE 2 END
  FROM unnest(p_types, p_values) WITH ORDINALITY AS u(t, v, ord)
  CROSS JOIN LATERAL (SELECT c.entity_type, c.entity_id, c.type, c.value FROM crm.communications c
                      WHERE c.type = u.t AND c.value = u.v OFFSET 0) x;
END
$$;

-- Links one interaction; the caller holds the advisory locks. Finds the customer (a contact first, then a company, then a live lead; earlier identity, then
-- oldest record wins a tie), or creates one by p_policy, adds identities nobody live holds yet,
-- and, when p_kind is not null, writes the activity with its recording. A (channel, external id)
-- linked before returns its first result with replayed = true.
CREATE FUNCTION crm.link_one(
    p_types text[], p_values text[],
    p_policy text, p_title text, p_name text, p_source text, p_owner bigint,
    p_channel text, p_external_id text, p_kind text, p_direction text, p_status text,
    p_subject text, p_body text, p_responsible_first bigint, p_responsible_last bigint,
    p_started_at timestamptz, p_ended_at timestamptz, p_duration_sec int, p_outcome text, p_line_id text,
    p_rec_uri text, p_rec_media_type text, p_rec_duration_sec int, p_rec_size_bytes bigint, p_rec_sha256 text,
    p_rec_channels int, p_rec_recorded_by text)
RETURNS TABLE (entity_type text, entity_id bigint, created boolean, activity_id bigint, replayed boolean,
               responsible bigint)
LANGUAGE plpgsql AS $$
DECLARE
  v_type text;
  v_id bigint;
  v_responsible bigint;
  v_created boolean := false;
  v_activity bigint;
  v_held int[];
BEGIN
  IF p_kind IS NOT NULL THEN
    SELECT a.entity_type, a.entity_id, a.id INTO v_type, v_id, v_activity
      FROM crm.activities a WHERE a.channel = p_channel AND a.external_id = p_external_id;
    IF FOUND THEN
      RETURN QUERY SELECT v_type, v_id, false, v_activity, true, crm.responsible_of(v_type, v_id);
      RETURN;
    END IF;
  END IF;

  -- One pass over the owners: the best live one, and which identities live records hold already.
  SELECT (array_agg(o.entity_type ORDER BY o.rank, o.ord, o.entity_id) FILTER (WHERE o.live))[1],
         (array_agg(o.entity_id ORDER BY o.rank, o.ord, o.entity_id) FILTER (WHERE o.live))[1],
         array_agg(DISTINCT o.ord) FILTER (WHERE o.live)
    INTO v_type, v_id, v_held
    FROM crm.identity_owners(p_types, p_values) o;

  IF v_id IS NOT NULL THEN
    v_responsible := crm.responsible_of(v_type, v_id);
    IF cardinality(v_held) < cardinality(p_types) THEN
      INSERT INTO crm.communications (entity_type, entity_id, type, value)
        SELECT v_type, v_id, u.t, u.v FROM unnest(p_types, p_values) WITH ORDINALITY AS u(t, v, ord)
         WHERE u.ord <> ALL (v_held)
        ON CONFLICT DO NOTHING;
    END IF;
  ELSIF p_policy IN ('create_lead', 'create_contact') THEN
    IF p_policy = 'create_lead' THEN
      INSERT INTO crm.leads (title, name, source, status, responsible_user_id)
        VALUES (p_title, p_name, p_source, 'new', p_owner) RETURNING id INTO v_id;
      v_type := 'lead';
    ELSE
      INSERT INTO crm.contacts (full_name, source, responsible_user_id)
        VALUES (coalesce(nullif(btrim(p_name), ''), p_title), p_source, p_owner) RETURNING id INTO v_id;
      v_type := 'contact';
    END IF;
    v_created := true;
    v_responsible := p_owner;
    INSERT INTO crm.communications (entity_type, entity_id, type, value)
      SELECT v_type, v_id, u.t, u.v FROM unnest(p_types, p_values) AS u(t, v)
      ON CONFLICT DO NOTHING;
  END IF;

  IF p_kind IS NOT NULL THEN
    INSERT INTO crm.activities (entity_type, entity_id, kind, direction, status, subject, body,
        responsible_user_id, started_at, ended_at, duration_sec, channel, outcome, line_id, external_id,
        completed_at)
      VALUES (v_type, v_id, p_kind, p_direction, p_status, p_subject, p_body,
        coalesce(p_responsible_first, v_responsible, p_responsible_last), p_started_at, p_ended_at,
        p_duration_sec, p_channel, p_outcome, p_line_id, p_external_id,
        CASE WHEN p_status = 'done' THEN now() END)
      RETURNING id INTO v_activity;
    IF p_rec_uri IS NOT NULL THEN
      INSERT INTO crm.recordings (activity_id, uri, media_type, duration_sec, size_bytes, sha256, channels,
          recorded_by)
        VALUES (v_activity, p_rec_uri, p_rec_media_type, p_rec_duration_sec, p_rec_size_bytes, p_rec_sha256,
          p_rec_channels, p_rec_recorded_by);
    END IF;
  END IF;

  RETURN QUERY SELECT v_type, v_id, v_created, v_activity, false, v_responsible;
END
$$;

-- Links a batch of interactions in one transaction: first the advisory locks on every key of the
-- batch (sorted and distinct, so two batches never deadlock, on any number of nodes), then each
-- item in order, so an item sees what an earlier one in the same batch created. An item is a JSON
-- array of link_one's arguments in order. Under load a node sends many links per call: per-call
-- overhead (protocol, transaction, commit) was two thirds of a single link's cost.
CREATE FUNCTION crm.link_batch(p_keys bigint[], p_items jsonb)
RETURNS TABLE (item int, entity_type text, entity_id bigint, created boolean, activity_id bigint,
               replayed boolean, responsible bigint)
LANGUAGE plpgsql AS $$
DECLARE
  v_key bigint;
  v_item jsonb;
  v_index int := 0;
BEGIN
  FOREACH v_key IN ARRAY (SELECT array_agg(DISTINCT k ORDER BY k) FROM unnest(p_keys) AS k) LOOP
    PERFORM pg_advisory_xact_lock(v_key);
  END LOOP;
  FOR v_item IN SELECT value FROM jsonb_array_elements(p_items) LOOP
    RETURN QUERY SELECT v_index, o.* FROM crm.link_one(
      ARRAY(SELECT jsonb_array_elements_text(v_item -> 0)), ARRAY(SELECT jsonb_array_elements_text(v_item -> 1)),
      v_item ->> 2, v_item ->> 3, v_item ->> 4, v_item ->> 5, (v_item ->> 6)::bigint,
      v_item ->> 7, v_item ->> 8, v_item ->> 9, v_item ->> 10, v_item ->> 11,
      v_item ->> 12, v_item ->> 13, (v_item ->> 14)::bigint, (v_item ->> 15)::bigint,
      (v_item ->> 16)::timestamptz, (v_item ->> 17)::timestamptz, (v_item ->> 18)::int, v_item ->> 19,
      v_item ->> 20, v_item ->> 21, v_item ->> 22, (v_item ->> 23)::int, (v_item ->> 24)::bigint,
      v_item ->> 25, (v_item ->> 26)::int, v_item ->> 27) AS o;
    v_index := v_index + 1;
  END LOOP;
END
$$;
