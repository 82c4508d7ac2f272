-- Plans made once per connection instead of on every call.
--
-- PostgreSQL keeps re-planning a cached statement while its generic plan looks dearer than the
-- custom ones, and for a statement over unnest() of an array parameter it always does: with the
-- array in hand the planner counts its elements (one or two identities), without it it guesses ten,
-- so the generic plan always looks ten times dearer. identity_owners' query (run by every link and
-- every card) and the card query were therefore planned on every execution: pg_stat_statements
-- (track = all, track_planning = on) in the SIP benchmark at 450 calls/s counted 0.28 ms of planning
-- per identity_owners call and 0.63 ms per card batch, more than a quarter of PostgreSQL's time on
-- the calls' path. These plans are index probes per identity whatever the values are, so the
-- generic plan is the one to keep.
--
-- The setting is attached to the functions (it holds while they run), not to the connections: the
-- rest of Linehub's statements keep PostgreSQL's choice. None of these functions uses SET LOCAL,
-- which a function's SET clause would undo at the function's exit.
ALTER FUNCTION crm.identity_owners(text[], text[]) SET plan_cache_mode = force_generic_plan;
ALTER FUNCTION crm.responsible_of(text, bigint) SET plan_cache_mode = force_generic_plan;

-- The customers' records, by the precedence linking uses, as cards: name, company, responsible and
-- the three newest activities, for a batch of lookups (it runs for every routed call and chat).
-- p_items numbers each identity's lookup, p_types/p_values are the identities in order; a lookup
-- whose customer is unknown has no row. It was a statement sent by the CRM module; in a function it
-- can keep its plan (above), and the statement the module sends is a function scan, whose generic
-- plan PostgreSQL keeps by itself.
CREATE FUNCTION crm.cards(p_items int[], p_types text[], p_values text[])
RETURNS TABLE (item int, entity_type text, entity_id bigint, responsible bigint, name text, company text,
               activities json)
LANGUAGE plpgsql STABLE SET plan_cache_mode = force_generic_plan AS $$
#variable_conflict use_column
BEGIN
  RETURN QUERY
  WITH lookups AS (
    SELECT u.item, array_agg(u.t ORDER BY u.ord) AS types, array_agg(u.v ORDER BY u.ord) AS vals
    FROM unnest(p_items, p_types, p_values) WITH ORDINALITY AS u(item, t, v, ord)
    GROUP BY u.item)
  SELECT lookups.item, owner.entity_type::text, owner.entity_id, owner.responsible,
    CASE owner.entity_type
      WHEN 'contact' THEN (SELECT k.full_name FROM crm.contacts k WHERE k.id = owner.entity_id)
      WHEN 'company' THEN (SELECT c.title::text FROM crm.companies c WHERE c.id = owner.entity_id)
      WHEN 'lead' THEN (SELECT coalesce(l.name, l.title::text) FROM crm.leads l WHERE l.id = owner.entity_id)
    END::text,
    CASE owner.entity_type
      WHEN 'contact' THEN (SELECT c.title::text FROM crm.contacts k JOIN crm.companies c ON c.id = k.company_id
                           WHERE k.id = owner.entity_id)
      WHEN 'lead' THEN (SELECT l.company_title FROM crm.leads l WHERE l.id = owner.entity_id)
    END::text,
    (SELECT coalesce(json_agg(json_build_object('id', a.id, 'kind', a.kind, 'status', a.status,
                                                'outcome', a.outcome, 'subject', a.subject,
                                                'at', a.created_at) ORDER BY a.created_at DESC, a.id DESC),
                     '[]'::json)
     FROM (SELECT * FROM crm.activities a
           WHERE a.entity_type = owner.entity_type AND a.entity_id = owner.entity_id
           ORDER BY a.created_at DESC, a.id DESC LIMIT 3) a)
  FROM lookups CROSS JOIN LATERAL (
    SELECT o.entity_type, o.entity_id, crm.responsible_of(o.entity_type, o.entity_id) AS responsible
    FROM crm.identity_owners(lookups.types, lookups.vals) o
    WHERE o.live
    ORDER BY o.rank, o.ord, o.entity_id -- crm.link_one's order (V2): the card is the record linking uses
    LIMIT 1) owner;
END
$$;
