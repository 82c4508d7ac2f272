package io.linehub.server.supervisor;

import io.linehub.api.routing.FallbackAction;
import io.linehub.api.routing.Media;
import io.linehub.api.routing.TicketState;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;

/** One customer on a line as the supervisor sees it; mutated only by {@link LiveModel}. */
final class LiveTicket {

  final String ticketId;
  String lineId;
  Media media;
  String customer;
  /** Where the customer came from (phone, telegram, site, ...); null when the model missed the Queued. */
  String channel;
  TicketState state = TicketState.QUEUED;
  /** In the order the offers were made, so "ringing at" reads the same on every screen. */
  final Set<Long> offeredTo = new LinkedHashSet<>();
  Long agentId;
  /** Null when the model learned of the ticket after its arrival (it missed the Queued). */
  Instant arrivedAt;
  Instant assignedAt;
  FallbackAction fallback;

  LiveTicket(String ticketId, String lineId, Media media, String customer, Instant arrivedAt) {
    this.ticketId = ticketId;
    this.lineId = lineId;
    this.media = media;
    this.customer = customer;
    this.arrivedAt = arrivedAt;
  }

  /** Queued or offered: the customer still waits for an agent. */
  boolean waiting() {
    return state == TicketState.QUEUED || state == TicketState.OFFERED;
  }

  JsonObject toJson() {
    return new JsonObject()
        .put("ticketId", ticketId)
        .put("lineId", lineId)
        .put("media", Frames.wire(media))
        .put("channel", channel)
        .put("customer", customer)
        .put("state", Frames.wire(state))
        .put("offeredTo", new JsonArray(new ArrayList<>(offeredTo)))
        .put("agentId", agentId)
        .put("arrivedAt", Frames.time(arrivedAt))
        .put("assignedAt", Frames.time(assignedAt))
        .put("fallback", Frames.wire(fallback));
  }
}
