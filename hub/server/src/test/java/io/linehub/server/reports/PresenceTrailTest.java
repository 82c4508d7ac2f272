package io.linehub.server.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.linehub.api.routing.AgentState;
import io.linehub.api.routing.PresenceChanged;
import io.linehub.server.reports.PresenceTrail.Change;
import io.linehub.server.reports.PresenceTrail.Row;
import java.time.Instant;
import java.util.List;
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
  void planShouldEndEachRowWhereNextBeginsAndNeverBeforeItStartsWhenEventsComeOutOfOrder() {
    var plan = PresenceTrail.plan(List.of(
        new Change(1, AgentState.AVAILABLE, null, at(10)),
        new Change(2, AgentState.AWAY, "break", at(12)),
        new Change(1, AgentState.ON_CALL, null, at(8)),
        new Change(1, AgentState.OFFLINE, null, at(40)),
        new Change(2, AgentState.AVAILABLE, null, at(50))));

    assertThat(plan.closeAt()).containsExactly(entry(1L, at(10)), entry(2L, at(12)));
    assertThat(plan.rows()).containsExactly(
        new Row(1, AgentState.AVAILABLE, null, at(10), at(10)),
        new Row(2, AgentState.AWAY, "break", at(12), at(50)),
        new Row(1, AgentState.ON_CALL, null, at(8), at(40)),
        new Row(2, AgentState.AVAILABLE, null, at(50), null));
  }

  private static PresenceChanged event(long agent, AgentState state, String reason, int sec) {
    return new PresenceChanged(agent, state, reason, at(sec), 0, true);
  }

  private static Instant at(int sec) {
    return T0.plusSeconds(sec);
  }
}
