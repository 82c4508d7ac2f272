package io.linehub.crm.store;

import io.linehub.api.error.LinehubException;
import io.linehub.api.web.Fields;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.util.List;

/**
 * One field of a CRM record: its JSON name, its column, how it is read from a request and a row.
 * Column names come only from these constants, never from input, so built SQL stays safe.
 */
public record FieldSpec(String json, String column, Type type, List<String> choices, boolean writable) {

  public enum Type { TEXT, ID, DECIMAL, CHOICE, TIME }

  public static FieldSpec text(String json, String column) {
    return new FieldSpec(json, column, Type.TEXT, List.of(), true);
  }

  public static FieldSpec id(String json, String column) {
    return new FieldSpec(json, column, Type.ID, List.of(), true);
  }

  public static FieldSpec decimal(String json, String column) {
    return new FieldSpec(json, column, Type.DECIMAL, List.of(), true);
  }

  public static FieldSpec choice(String json, String column, List<String> choices) {
    return new FieldSpec(json, column, Type.CHOICE, choices, true);
  }

  public FieldSpec readOnly() {
    return new FieldSpec(json, column, type, choices, false);
  }

  public static FieldSpec time(String json, String column) {
    return new FieldSpec(json, column, Type.TIME, List.of(), false);
  }

  /** The request's value (null clears the field); 400 naming the field when malformed. */
  public Object read(JsonObject body) {
    return switch (type) {
      case TEXT -> {
        String value = Fields.optString(body, json);
        yield value == null || value.isBlank() ? null : value.trim();
      }
      case ID -> {
        Long value = Fields.optLong(body, json);
        if (value != null && value <= 0) {
          throw LinehubException.badRequest(json + ": must be a positive integer");
        }
        yield value;
      }
      case DECIMAL -> Fields.optDecimal(body, json);
      case CHOICE -> {
        String value = Fields.optString(body, json);
        if (value != null && !choices.contains(value)) {
          throw LinehubException.badRequest(json + ": must be one of " + String.join(", ", choices));
        }
        yield value;
      }
      case TIME -> throw new IllegalStateException(json + " is read-only");
    };
  }

  /** Copies the column of {@code row} into {@code out} under the JSON name. */
  public void write(Row row, JsonObject out) {
    Object value = switch (type) {
      case TEXT, CHOICE -> row.getString(column);
      case ID -> row.getLong(column);
      case DECIMAL -> row.getBigDecimal(column);
      case TIME -> {
        var time = Sql.instant(row, column);
        yield time == null ? null : time.toString();
      }
    };
    out.put(json, value);
  }
}
