package io.linehub.server.reports;

import io.linehub.api.routing.AgentState;
import io.linehub.api.routing.PresenceChanged;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns routing's presence events into rows of {@code hub.presence_log}, where a row is a change
 * and a state lasts until the agent's next row. Routing publishes on every change of state, chat
 * count or registration; only a new state or away reason is a change, offline included.
 *
 * <p>Each agent's changes start strictly later than the one before, a microsecond (PostgreSQL's
 * precision) apart at least: events can come a little out of order, and two changes in one
 * microsecond would otherwise share the key, and the log's order would not be theirs.
 * Not thread-safe: the journal calls it from its one event loop.
 */
final class PresenceTrail {

  /** A change worth a row: the agent entered {@code state} (with {@code reason}) at {@code since}. */
  record Change(long agentId, AgentState state, String reason, Instant since) {
  }

  private record Shown(AgentState state, String reason, Instant since) {
  }

  private static final Shown UNSEEN = new Shown(AgentState.OFFLINE, null, Instant.MIN);

  /** What was last recorded per agent; agents not in it are offline (as after a restart). */
  private final Map<Long, Shown> last = new HashMap<>();

  /**
   * Records that {@code agentId} went offline at {@code at}, as the journal's start does for the
   * agents a previous run left signed in: the agent's next change starts after it.
   */
  void ended(long agentId, Instant at) {
    last.put(agentId, new Shown(AgentState.OFFLINE, null, at.truncatedTo(ChronoUnit.MICROS)));
  }

  /** The change {@code event} makes to the log, or empty when state and reason are as recorded. */
  Optional<Change> accept(PresenceChanged event) {
    // PostgreSQL text holds no NUL: one would cost the whole batch.
    String reason = event.reason() == null || event.reason().isBlank() ? null : event.reason().replace("\0", "");
    Shown before = last.getOrDefault(event.agentId(), UNSEEN);
    if (before.state() == event.state() && Objects.equals(before.reason(), reason)) {
      return Optional.empty();
    }
    Instant since = event.since().truncatedTo(ChronoUnit.MICROS);
    if (!since.isAfter(before.since())) {
      since = before.since().plus(1, ChronoUnit.MICROS);
    }
    last.put(event.agentId(), new Shown(event.state(), reason, since));
    return Optional.of(new Change(event.agentId(), event.state(), reason, since));
  }
}
