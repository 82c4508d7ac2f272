package io.linehub.crm.store;

import static io.linehub.crm.store.Sql.ts;
import static io.linehub.crm.store.Sql.types;
import static io.linehub.crm.store.Sql.values;
import static io.linehub.crm.store.Sql.wire;

import io.linehub.api.crm.LinkPolicy;
import io.linehub.api.crm.EntityRef;
import io.linehub.api.crm.EntityRef.EntityType;
import io.linehub.crm.link.ActivityDraft;
import io.linehub.crm.link.LinkStore;
import io.linehub.crm.link.Lookup;
import io.linehub.crm.link.NewCustomer;
import io.linehub.crm.link.NormalIdentity;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Linking SQL: the whole link is one call of {@code crm.link_interaction} (migration V2). */
public final class PgLinkStore implements LinkStore {

  private static final String LINK = "SELECT * FROM crm.link_interaction($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, "
      + "$11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29)";

  private static final String OWNERS = "SELECT o.entity_type, o.entity_id, o.type, o.value, o.live"
      + " FROM crm.identity_owners($1::text[], $2::text[]) o";

  private static final String ADD_COMMUNICATIONS = """
      INSERT INTO crm.communications (entity_type, entity_id, type, value)
      SELECT $1, $2, u.t, u.v FROM unnest($3::text[], $4::text[]) AS u(t, v)
      ON CONFLICT DO NOTHING""";

  @Override
  public Future<Linking> link(SqlClient client, Long[] keys, List<NormalIdentity> identities, LinkPolicy policy,
      NewCustomer spec, ActivityDraft draft) {
    var recording = draft == null ? null : draft.recording();
    Tuple params = Tuple.tuple()
        .addValue(keys)
        .addValue(types(identities))
        .addValue(values(identities))
        .addValue(wire(policy))
        .addValue(spec.title())
        .addValue(spec.name())
        .addValue(wire(spec.source()))
        .addValue(spec.responsibleUserId())
        .addValue(draft == null ? null : wire(draft.channel()))
        .addValue(draft == null ? null : draft.externalId())
        .addValue(draft == null ? null : wire(draft.kind()))
        .addValue(draft == null ? null : wire(draft.direction()))
        .addValue(draft == null ? null : draft.open() ? "open" : "done")
        .addValue(draft == null ? null : draft.subject())
        .addValue(draft == null ? null : draft.body())
        .addValue(draft == null ? null : draft.responsibleFirst())
        .addValue(draft == null ? null : draft.responsibleLast())
        .addValue(draft == null ? null : ts(draft.startedAt()))
        .addValue(draft == null ? null : ts(draft.endedAt()))
        .addValue(draft == null ? null : draft.durationSec())
        .addValue(draft == null ? null : wire(draft.outcome()))
        .addValue(draft == null ? null : draft.lineId())
        .addValue(recording == null ? null : recording.uri())
        .addValue(recording == null ? null : recording.mediaType())
        .addValue(recording == null ? null : recording.durationSec())
        .addValue(recording == null ? null : recording.sizeBytes())
        .addValue(recording == null || recording.sha256() == null ? null : recording.sha256().toLowerCase(Locale.ROOT))
        .addValue(recording == null ? null : recording.channels())
        .addValue(recording == null ? null : recording.recordedBy());
    return client.preparedQuery(LINK).execute(params).map(rows -> {
      Row row = rows.iterator().next();
      return new Linking(ref(row), row.getBoolean("created"), row.getLong("activity_id"), row.getBoolean("replayed"),
          row.getLong("responsible"));
    });
  }

  @Override
  public Future<Void> lock(SqlConnection tx, Long[] keys) {
    return Sql.lock(tx, keys);
  }

  @Override
  public Future<Lookup> lookup(SqlConnection tx, List<NormalIdentity> identities) {
    return tx.preparedQuery(OWNERS)
        .execute(Tuple.tuple().addValue(types(identities)).addValue(values(identities)))
        .map(rows -> {
          var owners = new ArrayList<Lookup.Owner>();
          for (Row row : rows) {
            var identity = new NormalIdentity(NormalIdentity.typeOf(row.getString("type")), row.getString("value"));
            owners.add(new Lookup.Owner(ref(row), identity, row.getBoolean("live")));
          }
          return new Lookup(owners);
        });
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

  static EntityRef ref(Row row) {
    String type = row.getString("entity_type");
    return type == null ? null
        : new EntityRef(EntityType.valueOf(type.toUpperCase(Locale.ROOT)), row.getLong("entity_id"));
  }
}
