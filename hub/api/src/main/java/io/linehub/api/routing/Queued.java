package io.linehub.api.routing;

import java.time.Instant;

/**
 * Published when a customer starts waiting on a line (also after a move from another line).
 *
 * @param channel where the customer came from (phone, telegram, site, ...); may be null
 */
public record Queued(String ticketId, String lineId, Media media, String customer, Instant arrivedAt,
    io.linehub.api.crm.Channel channel) {
}
