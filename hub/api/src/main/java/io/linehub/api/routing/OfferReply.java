package io.linehub.api.routing;

/** The body of {@link RoutingAddresses#ACCEPT} and {@link RoutingAddresses#DECLINE}. */
public record OfferReply(String ticketId, long agentId) {
}
