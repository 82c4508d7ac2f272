package io.linehub.api.routing;

import io.linehub.api.crm.CardActivity;
import io.linehub.api.crm.CustomerCard;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Locale;

/**
 * The wire form of an offer with the customer's card (the screen pop), the same on REST
 * ({@code /routing/offers}) and on the agent's {@code /ws} connection: lower-case enums, ISO instants.
 */
public final class OfferJson {

  private OfferJson() {
  }

  public static JsonObject of(Offered offer) {
    return new JsonObject()
        .put("ticketId", offer.ticketId())
        .put("lineId", offer.lineId())
        .put("media", offer.media().name().toLowerCase(Locale.ROOT))
        .put("customer", offer.customer())
        .put("expiresAt", offer.expiresAt().toString())
        .put("card", card(offer.card()));
  }

  /** Null for a customer the CRM does not know, so the workspace shows the bare number or name. */
  private static JsonObject card(CustomerCard card) {
    if (card == null) {
      return null;
    }
    JsonArray activities = new JsonArray();
    for (CardActivity a : card.lastActivities()) {
      activities.add(new JsonObject()
          .put("id", a.id())
          .put("kind", a.kind())
          .put("status", a.status())
          .put("outcome", a.outcome())
          .put("subject", a.subject())
          .put("at", a.at() == null ? null : a.at().toString()));
    }
    return new JsonObject()
        .put("entityType", card.entityType())
        .put("entityId", card.entityId())
        .put("name", card.name())
        .put("company", card.company())
        .put("responsibleUserId", card.responsibleUserId())
        .put("lastActivities", activities);
  }
}
