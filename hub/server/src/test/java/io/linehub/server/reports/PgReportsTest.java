package io.linehub.server.reports;

import static io.linehub.server.reports.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.linehub.api.web.Csv;
import io.linehub.api.web.ReportWindow;
import io.linehub.testkit.BlockedThreadCounter;
import io.linehub.testkit.TestPostgres;
import io.linehub.testkit.TestVertx;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every report over one seeded day, 2026-03-02, with figures worked out by hand. Agent 998 and 999
 * have no user row. "Now" is 2026-03-02 18:00 UTC.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PgReportsTest {

  private static final Clock NOW = Clock.fixed(Instant.parse("2026-03-02T18:00:00Z"), ZoneOffset.UTC);
  private static final ReportWindow DAY = ReportWindow.parse("2026-03-02", null, null, NOW);
  private static Vertx vertx;
  private static Pool pool;
  private static PgReports reports;
  private static long anna;
  private static long boris;

  @BeforeAll
  static void seed() {
    vertx = TestVertx.create();
    // crm too: the missed calls carry their call-back activity from crm.activities
    pool = TestPostgres.freshDatabase("hub", "crm").pool(vertx, 2);
    reports = new PgReports(pool, NOW);
    anna = user("anna", "Anna Smirnova");
    boris = user("boris", "Борис, \"старший\"");
    // ticket, line, media, outcome, agent, arrived, assigned, ended, fallback (times on 2026-03-02 unless dated)
    // support has a service level of its own (3 s); sales is not a line (any more): 20 s
    await(pool.query("INSERT INTO hub.lines (id, name, strategy, call_offer_sec, chat_offer_sec, max_wait_sec, "
        + "wrap_up_sec, max_chats, no_answer, out_of_hours, hours, service_level_sec) VALUES ('support', 'Support', "
        + "'evenly', 20, 60, 600, 0, 3, '{}', '{}', '{}', 3)").execute());
    ticket("s1", "sales", "call", "handled", anna, "09:00:00", "09:00:10", "09:05:10", null);
    ticket("s2", "sales", "call", "handled", boris, "10:00:00", "10:00:30.25", "10:02:30", null);
    ticket("s3", "sales", "call", "abandoned", null, "10:30:00", null, "10:30:45", null);
    ticket("s4", "sales", "call", "fell_back", null, "11:00:00", null, "11:01:00", "voicemail");
    ticket("s5", "sales", "call", "fell_back", null, "12:00:00", null, "12:00:20", "line");
    ticket("s5", "support", "call", "handled", boris, "12:00:20", "12:00:25", "12:10:25", null);
    // arrived the evening before (counted for the agent, whose work ended on the 2nd, not for the line)
    ticket("s6", "sales", "call", "handled", anna, "2026-03-01T23:59:59", "00:00:05", "00:03:05", null);
    // arrived exactly at the window's end: outside
    ticket("s7", "sales", "call", "abandoned", null, "2026-03-03T00:00:00", null, "2026-03-03T00:01:00", null);
    ticket("c1", "support", "chat", "handled", anna, "13:00:00", "13:00:02", "13:20:02", null);
    ticket("c2", "support", "chat", "abandoned", null, "14:00:00", null, "14:10:00", null);
    ticket("c3", "vip", "chat", "handled", 999L, "20:30:00", "20:30:04", "20:40:04", null);
    // agent, state, reason, started, ended (null = open)
    presence(anna, "available", null, "2026-03-01T22:00:00", "01:00:00");
    presence(anna, "on_call", null, "01:00:00", "01:10:00");
    presence(anna, "away", "lunch", "01:10:00", "02:10:00");
    presence(anna, "available", null, "02:10:00", "02:20:00");
    presence(anna, "away", "break", "02:20:00", "02:35:00");
    presence(anna, "available", null, "17:30:00", null);
    presence(boris, "ringing", null, "2026-03-01T10:00:00", "2026-03-01T11:00:00");
    presence(boris, "wrap_up", null, "23:50:00", "2026-03-03T00:20:00");
    presence(998L, "away", "meeting", "2026-03-01T00:00:00", "2026-03-04T00:00:00");
    presence(999L, "on_call", null, "05:00:00", "05:00:30.5");
  }

  @AfterAll
  static void close() {
    await(pool.close());
    await(vertx.close());
    assertThat(BlockedThreadCounter.reports()).as("event-loop blocked warnings").isEmpty();
  }

  @Test
  void linesShouldCountArrivalsPerLineAndMediaWhenTicketsEndedEveryWay() {
    Csv.Table table = await(reports.lines(DAY, 20));

    assertThat(table.columns()).containsExactly("lineId", "media", "offered", "handled", "abandoned", "fellBack",
        "answeredWithinSla", "slaSec", "avgWaitSec", "avgHandleSec", "maxWaitSec");
    assertThat(encoded(table)).containsExactly(
        "{\"lineId\":\"sales\",\"media\":\"call\",\"offered\":5,\"handled\":2,\"abandoned\":1,\"fellBack\":2,"
            + "\"answeredWithinSla\":1,\"slaSec\":20,\"avgWaitSec\":20.1,\"avgHandleSec\":209.9,\"maxWaitSec\":60.0}",
        "{\"lineId\":\"support\",\"media\":\"call\",\"offered\":1,\"handled\":1,\"abandoned\":0,\"fellBack\":0,"
            + "\"answeredWithinSla\":1,\"slaSec\":20,\"avgWaitSec\":5.0,\"avgHandleSec\":600.0,\"maxWaitSec\":5.0}",
        "{\"lineId\":\"support\",\"media\":\"chat\",\"offered\":2,\"handled\":1,\"abandoned\":1,\"fellBack\":0,"
            + "\"answeredWithinSla\":1,\"slaSec\":20,\"avgWaitSec\":2.0,\"avgHandleSec\":1200.0,\"maxWaitSec\":600.0}",
        "{\"lineId\":\"vip\",\"media\":\"chat\",\"offered\":1,\"handled\":1,\"abandoned\":0,\"fellBack\":0,"
            + "\"answeredWithinSla\":1,\"slaSec\":20,\"avgWaitSec\":4.0,\"avgHandleSec\":600.0,\"maxWaitSec\":4.0}");
  }

  @Test
  void linesShouldCountWaitEqualToSlaAsAnsweredWhenSlaChanges() {
    // sales/call handled waits: 10 s and 30.25 s
    assertThat(withinSla(9)).isZero();
    assertThat(withinSla(10)).isEqualTo(1);
    assertThat(withinSla(30)).isEqualTo(1);
    assertThat(withinSla(31)).isEqualTo(2);
  }

  @Test
  void linesShouldUseEachLinesOwnServiceLevelWhenNoSlaIsAsked() {
    Csv.Table table = await(reports.lines(DAY, null));

    // support: the call waited 5 s and the chat 2 s, against support's 3 s
    assertThat(table.rows().stream().map(r -> List.of(r.getString("lineId"), r.getString("media"),
        r.getLong("answeredWithinSla"), r.getLong("slaSec"))).toList()).containsExactly(
            List.of("sales", "call", 1L, 20L),
            List.of("support", "call", 0L, 3L),
            List.of("support", "chat", 1L, 3L),
            List.of("vip", "chat", 1L, 20L));
  }

  private static long withinSla(int sla) {
    return await(reports.lines(DAY, sla)).rows().get(0).getLong("answeredWithinSla");
  }

  @Test
  void agentsShouldSumHandledWorkByEndWithUserNamesWhenUsersExist() {
    Csv.Table table = await(reports.agents(DAY));

    assertThat(encoded(table)).containsExactly(
        "{\"agentId\":" + anna + ",\"login\":\"anna\",\"displayName\":\"Anna Smirnova\",\"media\":\"call\","
            + "\"handled\":2,\"avgHandleSec\":240.0,\"totalHandleSec\":480.0}",
        "{\"agentId\":" + anna + ",\"login\":\"anna\",\"displayName\":\"Anna Smirnova\",\"media\":\"chat\","
            + "\"handled\":1,\"avgHandleSec\":1200.0,\"totalHandleSec\":1200.0}",
        "{\"agentId\":" + boris + ",\"login\":\"boris\",\"displayName\":\"Борис, \\\"старший\\\"\",\"media\":\"call\","
            + "\"handled\":2,\"avgHandleSec\":359.9,\"totalHandleSec\":719.8}",
        "{\"agentId\":999,\"login\":null,\"displayName\":null,\"media\":\"chat\","
            + "\"handled\":1,\"avgHandleSec\":600.0,\"totalHandleSec\":600.0}");
  }

  @Test
  void hoursShouldBucketByLocalHourWhenZoneIsAheadOfUtc() {
    ReportWindow moscowDay = ReportWindow.parse("2026-03-02", null, "Europe/Moscow", NOW);

    Csv.Table table = await(reports.hours(moscowDay, null));

    assertThat(table.columns()).containsExactly("lineId", "media", "hour", "offered", "handled", "abandoned",
        "fellBack", "answeredWithinSla", "slaSec");
    assertThat(table.rows().stream().map(r -> List.of(r.getString("lineId"), r.getString("media"), r.getInteger("hour"),
        r.getLong("offered"), r.getLong("handled"), r.getLong("abandoned"), r.getLong("fellBack"),
        r.getLong("answeredWithinSla"), r.getLong("slaSec"))).toList())
        .containsExactly(
            List.of("sales", "call", 2, 1L, 1L, 0L, 0L, 1L, 20L),
            List.of("sales", "call", 12, 1L, 1L, 0L, 0L, 1L, 20L),
            List.of("sales", "call", 13, 2L, 1L, 1L, 0L, 0L, 20L),
            List.of("sales", "call", 14, 1L, 0L, 0L, 1L, 0L, 20L),
            List.of("sales", "call", 15, 1L, 0L, 0L, 1L, 0L, 20L),
            List.of("support", "call", 15, 1L, 1L, 0L, 0L, 0L, 3L),
            List.of("support", "chat", 16, 1L, 1L, 0L, 0L, 1L, 3L),
            List.of("support", "chat", 17, 1L, 0L, 1L, 0L, 0L, 3L),
            List.of("vip", "chat", 23, 1L, 1L, 0L, 0L, 1L, 20L));
    assertThat(await(reports.hours(moscowDay, 60)).rows()).as("an asked sla over the lines' own")
        .allSatisfy(r -> assertThat(r.getLong("slaSec")).isEqualTo(60L));
  }

  @Test
  void missedShouldListAbandonedAndFallenBackCallsNewestFirstWhenNotMovedToAnotherLine() {
    // s3's call-back in the CRM, done; another activity with the same id on another channel is not it
    long callback = await(pool.preparedQuery("INSERT INTO crm.activities (kind, status, channel, external_id, "
            + "responsible_user_id, due_at, completed_at, result) VALUES ('callback', 'done', 'phone', 's3', $1, "
            + "'2026-03-02T12:00:00Z', '2026-03-02T11:45:00Z', 'called back') RETURNING id")
        .execute(io.vertx.sqlclient.Tuple.of(anna))).iterator().next().getLong(0);
    await(pool.query("INSERT INTO crm.activities (kind, status, channel, external_id) "
        + "VALUES ('openline', 'open', 'telegram', 's4')").execute());

    Csv.Table table = await(reports.missed(DAY, 100));

    assertThat(encoded(table)).containsExactly(
        "{\"ticketId\":\"s4\",\"lineId\":\"sales\",\"customer\":\"+7495 s4\",\"outcome\":\"fell_back\","
            + "\"arrivedAt\":\"2026-03-02T11:00:00Z\",\"waitSec\":60.0,\"fallback\":\"voicemail\","
            + "\"callbackId\":null,\"callbackStatus\":null,\"callbackResponsibleUserId\":null,"
            + "\"callbackDueAt\":null,\"callbackCompletedAt\":null,\"callbackResult\":null}",
        "{\"ticketId\":\"s3\",\"lineId\":\"sales\",\"customer\":\"+7495 s3\",\"outcome\":\"abandoned\","
            + "\"arrivedAt\":\"2026-03-02T10:30:00Z\",\"waitSec\":45.0,\"fallback\":null,"
            + "\"callbackId\":" + callback + ",\"callbackStatus\":\"done\",\"callbackResponsibleUserId\":" + anna
            + ",\"callbackDueAt\":\"2026-03-02T12:00:00Z\",\"callbackCompletedAt\":\"2026-03-02T11:45:00Z\","
            + "\"callbackResult\":\"called back\"}");
    assertThat(encoded(await(reports.missed(DAY, 1)))).hasSize(1).first().asString().contains("\"s4\"");
  }

  @Test
  void statesShouldClipRowsToWindowAndCountOpenRowUntilNowWhenRowsCrossItsEdges() {
    Csv.Table table = await(reports.states(DAY));

    assertThat(table.columns()).containsExactly("agentId", "login", "displayName", "state", "reason", "seconds");
    assertThat(table.rows().stream().map(r -> r.getValue("agentId") + " " + r.getString("state") + "/"
        + r.getString("reason") + " " + r.getValue("seconds")).toList()).containsExactly(
            anna + " available/null 6000.0",
            anna + " away/break 900.0",
            anna + " away/lunch 3600.0",
            anna + " on_call/null 600.0",
            boris + " wrap_up/null 600.0",
            "998 away/meeting 86400.0",
            "999 on_call/null 30.5");
  }

  @Test
  void reportsShouldBeEmptyWhenWindowHoldsNothing() {
    ReportWindow empty = ReportWindow.parse("2025-01-01", null, null, NOW);

    assertThat(await(reports.lines(empty, 20)).rows()).isEmpty();
    assertThat(await(reports.lines(empty, 20)).columns()).hasSize(11);
    assertThat(await(reports.states(empty)).rows()).isEmpty();
  }

  private static List<String> encoded(Csv.Table table) {
    return table.rows().stream().map(JsonObject::encode).toList();
  }

  private static long user(String login, String name) {
    return await(pool.preparedQuery("INSERT INTO hub.users (login, display_name, role, password_hash) "
        + "VALUES ($1, $2, 'agent', 'x') RETURNING id").execute(io.vertx.sqlclient.Tuple.of(login, name)))
        .iterator().next().getLong(0);
  }

  private static void ticket(String id, String line, String media, String outcome, Long agent, String arrived,
      String assigned, String ended, String fallback) {
    await(pool.preparedQuery("INSERT INTO hub.route_tickets (ticket_id, line_id, media, customer, outcome, agent_id, "
            + "arrived_at, assigned_at, ended_at, fallback, offers) "
            + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 1)")
        .execute(io.vertx.sqlclient.Tuple.tuple().addString(id).addString(line).addString(media)
            .addString("+7495 " + id).addString(outcome).addLong(agent).addOffsetDateTime(at(arrived))
            .addOffsetDateTime(at(assigned)).addOffsetDateTime(at(ended)).addString(fallback)));
  }

  /**
   * The agent's change to {@code state} at {@code started} and, when {@code ended} is given, to
   * offline then, unless the agent's next state begins at that moment (a state replaces an offline
   * that ends at its start, whichever is written first).
   */
  private static void presence(long agent, String state, String reason, String started, String ended) {
    await(pool.preparedQuery("INSERT INTO hub.presence_log (agent_id, state, reason, started_at) VALUES ($1, $2, $3, $4) "
            + "ON CONFLICT (agent_id, started_at) DO UPDATE SET state = excluded.state, reason = excluded.reason "
            + "WHERE presence_log.state = 'offline'")
        .execute(io.vertx.sqlclient.Tuple.tuple().addLong(agent).addString(state).addString(reason)
            .addOffsetDateTime(at(started))));
    if (ended != null) {
      await(pool.preparedQuery("INSERT INTO hub.presence_log (agent_id, state, started_at) VALUES ($1, 'offline', $2) "
              + "ON CONFLICT (agent_id, started_at) DO NOTHING")
          .execute(io.vertx.sqlclient.Tuple.tuple().addLong(agent).addOffsetDateTime(at(ended))));
    }
  }

  /** "HH:mm:ss" on 2026-03-02, or a full local date-time, both UTC. */
  private static java.time.OffsetDateTime at(String time) {
    if (time == null) {
      return null;
    }
    return java.time.OffsetDateTime.parse((time.length() <= 12 ? "2026-03-02T" + time : time) + "Z");
  }
}
