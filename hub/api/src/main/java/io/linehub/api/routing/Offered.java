package io.linehub.api.routing;

import java.time.Instant;
import java.util.List;

/**
 * Published when a ticket is offered: sip-bridge forks the INVITE to these agents, the chat
 * workspace shows the offer. Several agents only for the {@code all} strategy.
 */
public record Offered(
    String ticketId,
    String lineId,
    Media media,
    String customer,
    List<Long> agentIds,
    Instant expiresAt) {

  public Offered {
    agentIds = List.copyOf(agentIds);
  }
}
