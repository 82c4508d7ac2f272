package io.linehub.server.reports;

import io.linehub.api.routing.AgentState;
import io.linehub.api.routing.PresenceChanged;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns routing's presence events into rows of {@code hub.presence_log}. Routing publishes on every
 * change of state, chat count or registration; only a new state or away reason starts a row, and
 * that row ends the agent's previous one. Offline is no row: going offline only ends the last one.
 * Not thread-safe: the journal calls it from its one event loop.
 */
final class PresenceTrail {

  /** A change worth a row: the agent entered {@code state} (with {@code reason}) at {@code since}. */
  record Change(long agentId, AgentState state, String reason, Instant since) {
  }

  /** One row to insert; {@code endedAt} is set when a later change of the same batch ended it. */
  record Row(long agentId, AgentState state, String reason, Instant startedAt, Instant endedAt) {
  }

  /**
   * What one batch writes: the agents whose open row ends (at the first change of theirs in the
   * batch) and the rows the batch adds, in order.
   */
  record Plan(Map<Long, Instant> closeAt, List<Row> rows) {
  }

  private record Shown(AgentState state, String reason) {
  }

  /** What was last recorded per agent; agents not in it are offline (as after a restart). */
  private final Map<Long, Shown> last = new HashMap<>();

  /** The change {@code event} makes to the log, or empty when state and reason are as recorded. */
  Optional<Change> accept(PresenceChanged event) {
    // PostgreSQL text holds no NUL: one would cost the whole batch.
    String reason = event.reason() == null || event.reason().isBlank() ? null : event.reason().replace("\0", "");
    Shown shown = new Shown(event.state(), reason);
    Shown before = last.getOrDefault(event.agentId(), new Shown(AgentState.OFFLINE, null));
    if (before.equals(shown)) {
      return Optional.empty();
    }
    if (event.state() == AgentState.OFFLINE) {
      last.remove(event.agentId());
    } else {
      last.put(event.agentId(), shown);
    }
    return Optional.of(new Change(event.agentId(), event.state(), reason, event.since()));
  }

  /** Orders {@code batch}'s changes per agent into the rows to close and the rows to add. */
  static Plan plan(List<Change> batch) {
    Map<Long, Instant> closeAt = new LinkedHashMap<>();
    List<Row> rows = new ArrayList<>(batch.size());
    Map<Long, Integer> openRow = new HashMap<>();
    for (Change change : batch) {
      closeAt.putIfAbsent(change.agentId(), change.since());
      Integer previous = openRow.remove(change.agentId());
      if (previous != null) {
        Row row = rows.get(previous);
        // Events can come a little out of order; a row never ends before it starts.
        Instant end = change.since().isBefore(row.startedAt()) ? row.startedAt() : change.since();
        rows.set(previous, new Row(row.agentId(), row.state(), row.reason(), row.startedAt(), end));
      }
      if (change.state() != AgentState.OFFLINE) {
        openRow.put(change.agentId(), rows.size());
        rows.add(new Row(change.agentId(), change.state(), change.reason(), change.since(), null));
      }
    }
    return new Plan(closeAt, rows);
  }
}
