package io.linehub.server.reports;

import static org.assertj.core.api.Assertions.assertThat;

import io.linehub.api.routing.AgentState;
import io.linehub.api.routing.PresenceChanged;
import io.linehub.server.reports.PresenceTrail.Change;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class PresenceTrailTest {

  private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

  @Test
  void acceptShouldIgnoreOfflineAndRepeatsWhenAgentWasNotSeenOrStateIsUnchanged() {
    var trail = new PresenceTrail();

    assertThat(trail.accept(event(1, AgentState.OFFLINE, null, 0))).isEmpty();
    assertThat(trail.accept(event(1, AgentState.AWAY, "lunch", 5))).isPresent();
    assertThat(trail.accept(event(1, AgentState.AWAY, "lunch", 9))).isEmpty();
    assertThat(trail.accept(event(1, AgentState.AWAY, " ", 9))).contains(new Change(1, AgentState.AWAY, null, at(9)));
    assertThat(trail.accept(event(1, AgentState.OFFLINE, null, 20))).isPresent();
    assertThat(trail.accept(event(1, AgentState.OFFLINE, null, 30))).isEmpty();
  }

  @Test
  void acceptShouldStartEachChangeAfterTheOneBeforeWhenEventsComeOutOfOrderOrInOneInstant() {
    var trail = new PresenceTrail();
    Instant nanos = at(10).plusNanos(1_500);

    assertThat(trail.accept(new PresenceChanged(1, AgentState.AVAILABLE, null, nanos, 0, true)))
        .contains(new Change(1, AgentState.AVAILABLE, null, at(10).plusNanos(1_000)));
    assertThat(trail.accept(event(1, AgentState.RINGING, null, 8)))
        .contains(new Change(1, AgentState.RINGING, null, at(10).plusNanos(2_000)));
    assertThat(trail.accept(event(1, AgentState.ON_CALL, null, 10)))
        .contains(new Change(1, AgentState.ON_CALL, null, at(10).plusNanos(3_000)));
    // another agent's changes are their own
    assertThat(trail.accept(event(2, AgentState.AVAILABLE, null, 5))).contains(new Change(2, AgentState.AVAILABLE, null, at(5)));
    assertThat(trail.accept(event(1, AgentState.WRAP_UP, null, 30))).contains(new Change(1, AgentState.WRAP_UP, null, at(30)));
  }

  @Test
  void acceptShouldStartAfterRestartsEndWhenJournalEndedAgentOnStart() {
    var trail = new PresenceTrail();
    trail.ended(1, at(100));

    assertThat(trail.accept(event(1, AgentState.OFFLINE, null, 50))).isEmpty();
    assertThat(trail.accept(event(1, AgentState.AVAILABLE, null, 50)))
        .contains(new Change(1, AgentState.AVAILABLE, null, at(100).plusNanos(1_000)));
  }

  private static PresenceChanged event(long agent, AgentState state, String reason, int sec) {
    return new PresenceChanged(agent, state, reason, at(sec), 0, true);
  }

  private static Instant at(int sec) {
    return T0.plusSeconds(sec);
  }
}
