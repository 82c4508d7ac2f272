package io.linehub.server.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.linehub.api.error.LinehubException;
import io.linehub.api.routing.AgentState;
import io.linehub.api.routing.ReserveCall;
import io.linehub.api.sip.CallDirection;
import io.linehub.api.sip.CallDisposition;
import io.linehub.api.sip.CallEnded;
import io.linehub.api.sip.CallEvent;
import io.linehub.api.sip.CallEventType;
import io.linehub.server.lines.Strategy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Reserving an agent for a call about to be placed (a visitor's call-back placed at once). */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ReservationTest {

  @Test
  void reservedAgentShouldGetNoCallOfferUntilReleased() {
    Harness h = new Harness().ready(1);
    h.engine.putLine(Harness.line("sales", Strategy.EVENLY, 1));

    assertThat(h.engine.reserveCall(reserve("sales", "cb-1"))).contains(1L);
    assertThat(h.engine.agent(1).orElseThrow().state()).as("shown as on a call").isEqualTo(AgentState.ON_CALL);
    h.call("sales");
    assertThat(h.offerSequence()).as("a caller waits while the agent is reserved").isEmpty();
    assertThat(h.engine.reserveCall(reserve("sales", "cb-2"))).as("nobody else to reserve").isEmpty();
    assertThat(h.engine.reserveCall(reserve("sales", "cb-1"))).as("the same reservation again").contains(1L);

    h.engine.releaseReservation("cb-1");
    assertThat(h.offerSequence()).as("released: the waiting caller is offered").containsExactly(List.of(1L));
    h.engine.releaseReservation("cb-1"); // idempotent
  }

  @Test
  void placedCallShouldHoldTheAgentAfterTheReservationIsReleased() {
    Harness h = new Harness().ready(1);
    h.engine.putLine(Harness.line("sales", Strategy.EVENLY, 1));
    h.engine.reserveCall(reserve("sales", "cb-1"));

    h.engine.callEvent(new CallEvent("c2c-1", CallEventType.STARTED, CallDirection.OUTBOUND, "sales", "101",
        "+74957770001", 1L, null, h.clock.now()));
    h.engine.releaseReservation("cb-1");
    h.call("sales");
    assertThat(h.offerSequence()).as("on the placed call").isEmpty();

    h.engine.callEnded(new CallEnded("c2c-1", CallDirection.OUTBOUND, "sales", "101", "+74957770001", 1L,
        List.of(1L), CallDisposition.ANSWERED, 200, h.clock.now(), h.clock.now(), h.clock.now(), List.of()));
    assertThat(h.offerSequence()).containsExactly(List.of(1L));
  }

  @Test
  void reservationShouldRunOutWhenNoCallIsPlaced() {
    Harness h = new Harness().ready(1);
    h.engine.putLine(Harness.line("sales", Strategy.EVENLY, 1));
    h.engine.reserveCall(reserve("sales", "cb-1"));

    h.clock.advance(Duration.ofSeconds(11));
    assertThat(h.engine.agent(1).orElseThrow().state()).isEqualTo(AgentState.AVAILABLE);
    assertThat(h.engine.reserveCall(reserve("sales", "cb-2"))).contains(1L);
  }

  @Test
  void reservationShouldFollowTheLinesRulesAndRefuseNonsense() {
    Harness h = new Harness().ready(1, 2);
    h.engine.putLine(Harness.line("sales", Strategy.EVENLY, 1, 2));
    h.engine.setPresence(1, AgentState.AWAY, "lunch");

    assertThat(h.engine.reserveCall(reserve("sales", "cb-1"))).as("only who can take a call").contains(2L);
    assertThat(h.engine.reserveCall(reserve("sales", "cb-2"))).isEmpty();
    assertThatThrownBy(() -> h.engine.reserveCall(reserve("nowhere", "cb-3")))
        .isInstanceOfSatisfying(LinehubException.class, e -> assertThat(e.code()).isEqualTo(io.linehub.api.error.ErrorCode.NOT_FOUND));
    assertThatThrownBy(() -> h.engine.reserveCall(new ReserveCall("sales", " ", null, 1000)))
        .isInstanceOf(LinehubException.class);
    assertThatThrownBy(() -> h.engine.reserveCall(new ReserveCall("sales", "cb-4", null, 3_600_000)))
        .isInstanceOf(LinehubException.class);
  }

  private static ReserveCall reserve(String line, String id) {
    return new ReserveCall(line, id, null, Duration.ofSeconds(10).toMillis());
  }
}
