package io.linehub.api.web;

import io.linehub.api.error.LinehubException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Offset pagination shared by every list endpoint: {@code ?limit=50&offset=0}, limit at most 200. */
public record Page(int limit, int offset) {

  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 200;

  public static Page of(RoutingContext ctx) {
    int limit = intParam(ctx, "limit", DEFAULT_LIMIT);
    int offset = intParam(ctx, "offset", 0);
    if (limit < 1 || limit > MAX_LIMIT) {
      throw LinehubException.badRequest("limit: must be between 1 and " + MAX_LIMIT);
    }
    if (offset < 0) {
      throw LinehubException.badRequest("offset: must not be negative");
    }
    return new Page(limit, offset);
  }

  private static int intParam(RoutingContext ctx, String name, int fallback) {
    String raw = ctx.queryParams().get(name);
    if (raw == null || raw.isEmpty()) {
      return fallback;
    }
    try {
      return Integer.parseInt(raw);
    } catch (NumberFormatException e) {
      throw LinehubException.badRequest(name + ": must be an integer");
    }
  }

  /** The list response envelope: {@code {"items":[...],"total":N,"limit":L,"offset":O}}. */
  public JsonObject envelope(JsonArray items, long total) {
    return new JsonObject().put("items", items).put("total", total).put("limit", limit).put("offset", offset);
  }
}
