package io.linehub.api.chat;

import java.time.Instant;

/**
 * Whether a person is reachable in chat: {@code online} (a connection open), {@code away} (connected,
 * but their agent state is away) or {@code offline} (no connection). Published on
 * {@link ChatAddresses#PRESENCE} when it changes.
 */
public record PersonPresence(long userId, String status, Instant since) {
}
