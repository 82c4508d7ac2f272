package io.linehub.server.reports;

import static io.linehub.server.reports.Eventually.await;
import static io.linehub.server.reports.Eventually.count;
import static io.linehub.server.reports.Eventually.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.linehub.api.routing.AgentState;
import io.linehub.api.routing.FallbackAction;
import io.linehub.api.routing.Media;
import io.linehub.api.routing.PresenceChanged;
import io.linehub.api.routing.RoutingAddresses;
import io.linehub.api.routing.TicketClosed;
import io.linehub.api.routing.TicketOutcome;
import io.linehub.testkit.BlockedThreadCounter;
import io.linehub.testkit.TestPostgres;
import io.linehub.testkit.TestVertx;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The journal against a real PostgreSQL: events published on the bus become rows. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RoutingJournalTest {

  private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
  private static final AtomicLong AGENTS = new AtomicLong(100);
  private static Vertx vertx;
  private static Pool pool;
  private String deployment;

  @BeforeAll
  static void database() {
    vertx = TestVertx.create();
    pool = TestPostgres.freshDatabase("hub").pool(vertx, 4);
  }

  @AfterAll
  static void close() {
    await(pool.close());
    await(vertx.close());
    assertThat(BlockedThreadCounter.reports()).as("event-loop blocked warnings").isEmpty();
  }

  @BeforeEach
  void deploy() {
    deployment = await(vertx.deployVerticle(new RoutingJournal(pool)));
  }

  @AfterEach
  void undeploy() {
    if (deployment != null) {
      await(vertx.undeploy(deployment));
    }
  }

  @Test
  void closedTicketShouldLandOnceWhenEventIsRedelivered() {
    TicketClosed handled = new TicketClosed("call-dup", "sales", Media.CALL, "+74951234567", TicketOutcome.HANDLED,
        7L, T0, T0.plusSeconds(12), T0.plusSeconds(300), null, 2);
    TicketClosed fellBack = new TicketClosed("chat-dup", "support", Media.CHAT, "Анна, \"VIP\"",
        TicketOutcome.FELL_BACK, null, T0, null, T0.plusSeconds(60), FallbackAction.AUTO_REPLY, 3);
    publish(handled);
    publish(handled);
    publish(fellBack);
    awaitTickets("ticket_id IN ('call-dup', 'chat-dup')", 2);
    publish(handled);
    publish(ticket("after-redelivery", T0));
    awaitTickets("ticket_id = 'after-redelivery'", 1);

    assertThat(await(count(pool, "SELECT count(*) FROM hub.route_tickets WHERE ticket_id LIKE '%-dup'"))).isEqualTo(2);
    Row row = await(pool.preparedQuery("SELECT * FROM hub.route_tickets WHERE ticket_id = $1")
        .execute(Tuple.of("call-dup"))).iterator().next();
    assertThat(row.getString("line_id")).isEqualTo("sales");
    assertThat(row.getString("media")).isEqualTo("call");
    assertThat(row.getString("customer")).isEqualTo("+74951234567");
    assertThat(row.getString("outcome")).isEqualTo("handled");
    assertThat(row.getLong("agent_id")).isEqualTo(7L);
    assertThat(instant(row, "arrived_at")).isEqualTo(T0);
    assertThat(instant(row, "assigned_at")).isEqualTo(T0.plusSeconds(12));
    assertThat(instant(row, "ended_at")).isEqualTo(T0.plusSeconds(300));
    assertThat(row.getString("fallback")).isNull();
    assertThat(row.getInteger("offers")).isEqualTo(2);
    Row chat = await(pool.preparedQuery("SELECT * FROM hub.route_tickets WHERE ticket_id = $1")
        .execute(Tuple.of("chat-dup"))).iterator().next();
    assertThat(chat.getString("customer")).isEqualTo("Анна, \"VIP\"");
    assertThat(chat.getString("outcome")).isEqualTo("fell_back");
    assertThat(chat.getString("fallback")).isEqualTo("auto_reply");
    assertThat(chat.getValue("agent_id")).isNull();
  }

  @Test
  void ticketShouldLandOncePerLineWhenCustomerMovesToAnotherLine() {
    publish(new TicketClosed("moved-1", "sales", Media.CALL, null, TicketOutcome.FELL_BACK, null, T0, null,
        T0.plusSeconds(30), FallbackAction.LINE, 1));
    publish(new TicketClosed("moved-1", "support", Media.CALL, null, TicketOutcome.ABANDONED, null,
        T0.plusSeconds(30), null, T0.plusSeconds(50), null, 0));

    assertThat(awaitTickets("ticket_id = 'moved-1'", 2)).isEqualTo(2);
  }

  @Test
  void burstOfClosedTicketsShouldAllLandWhenPublishedAtOnce() {
    int burst = 5_000;
    for (int i = 0; i < burst; i++) {
      publish(ticket("burst-" + i, T0.plusMillis(i)));
    }

    assertThat(until(vertx, () -> count(pool, "SELECT count(*) FROM hub.route_tickets WHERE ticket_id LIKE 'burst-%'"),
        n -> n == burst, 60_000)).isEqualTo(burst);
  }

  @Test
  void presenceShouldEndEachStateWhereNextBeginsWhenStateOrReasonChanges() {
    long agent = AGENTS.incrementAndGet();
    presence(agent, AgentState.AVAILABLE, null, 0, 0, true);
    presence(agent, AgentState.ON_CALL, null, 60, 0, true);
    presence(agent, AgentState.WRAP_UP, null, 120, 0, true);
    awaitPresenceRows(agent, 3);
    // the rest in one batch: each state lasts until the next begins, offline included
    presence(agent, AgentState.AWAY, "lunch", 150, 0, true);
    presence(agent, AgentState.AWAY, "break", 200, 0, true);
    presence(agent, AgentState.AVAILABLE, null, 260, 0, true);
    presence(agent, AgentState.OFFLINE, null, 300, 0, false);

    assertThat(until(vertx, () -> presenceRowsOf(agent), rows -> rows.size() == 6 && !rows.get(5).endsWith("open"),
        10_000)).containsExactly(
        "available/null 0-60", "on_call/null 60-120", "wrap_up/null 120-150", "away/lunch 150-200",
        "away/break 200-260", "available/null 260-300");
  }

  @Test
  void presenceShouldNotOpenRowWhenOnlyChatCountOrRegistrationChanges() {
    long agent = AGENTS.incrementAndGet();
    presence(agent, AgentState.AVAILABLE, null, 0, 0, true);
    presence(agent, AgentState.AVAILABLE, null, 0, 1, true);
    presence(agent, AgentState.AVAILABLE, null, 0, 2, true);
    presence(agent, AgentState.AVAILABLE, null, 0, 2, false);
    presence(agent, AgentState.AWAY, "break", 90, 2, false);
    presence(agent, AgentState.AWAY, "break", 90, 1, false);

    awaitPresenceRows(agent, 2);
    Eventually.pause(vertx, 3 * RoutingJournal.FLUSH_MS);
    assertThat(presenceRows(agent)).containsExactly("available/null 0-90", "away/break 90-open");
  }

  @Test
  void startShouldEndStatesLeftOpenWhenJournalRestarts() {
    long agent = AGENTS.incrementAndGet();
    long stranger = AGENTS.incrementAndGet();
    long gone = AGENTS.incrementAndGet();
    presence(agent, AgentState.AVAILABLE, null, 0, 0, true);
    presence(gone, AgentState.AVAILABLE, null, 0, 0, true);
    presence(gone, AgentState.OFFLINE, null, 30, 0, false);
    awaitPresenceRows(agent, 1);
    awaitPresenceRows(gone, 1);
    Instant startedAt = Instant.now().minusSeconds(3600);
    await(pool.preparedQuery("INSERT INTO hub.presence_log (agent_id, state, started_at) VALUES ($1, 'away', $2)")
        .execute(Tuple.of(stranger, OffsetDateTime.ofInstant(startedAt, java.time.ZoneOffset.UTC))));
    await(vertx.undeploy(deployment));
    Instant beforeRestart = Instant.now();

    deployment = await(vertx.deployVerticle(new RoutingJournal(pool)));

    for (long id : new long[] {agent, stranger}) {
      List<Instant> ends = new ArrayList<>();
      await(pool.preparedQuery("SELECT ended_at FROM hub.presence_spans WHERE agent_id = $1").execute(Tuple.of(id)))
          .forEach(row -> ends.add(instant(row, "ended_at")));
      assertThat(ends).singleElement().satisfies(
          end -> assertThat(end).isBetween(beforeRestart.minusSeconds(1), Instant.now().plusSeconds(1)));
    }
    // an agent already offline gets no second offline row
    assertThat(await(count(pool, "SELECT count(*) FROM hub.presence_log WHERE agent_id = $1", gone))).isEqualTo(2);
    // after the restart the agent counts as offline: the same state starts again, after the restart's
    // end even though the event says it began before it
    presence(agent, AgentState.AVAILABLE, null, 10, 0, true);
    awaitPresenceRows(agent, 2);
    assertThat(presenceRows(agent)).hasSize(2).last().satisfies(row -> assertThat(row).endsWith("-open"));
  }

  @Test
  void presenceShouldKeepOrderOfChangesWhenEventsComeOutOfOrderOrInOneInstant() {
    long agent = AGENTS.incrementAndGet();
    presence(agent, AgentState.AVAILABLE, null, 100, 0, true);
    // stamped before the change it follows, then three in one instant
    presence(agent, AgentState.RINGING, null, 90, 0, true);
    presence(agent, AgentState.ON_CALL, null, 200, 0, true);
    presence(agent, AgentState.WRAP_UP, null, 200, 0, true);
    presence(agent, AgentState.AVAILABLE, null, 200, 0, true);

    awaitPresenceRows(agent, 5);
    List<String> states = new ArrayList<>();
    await(pool.preparedQuery("SELECT state, started_at FROM hub.presence_log WHERE agent_id = $1 ORDER BY started_at")
        .execute(Tuple.of(agent))).forEach(row -> states.add(row.getString("state")));
    assertThat(states).containsExactly("available", "ringing", "on_call", "wrap_up", "available");
    // the late ringing starts a microsecond after available instead of before it
    assertThat(presenceRows(agent)).containsExactly(
        "available/null 100-100", "ringing/null 100-200", "on_call/null 200-200", "wrap_up/null 200-200",
        "available/null 200-open");
  }

  @Test
  void presenceBatchShouldAddNothingWhenWrittenAgain() {
    long agent = AGENTS.incrementAndGet();
    PresenceTrail trail = new PresenceTrail();
    List<PresenceTrail.Change> batch = new ArrayList<>();
    for (AgentState state : List.of(AgentState.AVAILABLE, AgentState.RINGING, AgentState.ON_CALL)) {
      trail.accept(new PresenceChanged(agent, state, null, T0.plusSeconds(5), 0, true)).ifPresent(batch::add);
    }
    PgJournal journal = new PgJournal(pool);

    await(journal.writePresence(batch));
    // a retry after a commit whose answer was lost
    await(journal.writePresence(batch));

    assertThat(await(count(pool, "SELECT count(*) FROM hub.presence_log WHERE agent_id = $1", agent))).isEqualTo(3);
  }

  @Test
  void stopShouldFlushPendingRowsWhenUndeployedBeforeTimerFires() {
    for (int i = 0; i < 3; i++) {
      publish(ticket("stop-" + i, T0));
    }

    await(vertx.undeploy(deployment));
    deployment = null;

    assertThat(await(count(pool, "SELECT count(*) FROM hub.route_tickets WHERE ticket_id LIKE 'stop-%'"))).isEqualTo(3);
    deployment = await(vertx.deployVerticle(new RoutingJournal(pool)));
  }

  @Test
  void flushShouldBeRetriedWhenDatabaseRefusedItForAWhile() {
    await(pool.query("ALTER TABLE hub.route_tickets RENAME TO route_tickets_away").execute());
    try {
      publish(ticket("retry-1", T0));
      publish(ticket("retry-2", T0));
      Eventually.pause(vertx, 4 * RoutingJournal.FLUSH_MS);
    } finally {
      await(pool.query("ALTER TABLE hub.route_tickets_away RENAME TO route_tickets").execute());
    }

    assertThat(awaitTickets("ticket_id LIKE 'retry-%'", 2)).isEqualTo(2);
  }

  private static TicketClosed ticket(String id, Instant arrivedAt) {
    return new TicketClosed(id, "sales", Media.CALL, "+7495", TicketOutcome.ABANDONED, null, arrivedAt, null,
        arrivedAt.plusSeconds(20), null, 1);
  }

  private static void publish(Object event) {
    vertx.eventBus().publish(event instanceof TicketClosed ? RoutingAddresses.CLOSED : RoutingAddresses.PRESENCE_CHANGED,
        event);
  }

  private static void presence(long agent, AgentState state, String reason, int sinceSec, int chats, boolean phone) {
    publish(new PresenceChanged(agent, state, reason, T0.plusSeconds(sinceSec), chats, phone));
  }

  private static long awaitTickets(String where, long expected) {
    return until(vertx, () -> count(pool, "SELECT count(*) FROM hub.route_tickets WHERE " + where),
        n -> n == expected, 10_000);
  }

  private static void awaitPresenceRows(long agent, long expected) {
    until(vertx, () -> count(pool, "SELECT count(*) FROM hub.presence_spans WHERE agent_id = $1", agent),
        n -> n == expected, 10_000);
  }

  /** The agent's rows as {@code state/reason start-end}, in seconds after T0, oldest first. */
  private static List<String> presenceRows(long agent) {
    return await(presenceRowsOf(agent));
  }

  private static io.vertx.core.Future<List<String>> presenceRowsOf(long agent) {
    return pool.preparedQuery("SELECT * FROM hub.presence_spans WHERE agent_id = $1 ORDER BY started_at")
        .execute(Tuple.of(agent)).map(found -> {
          List<String> rows = new ArrayList<>();
          found.forEach(row -> rows.add(row.getString("state") + "/" + row.getString("reason") + " "
            + (instant(row, "started_at").getEpochSecond() - T0.getEpochSecond()) + "-"
            + (row.getValue("ended_at") == null ? "open"
                : String.valueOf(instant(row, "ended_at").getEpochSecond() - T0.getEpochSecond()))));
          return rows;
        });
  }

  private static Instant instant(Row row, String column) {
    OffsetDateTime value = row.getOffsetDateTime(column);
    return value == null ? null : value.toInstant();
  }
}
