package io.linehub.server.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.linehub.api.crm.Channel;
import io.linehub.api.crm.CustomerCard;
import io.linehub.api.routing.AgentState;
import io.linehub.api.routing.Assigned;
import io.linehub.api.routing.Enqueued;
import io.linehub.api.routing.Media;
import io.linehub.api.routing.Offered;
import io.linehub.api.routing.RouteRequest;
import io.linehub.server.lines.Line;
import io.linehub.server.lines.Member;
import io.linehub.server.lines.Strategy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** An engine on virtual time with the events it published, for deterministic routing tests. */
final class Harness {

  record Event(String address, Object body) {
  }

  record CallbackRequest(String ticketId, String lineId) {
  }

  final ManualScheduler clock = new ManualScheduler(Instant.parse("2026-11-23T10:00:00Z"));
  final MemoryClaimStore claims = new MemoryClaimStore();
  final List<Event> events = new ArrayList<>();
  final List<CallbackRequest> callbacks = new ArrayList<>();
  final RoutingEngine engine = new RoutingEngine(clock, (address, body) -> events.add(new Event(address, body)),
      claims, (customer, line, arrivedAt, now) -> callbacks.add(new CallbackRequest(customer.ticketId(), line.id())));
  private int tickets;

  /** Agents signed in, available, phone registered. */
  Harness ready(long... agentIds) {
    for (long id : agentIds) {
      engine.registration(id, true);
      engine.setPresence(id, AgentState.AVAILABLE, null);
    }
    return this;
  }

  static Line line(String id, Strategy strategy, long... agentIds) {
    List<Member> members = new ArrayList<>();
    for (long agent : agentIds) {
      members.add(new Member(agent, 0));
    }
    return Line.of(id, strategy, members);
  }

  /** The line without owner-first routing ({@link #line} turns it on). */
  static Line queueOnly(Line l) {
    return new Line(l.id(), l.name(), l.did(), l.channels(), l.strategy(), l.members(), l.timers(), l.maxChats(),
        l.noAnswer(), l.hours(), l.outOfHours(), l.responsibleUserId(), false, l.serviceLevel());
  }

  Enqueued call(String lineId) {
    return arrive(lineId, Media.CALL, null);
  }

  Enqueued chat(String lineId) {
    return arrive(lineId, Media.CHAT, null);
  }

  Enqueued arrive(String lineId, Media media, Long owner) {
    return arrive(lineId, media, owner, null);
  }

  /** A customer whose CRM card routing found (or null), the caller naming the owner or not. */
  Enqueued arrive(String lineId, Media media, Long owner, CustomerCard card) {
    String id = "t" + (++tickets);
    return engine.enqueue(new RouteRequest(id, lineId, media, media == Media.CALL ? Channel.PHONE : Channel.TELEGRAM,
        "customer " + id, List.of(), owner), card);
  }

  <T> List<T> all(Class<T> type) {
    return events.stream().map(Event::body).filter(type::isInstance).map(type::cast).toList();
  }

  Offered lastOffer() {
    List<Offered> offers = all(Offered.class);
    assertThat(offers).isNotEmpty();
    return offers.get(offers.size() - 1);
  }

  /** The agent ids of every offer, in order. */
  List<List<Long>> offerSequence() {
    return all(Offered.class).stream().map(Offered::agentIds).toList();
  }

  Assigned accept(String ticketId, long agentId) {
    return engine.accept(ticketId, agentId).toCompletionStage().toCompletableFuture().join();
  }

  /** Offers the ticket's current offer holder accepts. */
  Assigned acceptLast() {
    Offered offer = lastOffer();
    return accept(offer.ticketId(), offer.agentIds().get(0));
  }
}
