package io.linehub.openlines;

import io.linehub.api.crm.Identity;
import io.linehub.api.crm.IdentityType;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

/** One customer's conversation on a line, as stored in {@code openlines.sessions}. */
record Session(long id, String channelId, String lineId, String customerKey, String customerName, String status,
    Long dialogId, Long operatorId, String crmEntity, Instant openedAt, Instant assignedAt, Instant firstResponseAt,
    Instant closedAt, String closeReason, int messagesIn, int messagesOut, long forwardedSeq, Integer rating,
    int transfers, List<Identity> identities, Long crmActivityId) {

  /**
   * The session's current routing ticket: {@code openline-<id>}, and {@code openline-<id>-<n>}
   * after its n-th transfer to a line (a new ticket, so routing treats it as a new arrival there).
   */
  String ticketId() {
    return transfers == 0 ? "openline-" + id : "openline-" + id + "-" + transfers;
  }

  /** The session id of a routing ticket, or -1 when the ticket is not an open-line session's. */
  static long fromTicket(String ticketId) {
    if (ticketId == null || !ticketId.startsWith("openline-")) {
      return -1;
    }
    String rest = ticketId.substring("openline-".length());
    int dash = rest.indexOf('-');
    try {
      return Long.parseLong(dash < 0 ? rest : rest.substring(0, dash));
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
        row.getLong("forwarded_seq"), row.getInteger("rating"), row.getInteger("transfers"),
        identities(row.getValue("identities")), row.getLong("crm_activity_id"));
  }

  private static List<Identity> identities(Object json) {
    List<Identity> out = new java.util.ArrayList<>();
    if (json instanceof io.vertx.core.json.JsonArray array) {
      array.forEach(item -> {
        JsonObject identity = (JsonObject) item;
        out.add(new Identity(IdentityType.valueOf(identity.getString("type")), identity.getString("value")));
      });
    }
    return out;
  }

  static io.vertx.core.json.JsonArray identitiesJson(List<Identity> identities) {
    io.vertx.core.json.JsonArray array = new io.vertx.core.json.JsonArray();
    identities.forEach(i -> array.add(new JsonObject().put("type", i.type().name()).put("value", i.value())));
    return array;
  }

  JsonObject toJson() {
    return new JsonObject().put("id", id).put("channelId", channelId).put("lineId", lineId)
        .put("customerName", customerName).put("status", status).put("dialogId", dialogId)
        .put("operatorId", operatorId).put("crmEntity", crmEntity).put("openedAt", text(openedAt))
        .put("assignedAt", text(assignedAt)).put("firstResponseAt", text(firstResponseAt))
        .put("firstResponseSeconds", firstResponseAt == null ? null
            : java.time.Duration.between(openedAt, firstResponseAt).toSeconds())
        .put("closedAt", text(closedAt)).put("closeReason", closeReason).put("messagesIn", messagesIn)
        .put("messagesOut", messagesOut).put("rating", rating).put("transfers", transfers);
  }

  private static Instant instant(OffsetDateTime at) {
    return at == null ? null : at.toInstant();
  }

  private static String text(Instant at) {
    return at == null ? null : at.toString();
  }
}
