package io.linehub.api.routing;

import java.time.Instant;

/**
 * Published once per ticket and line when it ends; the journal keeps it for the reports.
 *
 * @param agentId who handled it, null unless {@code HANDLED}
 * @param assignedAt when the agent took it, null unless {@code HANDLED}
 * @param fallback the fallback applied, null unless {@code FELL_BACK}
 * @param offers how many offers were made on this line
 */
public record TicketClosed(
    String ticketId,
    String lineId,
    Media media,
    String customer,
    TicketOutcome outcome,
    Long agentId,
    Instant arrivedAt,
    Instant assignedAt,
    Instant endedAt,
    FallbackAction fallback,
    int offers) {
}
