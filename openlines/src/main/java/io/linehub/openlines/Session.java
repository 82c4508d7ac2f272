package io.linehub.openlines;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.time.OffsetDateTime;

/** One customer's conversation on a line, as stored in {@code openlines.sessions}. */
record Session(long id, String channelId, String lineId, String customerKey, String customerName, String status,
    Long dialogId, Long operatorId, String crmEntity, Instant openedAt, Instant assignedAt, Instant firstResponseAt,
    Instant closedAt, String closeReason, int messagesIn, int messagesOut, long forwardedSeq, Integer rating) {

  /** The routing ticket of the session. */
  String ticketId() {
    return ticketId(id);
  }

  static String ticketId(long sessionId) {
    return "openline-" + sessionId;
  }

  /** The session id of a routing ticket, or -1 when the ticket is not an open-line session's. */
  static long fromTicket(String ticketId) {
    if (ticketId == null || !ticketId.startsWith("openline-")) {
      return -1;
    }
    try {
      return Long.parseLong(ticketId.substring("openline-".length()));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  boolean open() {
    return !"closed".equals(status) && !"spam".equals(status);
  }

  static Session of(Row row) {
    return new Session(row.getLong("id"), row.getString("channel_id"), row.getString("line_id"),
        row.getString("customer_key"), row.getString("customer_name"), row.getString("status"),
        row.getLong("dialog_id"), row.getLong("operator_id"), row.getString("crm_entity"),
        instant(row.getOffsetDateTime("opened_at")), instant(row.getOffsetDateTime("assigned_at")),
        instant(row.getOffsetDateTime("first_response_at")), instant(row.getOffsetDateTime("closed_at")),
        row.getString("close_reason"), row.getInteger("messages_in"), row.getInteger("messages_out"),
        row.getLong("forwarded_seq"), row.getInteger("rating"));
  }

  JsonObject toJson() {
    return new JsonObject().put("id", id).put("channelId", channelId).put("lineId", lineId)
        .put("customerName", customerName).put("status", status).put("dialogId", dialogId)
        .put("operatorId", operatorId).put("crmEntity", crmEntity).put("openedAt", text(openedAt))
        .put("assignedAt", text(assignedAt)).put("firstResponseAt", text(firstResponseAt))
        .put("firstResponseSeconds", firstResponseAt == null ? null
            : java.time.Duration.between(openedAt, firstResponseAt).toSeconds())
        .put("closedAt", text(closedAt)).put("closeReason", closeReason).put("messagesIn", messagesIn)
        .put("messagesOut", messagesOut).put("rating", rating);
  }

  private static Instant instant(OffsetDateTime at) {
    return at == null ? null : at.toInstant();
  }

  private static String text(Instant at) {
    return at == null ? null : at.toString();
  }
}
