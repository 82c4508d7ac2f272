package io.linehub.crm.web;

import io.linehub.api.crm.Recording;
import io.linehub.api.error.LinehubException;
import io.linehub.api.web.Fields;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.regex.Pattern;

/** Request pieces shared by the CRM routes. */
final class Inputs {

  private static final Pattern SHA256 = Pattern.compile("^[0-9a-fA-F]{64}$");

  private Inputs() {
  }

  /** The body, or an empty object when the request has none (for actions whose body is optional). */
  static JsonObject optionalBody(RoutingContext ctx) {
    var buffer = ctx.body().buffer();
    return buffer == null || buffer.length() == 0 ? new JsonObject() : Fields.body(ctx);
  }

  /** {@code {"url","mediaType","durationSec","sizeBytes","sha256"}}; errors named {@code prefix + field}. */
  static Recording recording(JsonObject json, String prefix) {
    try {
      String url = Fields.requireString(json, "url");
      String sha256 = Fields.optString(json, "sha256");
      if (sha256 != null && !SHA256.matcher(sha256).matches()) {
        throw LinehubException.badRequest("sha256: must be 64 hex digits");
      }
      return new Recording(url, Fields.optString(json, "mediaType"), nonNegativeInt(json, "durationSec"),
          nonNegative(json, "sizeBytes"), sha256, null, Fields.optString(json, "recordedBy"));
    } catch (LinehubException e) {
      throw prefix.isEmpty() ? e : LinehubException.badRequest(prefix + e.getMessage());
    }
  }

  static Integer nonNegativeInt(JsonObject json, String field) {
    Long value = nonNegative(json, field);
    if (value != null && value > Integer.MAX_VALUE) {
      throw LinehubException.badRequest(field + ": too large");
    }
    return value == null ? null : value.intValue();
  }

  static Long nonNegative(JsonObject json, String field) {
    Long value = Fields.optLong(json, field);
    if (value != null && value < 0) {
      throw LinehubException.badRequest(field + ": must not be negative");
    }
    return value;
  }

  static Long positive(JsonObject json, String field) {
    Long value = Fields.optLong(json, field);
    if (value != null && value <= 0) {
      throw LinehubException.badRequest(field + ": must be a positive integer");
    }
    return value;
  }
}
