package io.linehub.api.routing;

/**
 * The reply of {@link RoutingAddresses#RESERVE_CALL}, and the body of
 * {@link RoutingAddresses#RELEASE_RESERVATION}.
 *
 * @param agentId the reserved agent; null when the line is closed or no member can take a call now
 */
public record CallReservation(String reservationId, Long agentId) {
}
