package io.linehub.api.routing;

import io.linehub.api.crm.Channel;
import io.linehub.api.crm.Identity;
import java.util.List;

/**
 * The body of {@link RoutingAddresses#ENQUEUE}: a customer arrived on a line and needs an agent.
 *
 * @param ticketId the caller's stable key (a SIP Call-ID, an open-line session id); enqueueing the
 *     same id again is a no-op that returns the existing ticket
 * @param channel where the customer came from (phone for calls); a callback fallback is linked in the CRM with it
 * @param customer what to show the agent and the supervisor (a number, a name), may be null
 * @param identities what is known of the customer, used to find their CRM record (the screen-pop card and
 *     the owner); may be empty
 * @param ownerUserId the CRM responsible user when the caller already knows it, else null
 */
public record RouteRequest(
    String ticketId,
    String lineId,
    Media media,
    Channel channel,
    String customer,
    List<Identity> identities,
    Long ownerUserId) {

  public RouteRequest {
    identities = identities == null ? List.of() : List.copyOf(identities);
  }
}
