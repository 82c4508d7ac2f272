package io.linehub.server.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.linehub.api.routing.AgentState;
import io.linehub.api.routing.Fallback;
import io.linehub.api.routing.FallbackAction;
import io.linehub.api.routing.FallbackReason;
import io.linehub.api.routing.FellBack;
import io.linehub.api.routing.FinishReason;
import io.linehub.api.routing.Media;
import io.linehub.api.routing.OfferWithdrawn;
import io.linehub.api.routing.Queued;
import io.linehub.api.routing.TicketClosed;
import io.linehub.api.routing.TicketOutcome;
import io.linehub.api.routing.TicketState;
import io.linehub.api.routing.WithdrawReason;
import io.linehub.server.lines.Line;
import io.linehub.server.lines.LineTimers;
import io.linehub.server.lines.Strategy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class TimersTest {

  @Test
  void offerShouldMoveToTheNextMemberWhenTheOfferTimeRunsOut() {
    Harness h = new Harness().ready(1, 2);
    h.engine.putLine(Harness.line("sales", Strategy.EVENLY, 1, 2));

    h.call("sales");
    h.clock.advance(Duration.ofSeconds(19));
    assertThat(h.offerSequence()).containsExactly(List.of(1L));
    h.clock.advance(Duration.ofSeconds(1));

    assertThat(h.offerSequence()).containsExactly(List.of(1L), List.of(2L));
    assertThat(h.all(OfferWithdrawn.class)).singleElement()
        .satisfies(w -> assertThat(w.reason()).isEqualTo(WithdrawReason.TIMEOUT));
    assertThat(h.engine.agent(1).orElseThrow().state()).isEqualTo(AgentState.AVAILABLE);
  }

  @Test
  void chatOfferShouldUseTheChatOfferTime() {
    Harness h = new Harness().ready(1, 2);
    h.engine.putLine(Harness.line("chat", Strategy.EVENLY, 1, 2));

    h.chat("chat");
    h.clock.advance(Duration.ofSeconds(59));
    assertThat(h.offerSequence()).hasSize(1);
    h.clock.advance(Duration.ofSeconds(1));
    assertThat(h.offerSequence()).hasSize(2);
  }

  @Test
  void maxWaitShouldRequestACallbackWhenNobodyTookTheCustomer() {
    Harness h = new Harness().ready(1);
    h.engine.putLine(with(Harness.line("sales", Strategy.EVENLY, 1), new Fallback(FallbackAction.CALLBACK, null, null),
        Duration.ofSeconds(90)));
    h.engine.setPresence(1, AgentState.AWAY, "break");

    h.call("sales");
    h.clock.advance(Duration.ofSeconds(89));
    assertThat(h.all(FellBack.class)).isEmpty();
    h.clock.advance(Duration.ofSeconds(1));

    FellBack fellBack = h.all(FellBack.class).get(0);
    assertThat(fellBack.reason()).isEqualTo(FallbackReason.MAX_WAIT);
    assertThat(fellBack.fallback().action()).isEqualTo(FallbackAction.CALLBACK);
    assertThat(h.callbacks).containsExactly(new Harness.CallbackRequest("t1", "sales"));
    TicketClosed closed = h.all(TicketClosed.class).get(0);
    assertThat(closed.outcome()).isEqualTo(TicketOutcome.FELL_BACK);
    assertThat(closed.fallback()).isEqualTo(FallbackAction.CALLBACK);
    assertThat(h.engine.ticketState("t1")).isEmpty();
  }

  @Test
  void maxWaitShouldMoveTheCustomerToAnotherLineAndOfferThereAtOnce() {
    Harness h = new Harness().ready(1, 2);
    h.engine.putLine(Harness.line("overflow", Strategy.EVENLY, 2));
    h.engine.setPresence(1, AgentState.AWAY, null);
    h.engine.putLine(with(Harness.line("sales", Strategy.EVENLY, 1),
        new Fallback(FallbackAction.LINE, "overflow", null), Duration.ofSeconds(30)));

    var card = StrategiesTest.card(null);
    h.arrive("sales", Media.CALL, null, card);
    h.clock.advance(Duration.ofSeconds(30));

    assertThat(h.all(Queued.class)).extracting(Queued::lineId).containsExactly("sales", "overflow");
    assertThat(h.lastOffer().lineId()).isEqualTo("overflow");
    assertThat(h.lastOffer().agentIds()).containsExactly(2L);
    assertThat(h.lastOffer().card()).as("the card moves with the customer").isEqualTo(card);
    assertThat(h.engine.ticketState("t1")).contains(TicketState.OFFERED);
  }

  @Test
  void ownerFirstShouldApplyOnTheLineACustomerFallsBackToWhenTheCardNamesTheOwner() {
    Harness h = new Harness().ready(1, 2, 3);
    h.engine.putLine(Harness.line("owners", Strategy.STRICTLY, 2, 3));
    h.engine.setPresence(1, AgentState.AWAY, null);
    h.engine.putLine(Harness.queueOnly(with(Harness.line("sales", Strategy.EVENLY, 1),
        new Fallback(FallbackAction.LINE, "owners", null), Duration.ofSeconds(30))));

    h.arrive("sales", Media.CALL, null, StrategiesTest.card(3L));
    h.clock.advance(Duration.ofSeconds(30));

    assertThat(h.lastOffer().lineId()).isEqualTo("owners");
    assertThat(h.lastOffer().agentIds()).as("the card's responsible before the queue's first").containsExactly(3L);
  }

  @Test
  void strictlyShouldFallBackWhenEveryMemberWasTried() {
    Harness h = new Harness().ready(1, 2);
    h.engine.putLine(with(Harness.line("sales", Strategy.STRICTLY, 1, 2),
        new Fallback(FallbackAction.VOICEMAIL, null, null), Duration.ofMinutes(10)));

    h.call("sales");
    h.clock.advance(Duration.ofSeconds(40));

    FellBack fellBack = h.all(FellBack.class).get(0);
    assertThat(fellBack.reason()).isEqualTo(FallbackReason.ALL_TRIED);
    assertThat(fellBack.fallback().action()).isEqualTo(FallbackAction.VOICEMAIL);
  }

  @Test
  void wrapUpShouldKeepTheAgentFromOffersUntilItEndsThenOfferTheWaitingCustomerAtOnce() {
    Harness h = new Harness().ready(1);
    h.engine.putLine(StrategiesTest.withWrapUp(Harness.line("sales", Strategy.EVENLY, 1), Duration.ofSeconds(30)));

    h.call("sales");
    h.acceptLast();
    h.call("sales");
    h.engine.finish("t1", FinishReason.COMPLETED);
    assertThat(h.engine.agent(1).orElseThrow().state()).isEqualTo(AgentState.WRAP_UP);
    h.clock.advance(Duration.ofSeconds(29));
    assertThat(h.offerSequence()).hasSize(1);

    h.clock.advance(Duration.ofSeconds(1));
    assertThat(h.offerSequence()).hasSize(2);
    assertThat(h.lastOffer().ticketId()).isEqualTo("t2");
  }

  @Test
  void waitingCustomerShouldBeOfferedInTheSameStepWhenTheAgentHangsUp() {
    Harness h = new Harness().ready(1);
    h.engine.putLine(StrategiesTest.withWrapUp(Harness.line("sales", Strategy.EVENLY, 1), Duration.ZERO));
    h.call("sales");
    h.acceptLast();
    h.call("sales");
    assertThat(h.offerSequence()).hasSize(1);

    h.engine.finish("t1", FinishReason.COMPLETED);

    assertThat(h.lastOffer().ticketId()).isEqualTo("t2");
  }

  @Test
  void customerLeavingShouldCloseTheTicketAsAbandonedAndFreeTheRingingAgent() {
    Harness h = new Harness().ready(1);
    h.engine.putLine(Harness.line("sales", Strategy.EVENLY, 1));
    h.call("sales");

    h.engine.finish("t1", FinishReason.CUSTOMER_LEFT);
    h.engine.finish("t1", FinishReason.CUSTOMER_LEFT);

    assertThat(h.all(TicketClosed.class)).singleElement()
        .satisfies(c -> assertThat(c.outcome()).isEqualTo(TicketOutcome.ABANDONED));
    assertThat(h.engine.agent(1).orElseThrow().state()).isEqualTo(AgentState.AVAILABLE);
    assertThat(h.all(OfferWithdrawn.class).get(0).reason()).isEqualTo(WithdrawReason.CANCELLED);
  }

  @Test
  void enqueueShouldBeIdempotentOnTheTicketId() {
    Harness h = new Harness().ready(1);
    h.engine.putLine(Harness.line("sales", Strategy.EVENLY, 1));
    var request = new io.linehub.api.routing.RouteRequest("call-1", "sales", Media.CALL, null, "x", List.of(), null);

    var first = h.engine.enqueue(request, null);
    var again = h.engine.enqueue(request, null);

    assertThat(first.replayed()).isFalse();
    assertThat(again.replayed()).isTrue();
    assertThat(h.all(Queued.class)).hasSize(1);
    assertThat(h.offerSequence()).hasSize(1);
  }

  static Line with(Line line, Fallback noAnswer, Duration maxWait) {
    var t = line.timers();
    return new Line(line.id(), line.name(), line.did(), line.channels(), line.strategy(), line.members(),
        new LineTimers(t.callOffer(), t.chatOffer(), maxWait, t.wrapUp()), line.maxChats(), noAnswer, line.hours(),
        line.outOfHours(), line.responsibleUserId(), line.routeToOwner(), line.serviceLevel());
  }
}
