package io.linehub.server.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.linehub.api.crm.CardActivity;
import io.linehub.api.crm.CustomerCard;
import io.linehub.api.routing.AgentState;
import io.linehub.api.routing.FinishReason;
import io.linehub.api.routing.Media;
import io.linehub.api.routing.OfferWithdrawn;
import io.linehub.api.routing.Offered;
import io.linehub.api.routing.WithdrawReason;
import io.linehub.server.lines.Line;
import io.linehub.server.lines.Member;
import io.linehub.server.lines.Strategy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class StrategiesTest {

  @Test
  void allShouldOfferEveryAvailableMemberAndWithdrawTheOthersWhenOneAccepts() {
    Harness h = new Harness().ready(1, 2, 3);
    h.engine.putLine(Harness.line("sales", Strategy.ALL, 1, 2, 3));

    h.call("sales");
    assertThat(h.lastOffer().agentIds()).containsExactly(1L, 2L, 3L);

    assertThat(h.accept("t1", 2).agentId()).isEqualTo(2L);
    OfferWithdrawn withdrawn = h.all(OfferWithdrawn.class).get(0);
    assertThat(withdrawn.agentIds()).containsExactly(1L, 3L);
    assertThat(withdrawn.reason()).isEqualTo(WithdrawReason.TAKEN);
    assertThat(h.engine.agent(2).orElseThrow().state()).isEqualTo(AgentState.ON_CALL);
    assertThat(h.engine.agent(1).orElseThrow().state()).isEqualTo(AgentState.AVAILABLE);
  }

  @Test
  void evenlyShouldOfferTheLeastRecentlyOfferedMemberWhenCustomersFollowEachOther() {
    Harness h = new Harness().ready(1, 2, 3);
    h.engine.putLine(withWrapUp(Harness.line("sales", Strategy.EVENLY, 1, 2, 3), Duration.ZERO));

    for (int i = 0; i < 4; i++) {
      h.call("sales");
      h.clock.advance(Duration.ofSeconds(1));
      var assigned = h.acceptLast();
      h.engine.finish(assigned.ticketId(), FinishReason.COMPLETED);
    }

    assertThat(h.offerSequence()).containsExactly(List.of(1L), List.of(2L), List.of(3L), List.of(1L));
  }

  @Test
  void strictlyShouldFollowTheFixedOrderAndSkipMembersTriedForThisCustomer() {
    Harness h = new Harness().ready(1, 2, 3);
    h.engine.putLine(Harness.line("sales", Strategy.STRICTLY, 3, 1, 2));

    h.call("sales");
    h.clock.advance(Duration.ofSeconds(20));
    h.clock.advance(Duration.ofSeconds(20));

    assertThat(h.offerSequence()).containsExactly(List.of(3L), List.of(1L), List.of(2L));
    // The next customer starts again from the top of the order.
    h.call("sales");
    assertThat(h.lastOffer().agentIds()).containsExactly(3L);
  }

  @Test
  void longestIdleShouldOfferTheMemberWhoseLastConversationEndedEarliest() {
    Harness h = new Harness().ready(1, 2, 3);
    h.engine.putLine(withWrapUp(Harness.line("sales", Strategy.LONGEST_IDLE, 1, 2, 3), Duration.ZERO));
    // 3 finishes first, then 1, then 2: 3 has been idle longest.
    for (long agent : new long[] {3, 1, 2}) {
      h.engine.setPresence(agent, AgentState.AWAY, "meeting");
    }
    h.engine.setPresence(3, AgentState.AVAILABLE, null);
    h.clock.advance(Duration.ofMinutes(1));
    h.engine.setPresence(1, AgentState.AVAILABLE, null);
    h.clock.advance(Duration.ofMinutes(1));
    h.engine.setPresence(2, AgentState.AVAILABLE, null);

    h.call("sales");
    assertThat(h.lastOffer().agentIds()).containsExactly(3L);
    h.engine.finish(h.acceptLast().ticketId(), FinishReason.COMPLETED);
    h.call("sales");
    assertThat(h.lastOffer().agentIds()).containsExactly(1L);
  }

  @Test
  void leastBusyShouldOfferTheMemberWithFewestChatsAndBreakTiesByIdleTime() {
    Harness h = new Harness().ready(1, 2, 3);
    h.engine.putLine(Harness.line("chat", Strategy.LEAST_BUSY, 1, 2, 3));
    // Give 1 two chats and 2 one chat through the ordinary flow.
    holdChat(h, 1);
    holdChat(h, 1);
    holdChat(h, 2);

    h.arrive("chat", Media.CHAT, null);
    assertThat(h.lastOffer().agentIds()).containsExactly(3L);
    h.acceptLast();
    // Now 2 and 3 have one chat each; 2 has been idle since the start, 3 just took one: 2 wins.
    h.arrive("chat", Media.CHAT, null);
    assertThat(h.lastOffer().agentIds()).containsExactly(2L);
  }

  @Test
  void tiersShouldReachTheNextTierOnlyWhenNobodyInTheBetterTierIsAvailable() {
    Harness h = new Harness().ready(1, 2, 3);
    h.engine.putLine(Line.of("sales", Strategy.EVENLY,
        List.of(new Member(3, 1), new Member(1, 0), new Member(2, 0))));

    h.call("sales");
    h.call("sales");
    assertThat(h.offerSequence()).containsExactly(List.of(1L), List.of(2L));
    h.call("sales");
    assertThat(h.lastOffer().agentIds()).as("tier 0 is ringing, so tier 1").containsExactly(3L);
  }

  @Test
  void ownerShouldBeOfferedFirstWhenAvailableAndTheQueueOtherwise() {
    Harness h = new Harness().ready(1, 2, 3);
    h.engine.putLine(Harness.line("sales", Strategy.STRICTLY, 1, 2, 3));

    h.arrive("sales", Media.CALL, 3L);
    assertThat(h.lastOffer().agentIds()).containsExactly(3L);
    h.clock.advance(Duration.ofSeconds(20));
    assertThat(h.lastOffer().agentIds()).as("owner did not answer: the queue").containsExactly(1L);

    h.engine.setPresence(2, AgentState.AWAY, "lunch");
    h.arrive("sales", Media.CALL, 2L);
    assertThat(h.lastOffer().agentIds()).as("owner away: straight to the queue").containsExactly(3L);
  }

  @Test
  void ownerShouldBeTheCardsResponsibleWhenTheCallerNamedNone() {
    Harness h = new Harness().ready(1, 2, 3);
    h.engine.putLine(Harness.line("sales", Strategy.STRICTLY, 1, 2, 3));

    h.arrive("sales", Media.CALL, null, card(3L));
    assertThat(h.lastOffer().agentIds()).as("the card's responsible").containsExactly(3L);
    h.arrive("sales", Media.CALL, 2L, card(1L));
    assertThat(h.lastOffer().agentIds()).as("the owner the caller named wins over the card").containsExactly(2L);
  }

  @Test
  void everyOfferShouldCarryTheCardWhenTheLineDoesNotRouteToTheOwner() {
    Harness h = new Harness().ready(1, 2);
    h.engine.putLine(Harness.queueOnly(Harness.line("sales", Strategy.STRICTLY, 1, 2)));
    CustomerCard card = card(2L);

    h.arrive("sales", Media.CALL, null, card);
    h.clock.advance(Duration.ofSeconds(20));

    assertThat(h.offerSequence()).as("the queue, not the owner").containsExactly(List.of(1L), List.of(2L));
    assertThat(h.all(Offered.class)).extracting(Offered::card).containsExactly(card, card);
    assertThat(h.engine.offersTo(2)).extracting(Offered::card).containsExactly(card);
  }

  static CustomerCard card(Long responsibleUserId) {
    return new CustomerCard("contact", 7, "Anna Petrova", "Rosinka LLC", responsibleUserId,
        List.of(new CardActivity(70, "call", "done", "answered", "Incoming call", Instant.parse("2026-11-20T09:00:00Z"))));
  }

  private static void holdChat(Harness h, long agent) {
    h.arrive("chat", Media.CHAT, agent);
    assertThat(h.lastOffer().agentIds()).containsExactly(agent);
    h.acceptLast();
  }

  static Line withWrapUp(Line line, Duration wrapUp) {
    var t = line.timers();
    return new Line(line.id(), line.name(), line.did(), line.channels(), line.strategy(), line.members(),
        new io.linehub.server.lines.LineTimers(t.callOffer(), t.chatOffer(), t.maxWait(), wrapUp), line.maxChats(),
        line.noAnswer(), line.hours(), line.outOfHours(), line.responsibleUserId(), line.routeToOwner(),
        line.serviceLevel());
  }
}
