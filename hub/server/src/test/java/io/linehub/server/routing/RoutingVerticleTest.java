package io.linehub.server.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.linehub.api.crm.Channel;
import io.linehub.api.crm.CrmAddresses;
import io.linehub.api.crm.Identity;
import io.linehub.api.crm.OwnerFound;
import io.linehub.api.crm.OwnerQuery;
import io.linehub.api.routing.AgentState;
import io.linehub.api.routing.Assigned;
import io.linehub.api.routing.Enqueued;
import io.linehub.api.routing.Finish;
import io.linehub.api.routing.FinishReason;
import io.linehub.api.routing.Media;
import io.linehub.api.routing.OfferReply;
import io.linehub.api.routing.Offered;
import io.linehub.api.routing.RegistrationChanged;
import io.linehub.api.routing.RouteRequest;
import io.linehub.api.routing.RoutingAddresses;
import io.linehub.api.routing.SetPresence;
import io.linehub.api.routing.TicketClosed;
import io.linehub.api.routing.TicketOutcome;
import io.linehub.server.lines.Line;
import io.linehub.server.lines.LineTimers;
import io.linehub.server.lines.Member;
import io.linehub.server.lines.Strategy;
import io.linehub.testkit.BlockedThreadCounter;
import io.linehub.testkit.TestPostgres;
import io.linehub.testkit.TestVertx;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The engine on its verticle with the real claim store, raced by agents on other event loops:
 * many customers, few agents, every offer accepted by everyone at once.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RoutingVerticleTest {

  private static final Map<String, Line> LINES = new ConcurrentHashMap<>();
  private static Vertx vertx;
  private static Pool pool;

  @BeforeAll
  static void start() {
    vertx = TestVertx.create();
    pool = TestPostgres.freshDatabase("hub").pool(vertx, 8);
    LINES.put("race", line("race", Strategy.ALL, 3, 11, 12, 13));
    LINES.put("chats", line("chats", Strategy.EVENLY, 3, 21, 22, 23, 24));
    LINES.put("pop", withOwnerFirst(line("pop", Strategy.ALL, 5, 31, 32)));
    LineSource source = new LineSource() {
      @Override
      public Future<List<Line>> all() {
        return Future.succeededFuture(List.copyOf(LINES.values()));
      }

      @Override
      public Future<Optional<Line>> byId(String lineId) {
        return Future.succeededFuture(Optional.ofNullable(LINES.get(lineId)));
      }
    };
    await(vertx.deployVerticle(new RoutingVerticle(source, new io.linehub.server.lines.LineCatalog(), new PgClaimStore(pool),
        new SimpleMeterRegistry())));
  }

  @AfterAll
  static void stop() {
    await(pool.close());
    await(vertx.close());
    assertThat(BlockedThreadCounter.reports()).as("event-loop blocked warnings").isEmpty();
  }

  @Test
  void racingAcceptsShouldNeverGiveAnAgentTwoCallsAndShouldHandleEveryCustomer() {
    int customers = 60;
    var violations = new CopyOnWriteArrayList<String>();
    var active = new ConcurrentHashMap<Long, AtomicInteger>();
    var handled = Promise.<Void>promise();
    var closed = new AtomicInteger();
    vertx.eventBus().<Assigned>consumer(RoutingAddresses.ASSIGNED, m -> {
      if (m.body().lineId().equals("race")
          && active.computeIfAbsent(m.body().agentId(), k -> new AtomicInteger()).incrementAndGet() > 1) {
        violations.add("agent " + m.body().agentId() + " got a second call: " + m.body().ticketId());
      }
    });
    vertx.eventBus().<TicketClosed>consumer(RoutingAddresses.CLOSED, m -> {
      if (m.body().lineId().equals("race") && m.body().outcome() == TicketOutcome.HANDLED) {
        active.get(m.body().agentId()).decrementAndGet();
        if (closed.incrementAndGet() == customers) {
          handled.tryComplete();
        }
      }
    });
    for (long agent : new long[] {11, 12, 13}) {
      await(vertx.deployVerticle(new EagerAgent(agent)));
    }

    List<Future<?>> arrivals = new ArrayList<>();
    for (int i = 0; i < customers; i++) {
      arrivals.add(vertx.eventBus().request(RoutingAddresses.ENQUEUE, new RouteRequest("race-" + i, "race",
          Media.CALL, Channel.PHONE, "+7999000" + i, List.of(), null)));
    }
    await(Future.all(arrivals));
    await(handled.future().timeout(40, TimeUnit.SECONDS));

    assertThat(violations).isEmpty();
    // Every customer was handled (each closed as handled above, so each was claimed); a released
    // assignment is deleted. The last releases may still be on their way when the last ticket closes.
    long open = -1;
    for (int i = 0; i < 200 && open != 0; i++) {
      open = count("SELECT count(*) FROM hub.assignments WHERE line_id = 'race'");
      if (open != 0) {
        await(Future.future(p -> vertx.setTimer(25, t -> p.complete())));
      }
    }
    assertThat(open).as("assignments still open").isZero();
  }

  @Test
  void chatsShouldFillEveryAgentToTheMaximumAndOfferTheNextAtOnceWhenOneCloses() {
    var assigned = new CopyOnWriteArrayList<Assigned>();
    var offered = new CopyOnWriteArrayList<Offered>();
    vertx.eventBus().<Assigned>consumer(RoutingAddresses.ASSIGNED, m -> {
      if (m.body().lineId().equals("chats")) {
        assigned.add(m.body());
      }
    });
    vertx.eventBus().<Offered>consumer(RoutingAddresses.OFFERED, m -> {
      if (m.body().lineId().equals("chats")) {
        offered.add(m.body());
        // Everyone offered takes it at once.
        m.body().agentIds().forEach(agent -> vertx.eventBus().request(RoutingAddresses.ACCEPT,
            new OfferReply(m.body().ticketId(), agent)));
      }
    });
    for (long agent : new long[] {21, 22, 23, 24}) {
      await(vertx.eventBus().request(RoutingAddresses.SET_PRESENCE, new SetPresence(agent, AgentState.AVAILABLE, null)));
    }
    List<Future<?>> arrivals = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      arrivals.add(vertx.eventBus().<Enqueued>request(RoutingAddresses.ENQUEUE, new RouteRequest("chat-" + i,
          "chats", Media.CHAT, Channel.TELEGRAM, "visitor " + i, List.of(), null)));
    }
    await(Future.all(arrivals));
    await(until(() -> assigned.size() == 12));
    assertThat(count("SELECT max(chats) FROM hub.agent_load WHERE agent_id BETWEEN 21 AND 24")).isEqualTo(3);

    String done = assigned.get(0).ticketId();
    await(vertx.eventBus().request(RoutingAddresses.FINISH, new Finish(done, FinishReason.COMPLETED)));
    await(until(() -> assigned.size() == 13));

    assertThat(assigned.get(12).agentId()).isEqualTo(assigned.get(0).agentId());
    assertThat(assigned.get(12).ticketId()).as("the longest waiting chat").isEqualTo("chat-12");
    assertThat(count("SELECT max(chats) FROM hub.agent_load WHERE agent_id BETWEEN 21 AND 24")).isEqualTo(3);
  }

  @Test
  void offersShouldCarryTheCrmCardAndRouteToItsResponsibleAndGoOnWithoutItWhenTheCrmFails() {
    var card = StrategiesTest.card(32L);
    List<Long> waits = new CopyOnWriteArrayList<>();
    MessageConsumer<OwnerQuery> crm = vertx.eventBus().localConsumer(CrmAddresses.FIND_OWNER, m -> {
      waits.add(m.body().waitMillis());
      switch (m.body().identities().get(0).value()) {
        case "+74950000001" -> m.reply(new OwnerFound(32L, card));
        case "+74950000002" -> m.reply(new OwnerFound(null, null));
        default -> m.fail(500, "CRM database unreachable");
      }
    });
    Map<String, Promise<Offered>> offers = new ConcurrentHashMap<>();
    List.of("known", "unknown", "crm-down").forEach(id -> offers.put(id, Promise.promise()));
    MessageConsumer<Offered> offered = vertx.eventBus().consumer(RoutingAddresses.OFFERED, m -> {
      var waiting = offers.get(m.body().ticketId());
      if (waiting != null) {
        waiting.tryComplete(m.body());
      }
    });
    await(Future.all(crm.completion(), offered.completion()));
    try {
      for (long agent : new long[] {31, 32}) {
        await(vertx.eventBus().request(RoutingAddresses.SET_PRESENCE, new SetPresence(agent, AgentState.AVAILABLE, null)));
      }
      Map.of("known", "+74950000001", "unknown", "+74950000002", "crm-down", "+74950000003").forEach((id, phone) ->
          await(vertx.eventBus().request(RoutingAddresses.ENQUEUE, new RouteRequest(id, "pop", Media.CHAT,
              Channel.TELEGRAM, phone, List.of(Identity.phone(phone)), null))));

      Offered known = await(offers.get("known").future().timeout(10, TimeUnit.SECONDS));
      assertThat(known.card()).isEqualTo(card);
      assertThat(known.agentIds()).as("owner first, from the card").containsExactly(32L);
      Offered unknown = await(offers.get("unknown").future().timeout(10, TimeUnit.SECONDS));
      assertThat(unknown.card()).isNull();
      assertThat(unknown.agentIds()).as("nobody's customer: the whole line").containsExactly(31L, 32L);
      Offered down = await(offers.get("crm-down").future().timeout(10, TimeUnit.SECONDS));
      assertThat(down.card()).as("routed without the card").isNull();
      assertThat(down.agentIds()).containsExactly(31L, 32L);
      assertThat(waits).as("the CRM is told how long routing waits, so it can skip lookups nobody awaits")
          .containsExactly(500L, 500L, 500L);
    } finally {
      await(Future.all(crm.unregister(), offered.unregister()));
    }
  }

  /** An agent who accepts everything offered at once and hangs up a few milliseconds later. */
  private static final class EagerAgent extends VerticleBase {

    private final long id;

    EagerAgent(long id) {
      this.id = id;
    }

    @Override
    public Future<?> start() {
      vertx.eventBus().<Offered>consumer(RoutingAddresses.OFFERED, m -> {
        if (m.body().agentIds().contains(id)) {
          vertx.eventBus().request(RoutingAddresses.ACCEPT, new OfferReply(m.body().ticketId(), id));
        }
      });
      vertx.eventBus().<Assigned>consumer(RoutingAddresses.ASSIGNED, m -> {
        if (m.body().agentId() == id) {
          vertx.setTimer(ThreadLocalRandom.current().nextInt(1, 5), t -> vertx.eventBus().request(
              RoutingAddresses.FINISH, new Finish(m.body().ticketId(), FinishReason.COMPLETED)));
        }
      });
      vertx.eventBus().publish(RoutingAddresses.REGISTRATION_CHANGED, new RegistrationChanged(id, true));
      return vertx.eventBus().request(RoutingAddresses.SET_PRESENCE, new SetPresence(id, AgentState.AVAILABLE, null));
    }
  }

  private static Line line(String id, Strategy strategy, int maxChats, long... agents) {
    List<Member> members = new ArrayList<>();
    for (long agent : agents) {
      members.add(new Member(agent, 0));
    }
    return new Line(id, id, null, List.of(), strategy, members,
        new LineTimers(Duration.ofSeconds(20), Duration.ofSeconds(60), Duration.ofMinutes(5), Duration.ZERO),
        maxChats, null, null, null, null, false, null);
  }

  private static Line withOwnerFirst(Line l) {
    return new Line(l.id(), l.name(), l.did(), l.channels(), l.strategy(), l.members(), l.timers(), l.maxChats(),
        l.noAnswer(), l.hours(), l.outOfHours(), l.responsibleUserId(), true, l.serviceLevel());
  }

  private static Future<Void> until(java.util.function.BooleanSupplier condition) {
    Promise<Void> done = Promise.promise();
    long timer = vertx.setPeriodic(10, id -> {
      if (condition.getAsBoolean()) {
        vertx.cancelTimer(id);
        done.tryComplete();
      }
    });
    return done.future().timeout(20, TimeUnit.SECONDS).onFailure(e -> vertx.cancelTimer(timer));
  }

  private static long count(String sql) {
    return await(pool.query(sql).execute()).iterator().next().getLong(0);
  }

  private static <T> T await(Future<T> future) {
    return future.toCompletionStage().toCompletableFuture().join();
  }
}
