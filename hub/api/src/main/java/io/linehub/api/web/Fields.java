package io.linehub.api.web;

import io.linehub.api.error.LinehubException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.function.Function;

/**
 * Reading request JSON with errors that name the field. Every REST handler reads its body through
 * here so that bad input always answers 400 {@code {"error":"BAD_REQUEST","message":"<field>: ..."}}.
 */
public final class Fields {

  private Fields() {
  }

  /** The request body as a JSON object; 400 when it is absent, not JSON, or not an object. */
  public static JsonObject body(RoutingContext ctx) {
    var buffer = ctx.body().buffer();
    if (buffer == null || buffer.length() == 0) {
      throw LinehubException.badRequest("body: a JSON object is required");
    }
    try {
      Object value = io.vertx.core.json.Json.decodeValue(buffer);
      if (value instanceof JsonObject json) {
        return json;
      }
    } catch (DecodeException e) {
      throw LinehubException.badRequest("body: malformed JSON");
    }
    throw LinehubException.badRequest("body: a JSON object is required");
  }

  public static String requireString(JsonObject json, String field) {
    String value = optString(json, field);
    if (value == null || value.isBlank()) {
      throw LinehubException.badRequest(field + ": is required");
    }
    return value;
  }

  public static String optString(JsonObject json, String field) {
    Object value = json.getValue(field);
    if (value == null) {
      return null;
    }
    if (value instanceof String s) {
      return s;
    }
    throw LinehubException.badRequest(field + ": must be a string");
  }

  public static Long optLong(JsonObject json, String field) {
    Object value = json.getValue(field);
    if (value == null) {
      return null;
    }
    if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
      return n.longValue();
    }
    throw LinehubException.badRequest(field + ": must be an integer");
  }

  public static long requireLong(JsonObject json, String field) {
    Long value = optLong(json, field);
    if (value == null) {
      throw LinehubException.badRequest(field + ": is required");
    }
    return value;
  }

  public static java.math.BigDecimal optDecimal(JsonObject json, String field) {
    Object value = json.getValue(field);
    if (value == null) {
      return null;
    }
    if (value instanceof Number n) {
      return new java.math.BigDecimal(n.toString());
    }
    if (value instanceof String s) {
      try {
        return new java.math.BigDecimal(s);
      } catch (NumberFormatException e) {
        throw LinehubException.badRequest(field + ": must be a decimal number");
      }
    }
    throw LinehubException.badRequest(field + ": must be a decimal number");
  }

  public static Boolean optBoolean(JsonObject json, String field) {
    Object value = json.getValue(field);
    if (value == null || value instanceof Boolean) {
      return (Boolean) value;
    }
    throw LinehubException.badRequest(field + ": must be true or false");
  }

  public static Instant optInstant(JsonObject json, String field) {
    String value = optString(json, field);
    if (value == null) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw LinehubException.badRequest(field + ": must be an ISO-8601 instant such as 2026-01-31T10:15:00Z");
    }
  }

  public static JsonObject optObject(JsonObject json, String field) {
    Object value = json.getValue(field);
    if (value == null || value instanceof JsonObject) {
      return (JsonObject) value;
    }
    throw LinehubException.badRequest(field + ": must be an object");
  }

  public static JsonArray optArray(JsonObject json, String field) {
    Object value = json.getValue(field);
    if (value == null || value instanceof JsonArray) {
      return (JsonArray) value;
    }
    throw LinehubException.badRequest(field + ": must be an array");
  }

  /** An enum field by its lower-case wire name; 400 listing the allowed values otherwise. */
  public static <E extends Enum<E>> E optEnum(JsonObject json, String field, Class<E> type) {
    String value = optString(json, field);
    return value == null ? null : parseEnum(field, value, type);
  }

  public static <E extends Enum<E>> E requireEnum(JsonObject json, String field, Class<E> type) {
    return parseEnum(field, requireString(json, field), type);
  }

  public static <E extends Enum<E>> E parseEnum(String field, String value, Class<E> type) {
    for (E constant : type.getEnumConstants()) {
      if (constant.name().toLowerCase(Locale.ROOT).equals(value)) {
        return constant;
      }
    }
    StringBuilder allowed = new StringBuilder();
    for (E constant : type.getEnumConstants()) {
      allowed.append(allowed.length() == 0 ? "" : ", ").append(constant.name().toLowerCase(Locale.ROOT));
    }
    throw LinehubException.badRequest(field + ": must be one of " + allowed);
  }

  /** A path or query parameter converted with {@code parser}; 400 naming it when it does not parse. */
  public static <T> T param(RoutingContext ctx, String name, Function<String, T> parser) {
    String raw = ctx.pathParam(name);
    if (raw == null) {
      raw = ctx.queryParams().get(name);
    }
    if (raw == null) {
      return null;
    }
    try {
      return parser.apply(raw);
    } catch (RuntimeException e) {
      throw LinehubException.badRequest(name + ": invalid value");
    }
  }

  public static long idParam(RoutingContext ctx, String name) {
    Long id = param(ctx, name, Long::parseLong);
    if (id == null || id <= 0) {
      throw LinehubException.badRequest(name + ": must be a positive integer");
    }
    return id;
  }
}
