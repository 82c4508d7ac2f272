package io.linehub.server.lines;

import io.linehub.api.error.LinehubException;
import io.linehub.api.web.Fields;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * One JSON object of a line's wire form, read with 400s that name the full path of the field
 * ({@code members[1].userId}, {@code hours.week.mon[0]}). Unknown fields are refused, so a typo
 * such as {@code maxChat} never silently falls back to a default.
 */
final class JsonIn {

  private final JsonObject json;
  private final String prefix;

  private JsonIn(JsonObject json, String prefix) {
    this.json = json;
    this.prefix = prefix;
  }

  /** {@code path} is where the object sits ("" for the top level, "hours", "members[1]"). */
  static JsonIn of(JsonObject json, String path, Set<String> known) {
    String prefix = path.isEmpty() ? "" : path + ".";
    for (String field : json.fieldNames()) {
      if (!known.contains(field)) {
        throw bad(prefix + field, "unknown field");
      }
    }
    return new JsonIn(json, prefix);
  }

  /** The element at {@code index} of an array, which must be an object. */
  static JsonObject element(JsonArray array, int index, String path) {
    Object value = array.getValue(index);
    if (value instanceof JsonObject object) {
      return object;
    }
    throw bad(path + "[" + index + "]", "must be an object");
  }

  static String string(JsonArray array, int index, String path) {
    Object value = array.getValue(index);
    if (value instanceof String text) {
      return text;
    }
    throw bad(path + "[" + index + "]", "must be a string");
  }

  static LinehubException bad(String path, String why) {
    return LinehubException.badRequest(path + ": " + why);
  }

  String path(String field) {
    return prefix + field;
  }

  String optString(String field) {
    Object value = json.getValue(field);
    if (value == null || value instanceof String) {
      return (String) value;
    }
    throw bad(path(field), "must be a string");
  }

  String requireString(String field) {
    String value = optString(field);
    if (value == null || value.isBlank()) {
      throw bad(path(field), "is required");
    }
    return value;
  }

  Long optLong(String field) {
    Object value = json.getValue(field);
    if (value == null) {
      return null;
    }
    if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
        && Math.abs(n.doubleValue()) < 9.0e15) {
      return n.longValue();
    }
    throw bad(path(field), "must be an integer");
  }

  int optInt(String field, int min, int max, int fallback) {
    Long value = optLong(field);
    if (value == null) {
      return fallback;
    }
    if (value < min || value > max) {
      throw bad(path(field), "must be an integer from " + min + " to " + max);
    }
    return value.intValue();
  }

  boolean optBoolean(String field, boolean fallback) {
    Object value = json.getValue(field);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Boolean flag) {
      return flag;
    }
    throw bad(path(field), "must be true or false");
  }

  JsonObject optObject(String field) {
    Object value = json.getValue(field);
    if (value == null || value instanceof JsonObject) {
      return (JsonObject) value;
    }
    throw bad(path(field), "must be an object");
  }

  JsonArray optArray(String field) {
    Object value = json.getValue(field);
    if (value == null || value instanceof JsonArray) {
      return (JsonArray) value;
    }
    throw bad(path(field), "must be an array");
  }

  <E extends Enum<E>> E requireEnum(String field, Class<E> type) {
    return Fields.parseEnum(path(field), requireString(field), type);
  }
}
