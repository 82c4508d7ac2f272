package io.linehub.api.routing;

/** The body of {@link RoutingAddresses#FINISH}. Idempotent: finishing a closed ticket is a no-op. */
public record Finish(String ticketId, FinishReason reason) {
}
