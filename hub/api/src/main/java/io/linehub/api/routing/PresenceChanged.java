package io.linehub.api.routing;

import java.time.Instant;

/**
 * Published on every change of an agent's state, chat count or phone registration.
 *
 * @param reason the away reason (break, lunch...), null otherwise
 * @param since when {@code state} began
 */
public record PresenceChanged(long agentId, AgentState state, String reason, Instant since, int activeChats,
    boolean registered) {
}
