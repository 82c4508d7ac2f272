package io.linehub.server.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.linehub.api.error.LinehubException;
import io.linehub.api.routing.AgentState;
import io.linehub.api.routing.FinishReason;
import io.linehub.api.routing.Media;
import io.linehub.api.routing.PresenceChanged;
import io.linehub.api.sip.CallDirection;
import io.linehub.api.sip.CallDisposition;
import io.linehub.api.sip.CallEnded;
import io.linehub.api.sip.CallEvent;
import io.linehub.api.sip.CallEventType;
import io.linehub.server.lines.Line;
import io.linehub.server.lines.Strategy;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class PresenceTest {

  @Test
  void unregisteredPhoneShouldGetNoCallsButStillGetChats() {
    Harness h = new Harness().ready(1);
    h.engine.registration(1, false);
    h.engine.putLine(Harness.line("mixed", Strategy.EVENLY, 1));

    h.call("mixed");
    assertThat(h.offerSequence()).isEmpty();
    h.chat("mixed");
    assertThat(h.lastOffer().ticketId()).isEqualTo("t2");

    h.engine.registration(1, true);
    assertThat(h.lastOffer().ticketId()).as("registering offers the waiting call").isEqualTo("t1");
  }

  @Test
  void goingAwayShouldMoveAPendingOfferToTheNextMember() {
    Harness h = new Harness().ready(1, 2);
    h.engine.putLine(Harness.line("sales", Strategy.EVENLY, 1, 2));
    h.call("sales");

    h.engine.setPresence(1, AgentState.AWAY, "lunch");

    assertThat(h.offerSequence()).containsExactly(List.of(1L), List.of(2L));
    PresenceChanged away = h.engine.agent(1).orElseThrow();
    assertThat(away.state()).isEqualTo(AgentState.AWAY);
    assertThat(away.reason()).isEqualTo("lunch");
  }

  @Test
  void presenceShouldBePublishedThroughTheWholeCallCycle() {
    Harness h = new Harness().ready(1);
    h.engine.putLine(Harness.line("sales", Strategy.EVENLY, 1));
    h.events.clear();

    h.call("sales");
    h.acceptLast();
    h.engine.finish("t1", FinishReason.COMPLETED);
    h.clock.advance(java.time.Duration.ofSeconds(30));

    assertThat(h.all(PresenceChanged.class)).extracting(PresenceChanged::state)
        .containsExactly(AgentState.RINGING, AgentState.ON_CALL, AgentState.WRAP_UP, AgentState.AVAILABLE);
  }

  @Test
  void chatsShouldStopAtTheLineMaximumAndCountSeparatelyFromCalls() {
    Harness h = new Harness().ready(1);
    Line line = Harness.line("chat", Strategy.EVENLY, 1);
    h.engine.putLine(new Line(line.id(), line.name(), null, List.of(), line.strategy(), line.members(), null, 2,
        null, null, null, null, true, null));

    for (int i = 0; i < 3; i++) {
      h.chat("chat");
      if (i < 2) {
        h.acceptLast();
      }
    }
    assertThat(h.offerSequence()).hasSize(2);
    assertThat(h.engine.agent(1).orElseThrow().activeChats()).isEqualTo(2);
    h.call("chat");
    assertThat(h.lastOffer().media()).as("a call still reaches an agent busy with chats").isEqualTo(Media.CALL);

    h.engine.finish("t1", FinishReason.COMPLETED);
    assertThat(h.all(io.linehub.api.routing.Offered.class)).extracting(o -> o.ticketId()).contains("t3");
  }

  @Test
  void acceptShouldFailWithConflictWhenNotOfferedOrAlreadyTaken() {
    Harness h = new Harness().ready(1, 2);
    h.engine.putLine(Harness.line("sales", Strategy.ALL, 1, 2));
    h.call("sales");
    h.accept("t1", 1);

    assertThatThrownBy(() -> h.accept("t1", 2)).isInstanceOf(CompletionException.class)
        .cause().isInstanceOf(LinehubException.class).hasMessageContaining("not waiting");
    assertThat(h.accept("t1", 1).agentId()).as("a retried accept by the winner").isEqualTo(1L);
    assertThat(h.claims.calls(1)).isEqualTo(1);
    assertThat(h.claims.calls(2)).isZero();
  }

  @Test
  void restoredChatShouldHoldItsSlotUntilFinished() {
    Harness h = new Harness().ready(1);
    Line line = Harness.line("chat", Strategy.EVENLY, 1);
    h.engine.putLine(new Line(line.id(), line.name(), null, List.of(), line.strategy(), line.members(), null, 1,
        null, null, null, null, true, null));
    h.engine.restore(List.of(new ClaimStore.Open("old-chat", "chat", Media.CHAT, 1, h.clock.now())));

    h.chat("chat");
    assertThat(h.offerSequence()).as("the one slot is held by the restored chat").isEmpty();
    assertThat(h.engine.agent(1).orElseThrow().activeChats()).isEqualTo(1);
    h.engine.finish("old-chat", FinishReason.COMPLETED);

    assertThat(h.lastOffer().ticketId()).isEqualTo("t1");
    assertThat(h.engine.agent(1).orElseThrow().activeChats()).isZero();
  }

  @Test
  void agentPlacingACallShouldGetNoQueueCallUntilTheirCallEnds() {
    Harness h = new Harness().ready(1);
    h.engine.putLine(Harness.line("sales", Strategy.EVENLY, 1));

    h.engine.callEvent(step("out-1", CallEventType.STARTED, CallDirection.OUTBOUND, 1L, h));
    h.call("sales");

    assertThat(h.engine.agent(1).orElseThrow().state()).isEqualTo(AgentState.ON_CALL);
    assertThat(h.offerSequence()).as("their phone is busy with the outbound call").isEmpty();
    h.engine.callEnded(ended("out-1", CallDirection.OUTBOUND, 1L, List.of(1L), h));
    assertThat(h.lastOffer().agentIds()).as("offered as soon as the call ends").containsExactly(1L);
  }

  @Test
  void agentDialingOutWhileAQueueCallRingsShouldLoseThatOfferToTheNextMember() {
    Harness h = new Harness().ready(1, 2);
    h.engine.putLine(Harness.line("sales", Strategy.STRICTLY, 1, 2));
    h.call("sales");

    h.engine.callEvent(step("out-1", CallEventType.STARTED, CallDirection.OUTBOUND, 1L, h));

    assertThat(h.offerSequence()).containsExactly(List.of(1L), List.of(2L));
  }

  @Test
  void transferTargetShouldBeBusyUntilTheTransferredCallEndsAndTheRoutedAgentCountedOnce() {
    Harness h = new Harness().ready(1, 2);
    h.engine.putLine(Harness.line("sales", Strategy.EVENLY, 1));
    h.engine.putLine(Harness.line("support", Strategy.EVENLY, 2));
    h.call("sales");
    h.acceptLast();
    h.engine.callEvent(step("t1", CallEventType.ANSWERED, CallDirection.INBOUND, 1L, h));

    h.engine.callEvent(step("t1", CallEventType.ANSWERED, CallDirection.INBOUND, 2L, h));
    h.call("support");

    assertThat(h.engine.agent(2).orElseThrow().state()).isEqualTo(AgentState.ON_CALL);
    assertThat(h.offerSequence()).as("only the first call was offered").hasSize(1);
    h.engine.finish("t1", FinishReason.COMPLETED);
    h.engine.callEnded(ended("t1", CallDirection.INBOUND, 2L, List.of(1L, 2L), h));
    assertThat(h.lastOffer().ticketId()).isEqualTo("t2");
    assertThat(h.lastOffer().agentIds()).containsExactly(2L);
    assertThat(h.engine.agent(1).orElseThrow().state()).as("agent 1's routed call ended the usual way")
        .isIn(AgentState.WRAP_UP, AgentState.AVAILABLE);
  }

  private static CallEvent step(String callId, CallEventType type, CallDirection direction, Long agentId, Harness h) {
    return new CallEvent(callId, type, direction, "sales", "100", "+74951234567", agentId, null, h.clock.now());
  }

  private static CallEnded ended(String callId, CallDirection direction, Long agentId, List<Long> agentIds,
      Harness h) {
    return new CallEnded(callId, direction, "sales", "100", "+74951234567", agentId, agentIds,
        CallDisposition.ANSWERED, 200, h.clock.now(), h.clock.now(), h.clock.now(), List.of());
  }

  @Test
  void setPresenceShouldRefuseStatesDrivenByCalls() {
    Harness h = new Harness();
    assertThatThrownBy(() -> h.engine.setPresence(1, AgentState.ON_CALL, null))
        .isInstanceOf(LinehubException.class).hasMessageContaining("state:");
  }
}
