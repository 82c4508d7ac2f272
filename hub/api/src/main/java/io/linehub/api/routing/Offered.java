package io.linehub.api.routing;

import io.linehub.api.crm.CustomerCard;
import java.time.Instant;
import java.util.List;

/**
 * Published when a ticket is offered: sip-bridge forks the INVITE to these agents, the chat
 * workspace shows the offer. Several agents only for the {@code all} strategy.
 *
 * @param card the customer's CRM card for the screen pop; null when the customer is not in the CRM
 *     (or the lookup did not answer in time)
 */
public record Offered(
    String ticketId,
    String lineId,
    Media media,
    String customer,
    List<Long> agentIds,
    Instant expiresAt,
    CustomerCard card) {

  public Offered {
    agentIds = List.copyOf(agentIds);
  }
}
