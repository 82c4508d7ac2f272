package io.linehub.crm.store;

import io.linehub.api.crm.EntityRef;
import io.linehub.api.error.LinehubException;
import io.linehub.api.web.Page;
import io.linehub.crm.link.LinkStore;
import io.linehub.crm.link.LockKeys;
import io.linehub.crm.link.NormalIdentity;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * SQL of the CRM records. Writes that touch identities take the same advisory locks as linking,
 * then check no other live record holds them, so REST edits keep "never a duplicate" too.
 */
public final class PgRecordStore implements RecordStore {

  private static final String COMMUNICATIONS = "SELECT entity_id, type, value FROM crm.communications"
      + " WHERE entity_type = $1 AND entity_id = ANY($2::bigint[]) ORDER BY id";
  private static final String DELETE_COMMUNICATIONS = "DELETE FROM crm.communications"
      + " WHERE entity_type = $1 AND entity_id = $2 AND type = ANY($3::text[])";

  private final Pool pool;
  private final LinkStore links;

  public PgRecordStore(Pool pool, LinkStore links) {
    this.pool = pool;
    this.links = links;
  }

  @Override
  public Future<JsonObject> list(RecordKind kind, Filter filter, Page page) {
    var params = new ArrayList<Object>();
    var where = new StringJoiner(" AND ", " WHERE ", "").setEmptyValue("");
    if (filter.phone() != null) {
      params.add(filter.phone());
      where.add(identityFilter(kind, "phone", params.size()));
    }
    if (filter.email() != null) {
      params.add(filter.email());
      where.add(identityFilter(kind, "email", params.size()));
    }
    if (filter.q() != null) {
      params.add("%" + filter.q().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
      var any = new StringJoiner(" OR ", "(", ")");
      kind.searchColumns().forEach(column -> any.add(column + " ILIKE $" + params.size()));
      where.add(any.toString());
    }
    if (filter.status() != null) {
      params.add(filter.status());
      where.add("status = $" + params.size());
    }
    String count = "SELECT count(*) FROM " + kind.table() + where;
    String select = "SELECT * FROM " + kind.table() + where + " ORDER BY created_at DESC, id DESC LIMIT "
        + page.limit() + " OFFSET " + page.offset();
    Future<Long> total = pool.preparedQuery(count).execute(Tuple.from(params))
        .map(rows -> rows.iterator().next().getLong(0));
    Future<JsonArray> items = pool.preparedQuery(select).execute(Tuple.from(params))
        .compose(rows -> views(pool, kind, rows));
    return Future.all(total, items).map(done -> page.envelope(items.result(), total.result()));
  }

  private static String identityFilter(RecordKind kind, String type, int param) {
    return "id IN (SELECT entity_id FROM crm.communications WHERE entity_type = '" + kind.entityType().wire()
        + "' AND type = '" + type + "' AND value = $" + param + ")";
  }

  @Override
  public Future<JsonObject> get(RecordKind kind, long id) {
    return get(pool, kind, id);
  }

  /** The JSON view of one record, on any client (a transaction sees its own writes). */
  public static Future<JsonObject> get(SqlClient client, RecordKind kind, long id) {
    return client.preparedQuery("SELECT * FROM " + kind.table() + " WHERE id = $1").execute(Tuple.of(id))
        .compose(rows -> views(client, kind, rows))
        .map(items -> {
          if (items.isEmpty()) {
            throw LinehubException.notFound(kind.entityType().wire() + ":" + id + " not found");
          }
          return items.getJsonObject(0);
        });
  }

  @Override
  public Future<JsonObject> create(RecordKind kind, Map<String, Object> values, Communications communications) {
    RecordRules.forCreate(kind, values);
    var columns = new StringJoiner(", ");
    var placeholders = new StringJoiner(", ");
    var params = new ArrayList<Object>();
    values.forEach((json, value) -> {
      params.add(value);
      columns.add(kind.field(json).column());
      placeholders.add("$" + params.size());
    });
    String sql = "INSERT INTO " + kind.table() + " (" + columns + ") VALUES (" + placeholders + ") RETURNING id";
    List<NormalIdentity> identities = communications.all();
    return pool.withTransaction(tx -> claim(tx, kind, null, identities)
            .compose(free -> tx.preparedQuery(sql).execute(Tuple.from(params)))
            .map(rows -> new EntityRef(kind.entityType(), rows.iterator().next().getLong("id")))
            .compose(ref -> links.addCommunications(tx, ref, identities)
                .compose(added -> get(tx, kind, ref.id()))))
        .recover(PgErrors::mapped);
  }

  @Override
  public Future<JsonObject> patch(RecordKind kind, long id, Map<String, Object> values,
      Communications communications) {
    var ref = new EntityRef(kind.entityType(), id);
    List<NormalIdentity> identities = communications.all();
    return pool.withTransaction(tx -> claim(tx, kind, ref, identities)
            .compose(free -> tx.preparedQuery("SELECT * FROM " + kind.table() + " WHERE id = $1 FOR UPDATE")
                .execute(Tuple.of(id)))
            .compose(rows -> views(tx, kind, rows))
            .compose(current -> {
              if (current.isEmpty()) {
                throw LinehubException.notFound(ref + " not found");
              }
              RecordRules.forPatch(kind, current.getJsonObject(0), values);
              return update(tx, kind, id, values);
            })
            .compose(updated -> replaceCommunications(tx, ref, communications))
            .compose(replaced -> get(tx, kind, id)))
        .recover(PgErrors::mapped);
  }

  private static Future<Void> update(SqlConnection tx, RecordKind kind, long id, Map<String, Object> values) {
    var set = new StringJoiner(", ");
    var params = new ArrayList<Object>();
    params.add(id);
    values.forEach((json, value) -> {
      params.add(value);
      set.add(kind.field(json).column() + " = $" + params.size());
    });
    set.add("updated_at = now()");
    return tx.preparedQuery("UPDATE " + kind.table() + " SET " + set + " WHERE id = $1").execute(Tuple.from(params))
        .mapEmpty();
  }

  private Future<Void> replaceCommunications(SqlConnection tx, EntityRef ref, Communications communications) {
    if (!communications.given()) {
      return Future.succeededFuture();
    }
    return tx.preparedQuery(DELETE_COMMUNICATIONS)
        .execute(Tuple.of(ref.type().wire(), ref.id(), communications.replacedTypes()))
        .compose(deleted -> links.addCommunications(tx, ref, communications.all()));
  }

  /**
   * Locks the identities and fails with 409 when a live record other than {@code self} holds one:
   * the same rule linking matches by, so a phone never leads to two customers.
   */
  private Future<Void> claim(SqlConnection tx, RecordKind kind, EntityRef self, List<NormalIdentity> identities) {
    if (identities.isEmpty()) {
      return Future.succeededFuture();
    }
    if (!kind.hasCommunications()) {
      return Future.failedFuture(LinehubException.badRequest("phones: a " + kind.entityType().wire()
          + " has no communications of its own"));
    }
    return links.lock(tx, LockKeys.of(identities))
        .compose(locked -> links.lookup(tx, identities))
        .compose(lookup -> {
          for (var owner : lookup.owners()) {
            if (owner.live() && !owner.ref().equals(self)) {
              String field = owner.identity().type().name().equals("PHONE") ? "phones"
                  : owner.identity().type().name().equals("EMAIL") ? "emails" : "messengers";
              return Future.failedFuture(LinehubException.conflict(field + ": " + owner.identity().value()
                  + " already belongs to " + owner.ref()));
            }
          }
          return Future.succeededFuture();
        });
  }

  /** Rows to JSON views, with their communications fetched in one query. */
  static Future<JsonArray> views(SqlClient client, RecordKind kind, RowSet<Row> rows) {
    var items = new ArrayList<JsonObject>();
    var byId = new HashMap<Long, JsonObject>();
    for (Row row : rows) {
      JsonObject view = view(kind, row);
      items.add(view);
      byId.put(row.getLong("id"), view);
    }
    if (items.isEmpty() || !kind.hasCommunications()) {
      return Future.succeededFuture(new JsonArray(new ArrayList<>(items)));
    }
    return client.preparedQuery(COMMUNICATIONS)
        .execute(Tuple.tuple().addValue(kind.entityType().wire()).addValue(byId.keySet().toArray(Long[]::new)))
        .map(comms -> {
          for (Row row : comms) {
            JsonObject view = byId.get(row.getLong("entity_id"));
            String type = row.getString("type");
            String value = row.getString("value");
            switch (type) {
              case "phone" -> view.getJsonArray("phones").add(value);
              case "email" -> view.getJsonArray("emails").add(value);
              default -> view.getJsonArray("messengers").add(new JsonObject().put("type", type).put("value", value));
            }
          }
          return new JsonArray(new ArrayList<>(items));
        });
  }

  private static JsonObject view(RecordKind kind, Row row) {
    long id = row.getLong("id");
    var view = new JsonObject().put("id", id).put("entity", kind.entityType().wire() + ":" + id);
    kind.fields().forEach(field -> field.write(row, view));
    if (kind.hasCommunications()) {
      view.put("phones", new JsonArray()).put("emails", new JsonArray()).put("messengers", new JsonArray());
    }
    view.put("createdAt", Sql.instant(row, "created_at").toString());
    view.put("updatedAt", Sql.instant(row, "updated_at").toString());
    return view;
  }
}
