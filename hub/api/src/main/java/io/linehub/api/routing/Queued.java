package io.linehub.api.routing;

import java.time.Instant;

/** Published when a customer starts waiting on a line (also after a move from another line). */
public record Queued(String ticketId, String lineId, Media media, String customer, Instant arrivedAt) {
}
