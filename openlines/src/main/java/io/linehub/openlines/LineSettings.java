package io.linehub.openlines;

import io.linehub.api.error.LinehubException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

/**
 * A line's open-line texts and timers ({@code openlines.line_settings}); a line without a row says
 * nothing on its own and never closes a conversation by itself.
 *
 * @param greeting sent to the customer when a session opens, or null
 * @param ratingRequest sent at close, asking for 1–5, or null for none
 * @param autoCloseMinutes a session waiting for the customer this long is closed, or null for never
 * @param quickAnswers the operators' canned responses: [{title, text}]
 */
record LineSettings(String lineId, String greeting, String ratingRequest, Integer autoCloseMinutes,
    JsonArray quickAnswers) {

  static final int MAX_TEXT = 2000;
  static final int MAX_QUICK_ANSWERS = 200;

  static LineSettings none(String lineId) {
    return new LineSettings(lineId, null, null, null, new JsonArray());
  }

  JsonObject toJson() {
    return new JsonObject().put("lineId", lineId).put("greeting", greeting).put("ratingRequest", ratingRequest)
        .put("autoCloseMinutes", autoCloseMinutes).put("quickAnswers", quickAnswers);
  }

  /** Validated settings from a PUT body. */
  static LineSettings from(String lineId, JsonObject body) {
    JsonArray quick = body.getJsonArray("quickAnswers", new JsonArray());
    if (quick.size() > MAX_QUICK_ANSWERS) {
      throw LinehubException.badRequest("quickAnswers: at most " + MAX_QUICK_ANSWERS);
    }
    JsonArray clean = new JsonArray();
    for (Object item : quick) {
      if (!(item instanceof JsonObject answer) || text(answer, "title", 100) == null
          || text(answer, "text", MAX_TEXT) == null) {
        throw LinehubException.badRequest("quickAnswers: [{title (1-100 characters), text (1-2000)}]");
      }
      clean.add(new JsonObject().put("title", answer.getString("title")).put("text", answer.getString("text")));
    }
    Integer minutes = body.getInteger("autoCloseMinutes");
    if (minutes != null && (minutes < 1 || minutes > 43200)) {
      throw LinehubException.badRequest("autoCloseMinutes: 1 to 43200 (30 days), or null for never");
    }
    return new LineSettings(lineId, optionalText(body, "greeting"), optionalText(body, "ratingRequest"), minutes,
        clean);
  }

  private static String optionalText(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (value == null) {
      return null;
    }
    String text = text(body, field, MAX_TEXT);
    if (text == null) {
      throw LinehubException.badRequest(field + ": 1 to " + MAX_TEXT + " characters, or null");
    }
    return text;
  }

  private static String text(JsonObject json, String field, int max) {
    Object value = json.getValue(field);
    return value instanceof String s && !s.isBlank() && s.length() <= max ? s : null;
  }

  /** The store. */
  static final class Store {

    private final Pool pool;

    Store(Pool pool) {
      this.pool = pool;
    }

    Future<LineSettings> get(String lineId) {
      return pool.preparedQuery("SELECT * FROM openlines.line_settings WHERE line_id = $1").execute(Tuple.of(lineId))
          .map(rows -> rows.size() == 0 ? none(lineId) : of(rows.iterator().next()));
    }

    Future<LineSettings> put(LineSettings settings) {
      return pool.preparedQuery("""
              INSERT INTO openlines.line_settings (line_id, greeting, rating_request, auto_close_minutes, quick_answers)
              VALUES ($1, $2, $3, $4, $5)
              ON CONFLICT (line_id) DO UPDATE SET greeting = excluded.greeting, rating_request = excluded.rating_request,
                auto_close_minutes = excluded.auto_close_minutes, quick_answers = excluded.quick_answers,
                updated_at = now()
              RETURNING *""")
          .execute(Tuple.of(settings.lineId(), settings.greeting(), settings.ratingRequest(),
              settings.autoCloseMinutes(), settings.quickAnswers()))
          .map(rows -> of(rows.iterator().next()));
    }

    private static LineSettings of(Row row) {
      Object quick = row.getValue("quick_answers");
      return new LineSettings(row.getString("line_id"), row.getString("greeting"), row.getString("rating_request"),
          row.getInteger("auto_close_minutes"), quick instanceof JsonArray array ? array : new JsonArray());
    }
  }
}
