package io.linehub.crm.store;

import static io.linehub.crm.store.Sql.ts;
import static io.linehub.crm.store.Sql.types;
import static io.linehub.crm.store.Sql.values;
import static io.linehub.crm.store.Sql.wire;

import io.linehub.api.crm.Channel;
import io.linehub.api.crm.EntityRef;
import io.linehub.api.crm.EntityRef.EntityType;
import io.linehub.crm.link.ActivityDraft;
import io.linehub.crm.link.LinkStore;
import io.linehub.crm.link.Lookup;
import io.linehub.crm.link.NewCustomer;
import io.linehub.crm.link.NormalIdentity;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Linking SQL: one lookup query and one insert statement per step, to keep round trips few. */
public final class PgLinkStore implements LinkStore {

  private static final String RESPONSIBLE_JOINS = """
       LEFT JOIN crm.leads l ON x.entity_type = 'lead' AND l.id = x.entity_id
       LEFT JOIN crm.contacts ct ON x.entity_type = 'contact' AND ct.id = x.entity_id
       LEFT JOIN crm.companies co ON x.entity_type = 'company' AND co.id = x.entity_id
       LEFT JOIN crm.deals d ON x.entity_type = 'deal' AND d.id = x.entity_id
      """;
  private static final String RESPONSIBLE =
      "coalesce(l.responsible_user_id, ct.responsible_user_id, co.responsible_user_id, d.responsible_user_id)";

  private static final String LOOKUP = "SELECT 'a' AS src, x.entity_type, x.entity_id, x.id AS activity_id,"
      + " NULL::text AS type, NULL::text AS value, NULL::text AS status, NULL::text AS loss_reason, "
      + RESPONSIBLE + " AS responsible FROM crm.activities x" + RESPONSIBLE_JOINS
      + " WHERE x.channel = $1 AND x.external_id = $2"
      + " UNION ALL SELECT 'c', x.entity_type, x.entity_id, NULL, x.type, x.value, l.status, l.loss_reason, "
      + RESPONSIBLE + " FROM crm.communications x" + RESPONSIBLE_JOINS
      + " WHERE (x.type, x.value) IN (SELECT * FROM unnest($3::text[], $4::text[]))";

  private static final String CREATE_LEAD = """
      WITH e AS (
        INSERT INTO crm.leads (title, name, source, status, responsible_user_id)
        VALUES ($1, $2, $3, 'new', $4) RETURNING id),
      c AS (
        INSERT INTO crm.communications (entity_type, entity_id, type, value)
        SELECT 'lead', e.id, u.t, u.v FROM e, unnest($5::text[], $6::text[]) AS u(t, v)
        ON CONFLICT DO NOTHING)
      SELECT id FROM e""";

  private static final String CREATE_CONTACT = """
      WITH e AS (
        INSERT INTO crm.contacts (full_name, source, responsible_user_id)
        VALUES ($1, $2, $3) RETURNING id),
      c AS (
        INSERT INTO crm.communications (entity_type, entity_id, type, value)
        SELECT 'contact', e.id, u.t, u.v FROM e, unnest($4::text[], $5::text[]) AS u(t, v)
        ON CONFLICT DO NOTHING)
      SELECT id FROM e""";

  private static final String ADD_COMMUNICATIONS = """
      INSERT INTO crm.communications (entity_type, entity_id, type, value)
      SELECT $1, $2, u.t, u.v FROM unnest($3::text[], $4::text[]) AS u(t, v)
      ON CONFLICT DO NOTHING""";

  private static final String INSERT_ACTIVITY = """
      WITH c AS (
        INSERT INTO crm.communications (entity_type, entity_id, type, value)
        SELECT $1::text, $2::bigint, u.t, u.v FROM unnest($3::text[], $4::text[]) AS u(t, v)
        WHERE $2::bigint IS NOT NULL
        ON CONFLICT DO NOTHING),
      a AS (
        INSERT INTO crm.activities (entity_type, entity_id, kind, direction, status, subject, body,
            responsible_user_id, started_at, ended_at, duration_sec, channel, outcome, line_id, external_id,
            completed_at)
        VALUES ($1, $2, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17,
            CASE WHEN $7 = 'done' THEN now() END)
        ON CONFLICT (channel, external_id) DO NOTHING
        RETURNING id),
      r AS (
        INSERT INTO crm.recordings (activity_id, uri, media_type, duration_sec, size_bytes, sha256, channels,
            recorded_by)
        SELECT a.id, $18, $19, $20, $21, $22, $23, $24 FROM a WHERE $18::text IS NOT NULL)
      SELECT id FROM a""";

