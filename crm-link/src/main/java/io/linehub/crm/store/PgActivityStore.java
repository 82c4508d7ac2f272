package io.linehub.crm.store;

import io.linehub.api.crm.EntityRef;
import io.linehub.api.crm.Recording;
import io.linehub.api.error.LinehubException;
import io.linehub.api.web.Page;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Locale;
import java.util.StringJoiner;

/** SQL of the activity timeline, scheduled callbacks/tasks and recordings. */
public final class PgActivityStore implements ActivityStore {

  private static final String SELECT = "SELECT a.*, r.uri, r.media_type, r.duration_sec AS rec_duration_sec,"
      + " r.size_bytes, r.sha256, r.channels, r.recorded_by FROM crm.activities a"
      + " LEFT JOIN crm.recordings r ON r.activity_id = a.id";
  private static final String SCHEDULE = "INSERT INTO crm.activities (entity_type, entity_id, kind, status, subject,"
      + " body, due_at, responsible_user_id, channel) VALUES ($1, $2, $3, 'open', $4, $5, $6, $7, 'manual')"
      + " RETURNING id";
  private static final String PUT_RECORDING = """
      INSERT INTO crm.recordings (activity_id, uri, media_type, duration_sec, size_bytes, sha256, channels, recorded_by)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
      ON CONFLICT (activity_id) DO UPDATE SET uri = excluded.uri, media_type = excluded.media_type,
        duration_sec = excluded.duration_sec, size_bytes = excluded.size_bytes, sha256 = excluded.sha256,
        channels = excluded.channels, recorded_by = excluded.recorded_by, updated_at = now()""";

  private final Pool pool;

  public PgActivityStore(Pool pool) {
    this.pool = pool;
  }

  @Override
  public Future<JsonObject> timeline(EntityRef entity, String status, Long responsibleUserId, Page page) {
    var params = new ArrayList<Object>();
    var where = new StringJoiner(" AND ", " WHERE ", "").setEmptyValue("");
    if (entity != null) {
      params.add(entity.type().wire());
      params.add(entity.id());
      where.add("a.entity_type = $1 AND a.entity_id = $2");
    }
    if (status != null) {
      params.add(status);
      where.add("a.status = $" + params.size());
    }
    if (responsibleUserId != null) {
      params.add(responsibleUserId);
      where.add("a.responsible_user_id = $" + params.size());
    }
    Future<Long> total = pool.preparedQuery("SELECT count(*) FROM crm.activities a" + where)
        .execute(Tuple.from(params)).map(rows -> rows.iterator().next().getLong(0));
    Future<JsonArray> items = pool.preparedQuery(SELECT + where + " ORDER BY a.created_at DESC, a.id DESC LIMIT "
            + page.limit() + " OFFSET " + page.offset())
        .execute(Tuple.from(params))
        .map(rows -> {
          var array = new JsonArray();
          rows.forEach(row -> array.add(view(row)));
          return array;
        });
    return Future.all(total, items).map(done -> page.envelope(items.result(), total.result()));
  }

  @Override
  public Future<JsonObject> get(long id) {
    return pool.preparedQuery(SELECT + " WHERE a.id = $1").execute(Tuple.of(id))
        .map(rows -> {
          if (rows.size() == 0) {
            throw LinehubException.notFound("activity " + id + " not found");
          }
          return view(rows.iterator().next());
        });
  }

  @Override
  public Future<JsonObject> schedule(Scheduled activity) {
    EntityRef entity = activity.entity();
    RecordKind kind = RecordKind.of(entity.type());
    return pool.preparedQuery("SELECT 1 FROM " + kind.table() + " WHERE id = $1").execute(Tuple.of(entity.id()))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.failedFuture(LinehubException.badRequest("entity: " + entity + " does not exist"));
          }
          return pool.preparedQuery(SCHEDULE).execute(Tuple.tuple().addValue(entity.type().wire())
              .addValue(entity.id()).addValue(activity.kind()).addValue(activity.subject()).addValue(activity.body())
              .addValue(Sql.ts(activity.dueAt())).addValue(activity.responsibleUserId()));
        })
        .compose(rows -> get(rows.iterator().next().getLong("id")))
        .recover(PgErrors::mapped);
  }

  @Override
  public Future<JsonObject> update(long id, Changes changes) {
    var params = new ArrayList<Object>();
    params.add(id);
    var set = new StringJoiner(", ");
    if (changes.status() != null) {
      params.add(changes.status());
      set.add("status = $" + params.size());
      set.add("completed_at = CASE WHEN $" + params.size() + " = 'done' THEN coalesce(completed_at, now()) END");
    }
    addIfGiven(changes, "subject", "subject", changes.subject(), params, set);
    addIfGiven(changes, "body", "body", changes.body(), params, set);
    addIfGiven(changes, "result", "result", changes.result(), params, set);
    addIfGiven(changes, "dueAt", "due_at", Sql.ts(changes.dueAt()), params, set);
    addIfGiven(changes, "responsibleUserId", "responsible_user_id", changes.responsibleUserId(), params, set);
    set.add("updated_at = now()");
    return pool.preparedQuery("UPDATE crm.activities SET " + set + " WHERE id = $1").execute(Tuple.from(params))
        .compose(rows -> rows.rowCount() == 0
            ? Future.failedFuture(LinehubException.notFound("activity " + id + " not found"))
            : get(id))
        .recover(PgErrors::mapped);
  }

  private static void addIfGiven(Changes changes, String field, String column, Object value, ArrayList<Object> params,
      StringJoiner set) {
    if (changes.given().contains(field)) {
      params.add(value);
      set.add(column + " = $" + params.size());
    }
  }

  @Override
  public Future<JsonObject> putRecording(long activityId, Recording recording) {
    return pool.preparedQuery(PUT_RECORDING)
        .execute(Tuple.tuple().addValue(activityId).addValue(recording.uri()).addValue(recording.mediaType())
            .addValue(recording.durationSec()).addValue(recording.sizeBytes())
            .addValue(recording.sha256() == null ? null : recording.sha256().toLowerCase(Locale.ROOT))
            .addValue(recording.channels()).addValue(recording.recordedBy()))
        .compose(done -> get(activityId))
        .recover(PgErrors::mapped);
  }

  static JsonObject view(Row row) {
    var ref = PgLinkStore.ref(row);
    var view = new JsonObject()
        .put("id", row.getLong("id"))
        .put("entity", ref == null ? null : ref.toString());
    for (String column : new String[] {"kind", "direction", "status", "subject", "body", "result", "channel",
        "outcome", "line_id", "external_id"}) {
      view.put(PgErrors.field(column), row.getString(column));
    }
    view.put("responsibleUserId", row.getLong("responsible_user_id"));
    view.put("durationSec", row.getInteger("duration_sec"));
    for (String column : new String[] {"started_at", "ended_at", "due_at", "completed_at", "created_at"}) {
      var time = Sql.instant(row, column);
      view.put(PgErrors.field(column), time == null ? null : time.toString());
    }
    String uri = row.getString("uri");
    view.put("recording", uri == null ? null : new JsonObject()
        .put("url", uri)
        .put("mediaType", row.getString("media_type"))
        .put("durationSec", row.getInteger("rec_duration_sec"))
        .put("sizeBytes", row.getLong("size_bytes"))
        .put("sha256", row.getString("sha256"))
        .put("channels", row.getInteger("channels"))
        .put("recordedBy", row.getString("recorded_by")));
    return view;
  }
}
