package io.linehub.api.routing;

/**
 * The body of {@link RoutingAddresses#SET_PRESENCE}: an agent (or a supervisor for them) chooses
 * {@code AVAILABLE}, {@code AWAY} (with a reason such as break, lunch, meeting) or {@code OFFLINE}.
 */
public record SetPresence(long agentId, AgentState state, String reason) {
}
