package io.linehub.openlines;

import io.linehub.api.error.LinehubException;
import io.linehub.openlines.connector.ChannelConfig;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Channels in {@code openlines.channels}, with a cache for the webhook path (every webhook needs
 * its channel's secrets): a change through this store replaces the cached entry at once.
 */
final class ChannelStore {

  private final Pool pool;
  private final Map<String, Channel> cache = new ConcurrentHashMap<>();

  ChannelStore(Pool pool) {
    this.pool = pool;
  }

  /** The channel, from the cache or the database; 404 when unknown. */
  Future<Channel> get(String id) {
    Channel cached = cache.get(id);
    if (cached != null) {
      return Future.succeededFuture(cached);
    }
    return pool.preparedQuery("SELECT * FROM openlines.channels WHERE id = $1").execute(Tuple.of(id))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.failedFuture(LinehubException.notFound("no channel " + id));
          }
          Channel channel = channel(rows.iterator().next());
          cache.put(id, channel);
          return Future.succeededFuture(channel);
        });
  }

  /** The channel if this node has it cached, else null (no database read). */
  Channel cached(String id) {
    return cache.get(id);
  }

  Future<List<Channel>> all() {
    return pool.query("SELECT * FROM openlines.channels ORDER BY id").execute().map(rows -> {
      List<Channel> out = new ArrayList<>();
      rows.forEach(row -> out.add(channel(row)));
      return out;
    });
  }

  Future<Channel> create(String id, String kind, String lineId, String name, String baseUrl,
      Map<String, String> settings, Map<String, String> secrets) {
    return pool.preparedQuery("""
            INSERT INTO openlines.channels (id, kind, line_id, name, base_url, settings, secrets)
            VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *""")
        .execute(Tuple.of(id, kind, lineId, name, baseUrl, new JsonObject(new HashMap<>(settings)),
            new JsonObject(new HashMap<>(secrets))))
        .recover(failure -> failure instanceof PgException pg && "23505".equals(pg.getSqlState())
            ? Future.failedFuture(LinehubException.conflict("channel " + id + " exists"))
            : Future.failedFuture(failure))
        .map(rows -> remember(channel(rows.iterator().next())));
  }

  /** Changes what is given (null: unchanged); settings and secrets are merged key by key, an empty value removes one. */
  Future<Channel> update(String id, String lineId, String name, String baseUrl, Boolean enabled,
      Map<String, String> settings, Map<String, String> secrets) {
    return pool.preparedQuery("""
            UPDATE openlines.channels SET
              line_id = coalesce($2, line_id), name = coalesce($3, name), base_url = coalesce($4, base_url),
              enabled = coalesce($5, enabled),
              settings = jsonb_strip_nulls(settings || $6), secrets = jsonb_strip_nulls(secrets || $7),
              updated_at = now()
            WHERE id = $1 RETURNING *""")
        .execute(Tuple.of(id, lineId, name, baseUrl, enabled, emptyAsNull(settings), emptyAsNull(secrets)))
        .compose(rows -> rows.size() == 0 ? Future.failedFuture(LinehubException.notFound("no channel " + id))
            : Future.succeededFuture(remember(channel(rows.iterator().next()))));
  }

  private Channel remember(Channel channel) {
    cache.put(channel.id(), channel);
    return channel;
  }

  /** A merge patch: an empty value becomes JSON null, which jsonb_strip_nulls then removes. */
  private static JsonObject emptyAsNull(Map<String, String> values) {
    JsonObject patch = new JsonObject();
    values.forEach((key, value) -> patch.put(key, value == null || value.isEmpty() ? null : value));
    return patch;
  }

  private static Channel channel(Row row) {
    return new Channel(new ChannelConfig(row.getString("id"), row.getString("kind"), row.getString("line_id"),
        row.getString("base_url"), strings((JsonObject) row.getValue("settings")),
        strings((JsonObject) row.getValue("secrets"))), row.getString("name"), row.getBoolean("enabled"),
        row.getOffsetDateTime("created_at").toInstant());
  }

  private static Map<String, String> strings(JsonObject json) {
    Map<String, String> out = new HashMap<>();
    if (json != null) {
      json.forEach(entry -> out.put(entry.getKey(), String.valueOf(entry.getValue())));
    }
    return out;
  }
}
