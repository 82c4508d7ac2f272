package io.linehub.api.routing;

/**
 * Reply to {@link RoutingAddresses#ENQUEUE}.
 *
 * @param replayed true when the ticket already existed (the request was a retry)
 * @param open whether the line was within working hours; when false the ticket fell back at once
 */
public record Enqueued(String ticketId, TicketState state, boolean replayed, boolean open) {
}
