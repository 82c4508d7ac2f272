package io.linehub.server.calls;

import io.linehub.api.sip.CallDirection;
import io.linehub.api.sip.CallEvent;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The calls in progress on this node, as the call events tell them: who talks, whether it rings or
 * is on hold. The {@link CallStore} writes it on its context; the REST API reads it from any thread
 * (each entry is an immutable snapshot, replaced whole).
 */
public final class LiveCalls {

  /** The talk state of a live call. */
  public enum State {
    /** Waiting in a queue or being offered. */
    WAITING,
    RINGING,
    TALKING,
    HELD
  }

  /** One live call; {@code agentIds} every agent it was offered to or talked with so far. */
  public record Call(String id, CallDirection direction, String lineId, String from, String to, Long agentId,
      List<Long> agentIds, State state, Instant startedAt, Instant answeredAt) {
  }

  private final Map<String, Call> calls = new ConcurrentHashMap<>();

  /** Applies one event; events of calls that ended (or were never started here) are ignored. */
  void apply(CallEvent e) {
    if (e.type() == io.linehub.api.sip.CallEventType.STARTED) {
      calls.putIfAbsent(e.callId(), new Call(e.callId(), e.direction(), e.lineId(), e.from(), e.to(), null,
          e.agentId() == null ? List.of() : List.of(e.agentId()), State.WAITING, e.at(), null));
      return;
    }
    calls.computeIfPresent(e.callId(), (id, c) -> {
      List<Long> agents = e.agentId() == null || c.agentIds().contains(e.agentId()) ? c.agentIds()
          : append(c.agentIds(), e.agentId());
      return switch (e.type()) {
        case OFFERED -> new Call(id, c.direction(), c.lineId(), c.from(), c.to(), c.agentId(), agents,
            c.state() == State.WAITING ? State.WAITING : c.state(), c.startedAt(), c.answeredAt());
        case RINGING -> new Call(id, c.direction(), c.lineId(), c.from(), c.to(), c.agentId(), agents,
            c.answeredAt() == null ? State.RINGING : c.state(), c.startedAt(), c.answeredAt());
        case ANSWERED -> new Call(id, c.direction(), c.lineId(), c.from(), c.to(),
            e.agentId() != null ? e.agentId() : c.agentId(), agents, State.TALKING, c.startedAt(),
            c.answeredAt() != null ? c.answeredAt() : e.at());
        case HELD -> new Call(id, c.direction(), c.lineId(), c.from(), c.to(), c.agentId(), agents, State.HELD,
            c.startedAt(), c.answeredAt());
        case RESUMED -> new Call(id, c.direction(), c.lineId(), c.from(), c.to(), c.agentId(), agents,
            State.TALKING, c.startedAt(), c.answeredAt());
        default -> new Call(id, c.direction(), c.lineId(), c.from(), c.to(), c.agentId(), agents, c.state(),
            c.startedAt(), c.answeredAt());
      };
    });
  }

  void remove(String callId) {
    calls.remove(callId);
  }

  public Collection<Call> all() {
    return calls.values();
  }

  public Optional<Call> get(String callId) {
    return Optional.ofNullable(calls.get(callId));
  }

  public int size() {
    return calls.size();
  }

  private static List<Long> append(List<Long> list, Long value) {
    var out = new java.util.ArrayList<>(list);
    out.add(value);
    return List.copyOf(out);
  }
}
