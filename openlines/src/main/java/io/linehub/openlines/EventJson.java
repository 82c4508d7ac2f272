package io.linehub.openlines;

import io.linehub.api.crm.Identity;
import io.linehub.api.crm.IdentityType;
import io.linehub.openlines.connector.InboundEvent;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The inbox's JSON form of a normalised event. */
final class EventJson {

  private EventJson() {
  }

  static JsonObject of(InboundEvent event) {
    if (event instanceof InboundEvent.Message m) {
      JsonArray identities = new JsonArray();
      m.identities().forEach(i -> identities.add(new JsonObject().put("type", i.type().name()).put("value", i.value())));
      JsonObject json = new JsonObject().put("kind", "message").put("externalId", m.externalId())
          .put("customerKey", m.customerKey()).put("customerName", m.customerName()).put("text", m.text())
          .put("identities", identities).put("sentAt", m.sentAt() == null ? null : m.sentAt().toString());
      // Only a site visitor's message has files; every other row stays as it was.
      return m.attachments().isEmpty() ? json : json.put("attachments", new JsonArray(new ArrayList<>(m.attachments())));
    }
    InboundEvent.Status s = (InboundEvent.Status) event;
    return new JsonObject().put("kind", "status").put("externalId", s.externalId())
        .put("providerMessageId", s.providerMessageId()).put("status", s.status()).put("reason", s.reason())
        .put("at", s.at() == null ? null : s.at().toString());
  }

  static InboundEvent from(JsonObject json) {
    if ("message".equals(json.getString("kind"))) {
      List<Identity> identities = new ArrayList<>();
      json.getJsonArray("identities", new JsonArray()).forEach(i -> {
        JsonObject identity = (JsonObject) i;
        identities.add(new Identity(IdentityType.valueOf(identity.getString("type")), identity.getString("value")));
      });
      return new InboundEvent.Message(json.getString("externalId"), json.getString("customerKey"),
          json.getString("customerName"), json.getString("text"), identities, instant(json.getString("sentAt")),
          attachments(json.getJsonArray("attachments")));
    }
    return new InboundEvent.Status(json.getString("externalId"), json.getString("providerMessageId"),
        json.getString("status"), json.getString("reason"), instant(json.getString("at")));
  }

  private static List<Long> attachments(JsonArray ids) {
    return ids == null ? List.of() : ids.stream().map(id -> ((Number) id).longValue()).toList();
  }

  private static Instant instant(String value) {
    return value == null ? null : Instant.parse(value);
  }
}