  @Override
  public Future<Void> lock(SqlConnection tx, Long[] keys) {
    return Sql.lock(tx, keys);
  }

  @Override
  public Future<Lookup> lookup(SqlConnection tx, Channel channel, String externalId,
      List<NormalIdentity> identities) {
    return tx.preparedQuery(LOOKUP)
        .execute(Tuple.of(wire(channel), externalId, types(identities), values(identities)))
        .map(rows -> {
          Lookup.Replay replay = null;
          var owners = new ArrayList<Lookup.Owner>();
          for (Row row : rows) {
            EntityRef ref = ref(row);
            Long responsible = row.getLong("responsible");
            if ("a".equals(row.getString("src"))) {
              replay = new Lookup.Replay(ref, row.getLong("activity_id"), responsible);
            } else {
              var identity = new NormalIdentity(NormalIdentity.typeOf(row.getString("type")), row.getString("value"));
              owners.add(new Lookup.Owner(ref, identity, row.getString("status"), row.getString("loss_reason"),
                  responsible));
            }
          }
          return new Lookup(replay, owners);
        });
  }

  @Override
  public Future<Long> createLead(SqlConnection tx, NewCustomer lead, List<NormalIdentity> identities) {
    return tx.preparedQuery(CREATE_LEAD)
        .execute(Tuple.of(lead.title(), lead.name(), wire(lead.source()), lead.responsibleUserId(),
            types(identities), values(identities)))
        .map(PgLinkStore::id);
  }

  @Override
  public Future<Long> createContact(SqlConnection tx, NewCustomer contact, List<NormalIdentity> identities) {
    String fullName = contact.name() == null || contact.name().isBlank() ? contact.title() : contact.name();
    return tx.preparedQuery(CREATE_CONTACT)
        .execute(Tuple.of(fullName, wire(contact.source()), contact.responsibleUserId(), types(identities),
            values(identities)))
        .map(PgLinkStore::id);
  }

  static Long id(io.vertx.sqlclient.RowSet<Row> rows) {
    return rows.size() == 0 ? null : rows.iterator().next().getLong("id");
  }

  @Override
  public Future<Void> addCommunications(SqlConnection tx, EntityRef entity, List<NormalIdentity> identities) {
    if (identities.isEmpty()) {
      return Future.succeededFuture();
    }
    return tx.preparedQuery(ADD_COMMUNICATIONS)
        .execute(Tuple.of(entity.type().wire(), entity.id(), types(identities), values(identities)))
        .mapEmpty();
  }

  @Override
  public Future<Long> insertActivity(SqlConnection tx, ActivityDraft draft, EntityRef entity,
      List<NormalIdentity> newIdentities) {
    var recording = draft.recording();
    Tuple params = Tuple.tuple()
        .addValue(entity == null ? null : entity.type().wire())
        .addValue(entity == null ? null : entity.id())
        .addValue(types(newIdentities))
        .addValue(values(newIdentities))
        .addValue(wire(draft.kind()))
        .addValue(wire(draft.direction()))
        .addValue(draft.open() ? "open" : "done")
        .addValue(draft.subject())
        .addValue(draft.body())
        .addValue(draft.responsibleUserId())
        .addValue(ts(draft.startedAt()))
        .addValue(ts(draft.endedAt()))
        .addValue(draft.durationSec())
        .addValue(wire(draft.channel()))
        .addValue(wire(draft.outcome()))
        .addValue(draft.lineId())
        .addValue(draft.externalId())
        .addValue(recording == null ? null : recording.uri())
        .addValue(recording == null ? null : recording.mediaType())
        .addValue(recording == null ? null : recording.durationSec())
        .addValue(recording == null ? null : recording.sizeBytes())
        .addValue(recording == null || recording.sha256() == null ? null : recording.sha256().toLowerCase(Locale.ROOT))
        .addValue(recording == null ? null : recording.channels())
        .addValue(recording == null ? null : recording.recordedBy());
    return tx.preparedQuery(INSERT_ACTIVITY)
        .execute(params)
        .map(PgLinkStore::id);
  }

  static EntityRef ref(Row row) {
    String type = row.getString("entity_type");
    return type == null ? null
        : new EntityRef(EntityType.valueOf(type.toUpperCase(Locale.ROOT)), row.getLong("entity_id"));
  }
}
