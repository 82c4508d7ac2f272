package io.linehub.crm.store;

import io.linehub.api.error.LinehubException;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Rules across fields that a single field's check cannot see: a lead's loss reason goes with
 * status junk, a lead is converted only through /convert, a deal's stage belongs to its pipeline.
 * {@code values} maps JSON field names to new values; rules may add defaults to it.
 */
final class RecordRules {

  private static final Pattern CURRENCY = Pattern.compile("^[A-Z]{3}$");

  private RecordRules() {
  }

  static void forCreate(RecordKind kind, Map<String, Object> values) {
    switch (kind) {
      case LEAD -> {
        values.putIfAbsent("title", firstNonNull(values.get("name"), values.get("companyTitle")));
        values.putIfAbsent("source", "manual");
        values.putIfAbsent("status", "new");
      }
      case CONTACT -> {
        if (values.get("fullName") == null) {
          values.put("fullName", join(values.get("firstName"), values.get("lastName")));
        }
      }
      case DEAL -> {
        values.putIfAbsent("currency", "RUB");
        values.putIfAbsent("pipeline", "equipment");
        values.putIfAbsent("stage", "new");
      }
      default -> {
      }
    }
    check(kind, new JsonObject(), values);
  }

  static void forPatch(RecordKind kind, JsonObject current, Map<String, Object> values) {
    if (kind == RecordKind.LEAD && "converted".equals(current.getString("status"))
        && (values.containsKey("status") || values.containsKey("lossReason"))) {
      throw LinehubException.conflict("status: lead:" + current.getLong("id") + " is already converted");
    }
    if (kind == RecordKind.CONTACT && values.containsKey("fullName") && values.get("fullName") == null) {
      values.put("fullName", join(merged(current, values, "firstName"), merged(current, values, "lastName")));
    }
    check(kind, current, values);
  }

  private static void check(RecordKind kind, JsonObject current, Map<String, Object> values) {
    switch (kind) {
      case LEAD -> {
        required(current, values, "title");
        if (values.containsKey("status") && "converted".equals(values.get("status"))) {
          throw LinehubException.badRequest("status: a lead is converted with POST /crm/leads/{id}/convert");
        }
        Object status = merged(current, values, "status");
        if ("junk".equals(status)) {
          required(current, values, "lossReason");
        } else if (values.get("lossReason") != null) {
          throw LinehubException.badRequest("lossReason: only a lead in status junk has a loss reason");
        } else if (values.containsKey("status")) {
          values.put("lossReason", null);
        }
      }
      case CONTACT -> required(current, values, "fullName");
      case COMPANY -> required(current, values, "title");
      case DEAL -> {
        required(current, values, "title");
        Object currency = values.get("currency");
        if (values.containsKey("currency") && (currency == null || !CURRENCY.matcher((String) currency).matches())) {
          throw LinehubException.badRequest("currency: must be a 3-letter ISO 4217 code such as RUB");
        }
        Object pipeline = merged(current, values, "pipeline");
        Object stage = merged(current, values, "stage");
        var stages = RecordKind.Lists.STAGES.get((String) pipeline);
        if ((values.containsKey("stage") || values.containsKey("pipeline")) && !stages.contains(stage)) {
          throw LinehubException.badRequest("stage: must be one of " + String.join(", ", stages)
              + " in pipeline " + pipeline);
        }
      }
      default -> {
      }
    }
  }

  private static void required(JsonObject current, Map<String, Object> values, String field) {
    if (merged(current, values, field) == null) {
      throw LinehubException.badRequest(field + ": is required");
    }
  }

  private static Object merged(JsonObject current, Map<String, Object> values, String field) {
    return values.containsKey(field) ? values.get(field) : current.getValue(field);
  }

  private static Object firstNonNull(Object a, Object b) {
    return a != null ? a : b;
  }

  private static String join(Object first, Object last) {
    String joined = ((first == null ? "" : first) + " " + (last == null ? "" : last)).trim();
    return joined.isEmpty() ? null : joined;
  }
}
