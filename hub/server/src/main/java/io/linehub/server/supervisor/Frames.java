package io.linehub.server.supervisor;

import io.linehub.api.error.ErrorCode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Locale;

/** The frames of the supervisor protocol (docs/supervisor-protocol.md) and their wire forms. */
final class Frames {

  /** Protocol version; additive fields do not change it. */
  static final int VERSION = 1;

  private Frames() {
  }

  static JsonObject snapshot(long seq, Instant now, JsonArray tickets, JsonArray agents, JsonArray lines) {
    return frame("snapshot").put("seq", seq).put("now", time(now))
        .put("tickets", tickets).put("agents", agents).put("lines", lines);
  }

  static JsonObject ticket(long seq, JsonObject ticket) {
    return frame("ticket").put("seq", seq).put("ticket", ticket);
  }

  static JsonObject ticketRemoved(long seq, String ticketId, String lineId) {
    return frame("ticket_removed").put("seq", seq).put("ticketId", ticketId).put("lineId", lineId);
  }

  static JsonObject agent(long seq, JsonObject agent) {
    return frame("agent").put("seq", seq).put("agent", agent);
  }

  static JsonObject line(long seq, JsonObject line) {
    return frame("line").put("seq", seq).put("line", line);
  }

  static JsonObject pong() {
    return frame("pong");
  }

  static JsonObject badRequest(String message) {
    return frame("error").put("error", wire(ErrorCode.BAD_REQUEST)).put("message", message);
  }

  /** ISO-8601 in UTC, or null. */
  static String time(Instant instant) {
    return instant == null ? null : instant.toString();
  }

  /** Enum values travel lower-case, like every other Linehub wire name. */
  static String wire(Enum<?> value) {
    return value == null ? null : value.name().toLowerCase(Locale.ROOT);
  }

  private static JsonObject frame(String type) {
    return new JsonObject().put("v", VERSION).put("type", type);
  }
}
