package io.linehub.api.routing;

/**
 * The body of {@link RoutingAddresses#RESERVE_CALL}: someone is about to place a call on behalf of
 * a line (a call-back the customer asked for) and needs a member who can take a call now. Routing
 * picks one the way it would offer the line's next caller (the customer's responsible first when
 * the line routes to owners, then tiers and the line's strategy) and keeps them from new offers
 * for at most {@code holdMillis}, until the call is placed (its {@code STARTED} event makes the
 * agent busy by itself) or the reservation is released.
 *
 * @param reservationId the caller's key for the reservation; reserving with the same key again
 *     answers the agent already reserved
 * @param ownerUserId the customer's responsible user when known, else null
 * @param holdMillis how long the agent is kept without a release or a placed call
 */
public record ReserveCall(String lineId, String reservationId, Long ownerUserId, long holdMillis) {
}
