package io.linehub.crm.store;

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
import io.vertx.core.json.JsonArray;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Linking SQL: links go to the database as one call of {@code crm.link_batch} (migration V2). */
public final class PgLinkStore implements LinkStore {

  private static final String LINK = "SELECT * FROM crm.link_batch($1, $2::jsonb)";

  private static final String OWNERS = "SELECT o.entity_type, o.entity_id, o.type, o.value, o.live"
      + " FROM crm.identity_owners($1::text[], $2::text[]) o";

  private static final String ADD_COMMUNICATIONS = """
      INSERT INTO crm.communications (entity_type, entity_id, type, value)
      SELECT $1, $2, u.t, u.v FROM unnest($3::text[], $4::text[]) AS u(t, v)
      ON CONFLICT DO NOTHING""";

  @Override
  public Future<List<Linking>> link(SqlClient client, List<Item> items) {
    List<Long> keys = new ArrayList<>();
    JsonArray batch = new JsonArray();
    for (Item item : items) {
      keys.addAll(Arrays.asList(item.keys()));
      batch.add(arguments(item));
    }
    return client.preparedQuery(LINK)
        .execute(Tuple.tuple().addValue(keys.toArray(Long[]::new)).addValue(batch))
        .map(rows -> {
          List<Linking> results = new ArrayList<>(items.size());
          for (Row row : rows) {
            results.add(new Linking(ref(row), row.getBoolean("created"), row.getLong("activity_id"),
                row.getBoolean("replayed"), row.getLong("responsible")));
          }
          return results;
        });
  }

  /** The arguments of {@code crm.link_one}, in its order. */
  private static JsonArray arguments(Item item) {
    ActivityDraft draft = item.draft();
    NewCustomer spec = item.spec();
    var recording = draft == null ? null : draft.recording();
    return new JsonArray()
        .add(new JsonArray(Arrays.asList((Object[]) types(item.identities()))))
        .add(new JsonArray(Arrays.asList((Object[]) values(item.identities()))))
        .add(wire(item.policy()))
        .add(spec.title())
        .add(spec.name())
        .add(wire(spec.source()))
        .add(spec.responsibleUserId())
        .add(draft == null ? null : wire(draft.channel()))
        .add(draft == null ? null : draft.externalId())
        .add(draft == null ? null : wire(draft.kind()))
        .add(draft == null ? null : wire(draft.direction()))
        .add(draft == null ? null : draft.open() ? "open" : "done")
        .add(draft == null ? null : draft.subject())
        .add(draft == null ? null : draft.body())
        .add(draft == null ? null : draft.responsibleFirst())
        .add(draft == null ? null : draft.responsibleLast())
        .add(draft == null || draft.startedAt() == null ? null : draft.startedAt().toString())
        .add(draft == null || draft.endedAt() == null ? null : draft.endedAt().toString())
        .add(draft == null ? null : draft.durationSec())
        .add(draft == null ? null : wire(draft.outcome()))
        .add(draft == null ? null : draft.lineId())
        .add(recording == null ? null : recording.uri())
        .add(recording == null ? null : recording.mediaType())
        .add(recording == null ? null : recording.durationSec())
        .add(recording == null ? null : recording.sizeBytes())
        .add(recording == null || recording.sha256() == null ? null : recording.sha256().toLowerCase(Locale.ROOT))
        .add(recording == null ? null : recording.channels())
        .add(recording == null ? null : recording.recordedBy());
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
