package io.linehub.api.routing;

import java.time.Instant;

/** Published (and replied to {@link RoutingAddresses#ACCEPT}) once an agent has claimed a ticket. */
public record Assigned(String ticketId, String lineId, Media media, long agentId, Instant arrivedAt,
    Instant assignedAt) {
}
