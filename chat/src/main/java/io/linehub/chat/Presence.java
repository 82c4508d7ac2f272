package io.linehub.chat;

import io.linehub.api.chat.PersonPresence;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * People's chat presence on this node: online while they have a connection, away while connected
 * with an agent state of away, offline otherwise. Thread-safe (connections open and close on
 * several event loops); each change is returned once, for the caller to publish.
 */
final class Presence {

  private record State(int connections, boolean away, PersonPresence shown) {
  }

  private final Clock clock;
  private final Map<Long, State> people = new HashMap<>();

  Presence(Clock clock) {
    this.clock = clock;
  }

  synchronized Optional<PersonPresence> connected(long userId) {
    State s = state(userId);
    return update(userId, new State(s.connections + 1, s.away, s.shown));
  }

  synchronized Optional<PersonPresence> disconnected(long userId) {
    State s = state(userId);
    return update(userId, new State(Math.max(0, s.connections - 1), s.away, s.shown));
  }

  /** The person's agent state changed (routing): away or not. */
  synchronized Optional<PersonPresence> away(long userId, boolean away) {
    State s = state(userId);
    return update(userId, new State(s.connections, away, s.shown));
  }

  synchronized PersonPresence of(long userId) {
    PersonPresence shown = state(userId).shown;
    return shown != null ? shown : new PersonPresence(userId, "offline", null);
  }

  private State state(long userId) {
    return people.getOrDefault(userId, new State(0, false, null));
  }

  private Optional<PersonPresence> update(long userId, State next) {
    String status = next.connections == 0 ? "offline" : next.away ? "away" : "online";
    if (next.shown != null && next.shown.status().equals(status)) {
      people.put(userId, next);
      return Optional.empty();
    }
    if (next.shown == null && status.equals("offline")) {
      people.put(userId, next);
      return Optional.empty(); // never seen online: nothing changed for anyone
    }
    PersonPresence shown = new PersonPresence(userId, status, clock.instant());
    people.put(userId, new State(next.connections, next.away, shown));
    return Optional.of(shown);
  }
}
