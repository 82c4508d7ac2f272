package io.linehub.server.reports;

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
import io.linehub.server.RunningHub;
import io.linehub.testkit.BlockedThreadCounter;
import io.linehub.testkit.TestPostgres;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The reports over HTTP on a whole hub, fed through the bus the way routing feeds them. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ReportsApiTest {

  private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
  private static final String DAY = "from=2026-03-02&to=2026-03-03";

  @TempDir
  static Path dataDir;
  static RunningHub hub;
  static String supervisor;
  static String agent;
  static long olga;

  @BeforeAll
  static void start() {
    hub = RunningHub.start(dataDir, Map.of("LINEHUB_DB_URL", TestPostgres.freshDatabase().url()));
    String admin = hub.adminToken();
    createUser(admin, "sveta", "Svetlana", "supervisor");
    olga = createUser(admin, "olga", "Ольга, \"старшая\"", "agent");
    supervisor = hub.login("sveta", "sveta-pass-1");
    agent = hub.login("olga", "olga-pass-1");
    publish(RoutingAddresses.CLOSED, new TicketClosed("call-1", "sales", Media.CALL, "+74951234567",
        TicketOutcome.HANDLED, olga, T0, T0.plusSeconds(15), T0.plusSeconds(315), null, 1));
    publish(RoutingAddresses.CLOSED, new TicketClosed("call-2", "sales", Media.CALL, "Ivanov, Ivan",
        TicketOutcome.FELL_BACK, null, T0.plusSeconds(3600), null, T0.plusSeconds(3690), FallbackAction.VOICEMAIL, 2));
    publish(RoutingAddresses.PRESENCE_CHANGED, new PresenceChanged(olga, AgentState.AVAILABLE, null, T0, 0, true));
    publish(RoutingAddresses.PRESENCE_CHANGED, new PresenceChanged(olga, AgentState.ON_CALL, null,
        T0.plusSeconds(15), 0, true));
    until(hub.clientVertx, () -> count(hub.hub.pool(), "SELECT (SELECT count(*) FROM hub.route_tickets) "
        + "+ (SELECT count(*) FROM hub.presence_spans WHERE ended_at IS NOT NULL)"), n -> n == 3, 20_000);
  }

  @AfterAll
  static void stop() {
    if (hub != null) {
      hub.close();
    }
    assertThat(BlockedThreadCounter.reports()).as("event-loop blocked warnings").isEmpty();
  }

  @Test
  void linesShouldAnswerJsonWithWindowWhenSupervisorAsks() {
    var response = hub.get("/api/v1/reports/lines?" + DAY + "&sla=15", supervisor);

    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    assertThat(response.getHeader("content-type")).isEqualTo("application/json; charset=utf-8");
    assertThat(response.bodyAsJsonObject()).isEqualTo(new JsonObject()
        .put("from", "2026-03-02T00:00:00Z").put("to", "2026-03-03T00:00:00Z").put("tz", "UTC")
        .put("rows", new JsonArray().add(new JsonObject().put("lineId", "sales").put("media", "call")
            .put("offered", 2).put("handled", 1).put("abandoned", 0).put("fellBack", 1).put("answeredWithinSla", 1)
            .put("slaSec", 15).put("avgWaitSec", 15.0).put("avgHandleSec", 300.0).put("maxWaitSec", 90.0))));
  }

  @Test
  void agentsAndStatesShouldNameAgentFromUsersWhenAdminAsks() {
    JsonObject agents = ok(hub.get("/api/v1/reports/agents?" + DAY, hub.adminToken()));
    JsonObject states = ok(hub.get("/api/v1/reports/states?from=2026-03-02T09:00:00Z&to=2026-03-02T10:00:00Z",
        supervisor));

    assertThat(agents.getJsonArray("rows")).containsExactly(new JsonObject().put("agentId", olga)
        .put("login", "olga").put("displayName", "Ольга, \"старшая\"").put("media", "call").put("handled", 1)
        .put("avgHandleSec", 300.0).put("totalHandleSec", 300.0));
    assertThat(states.getJsonArray("rows")).containsExactly(
        new JsonObject().put("agentId", olga).put("login", "olga").put("displayName", "Ольга, \"старшая\"")
            .put("state", "available").putNull("reason").put("seconds", 15.0),
        new JsonObject().put("agentId", olga).put("login", "olga").put("displayName", "Ольга, \"старшая\"")
            .put("state", "on_call").putNull("reason").put("seconds", 3585.0));
  }

  @Test
  void missedShouldAnswerCsvDownloadWhenFormatIsCsv() {
    var response = hub.get("/api/v1/reports/missed?" + DAY + "&format=csv", supervisor);

    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    assertThat(response.getHeader("content-type")).isEqualTo("text/csv; charset=utf-8");
    assertThat(response.getHeader("content-disposition")).isEqualTo("attachment; filename=\"missed-2026-03-02.csv\"");
    assertThat(response.bodyAsString()).isEqualTo("ticketId,lineId,customer,outcome,arrivedAt,waitSec,fallback,"
        + "callbackId,callbackStatus,callbackResponsibleUserId,callbackDueAt,callbackCompletedAt,callbackResult\r\n"
        + "call-2,sales,\"Ivanov, Ivan\",fell_back,2026-03-02T10:00:00Z,90.0,voicemail,,,,,,\r\n");
  }

  @Test
  void agentsShouldAnswerCsvWhenAcceptAsksForItAndNameFileByLocalDate() {
    var response = await(hub.client.get("/api/v1/reports/agents?from=2026-03-02&tz=Asia/Vladivostok")
        .bearerTokenAuthentication(supervisor).putHeader("accept", "text/csv").send());

    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    assertThat(response.getHeader("content-disposition")).isEqualTo("attachment; filename=\"agents-2026-03-02.csv\"");
    // Vladivostok's 2026-03-02 ends at 14:00 UTC: the call that ended at 09:05 UTC is in it
    assertThat(response.bodyAsString()).isEqualTo(
        "agentId,login,displayName,media,handled,avgHandleSec,totalHandleSec\r\n"
            + olga + ",olga,\"Ольга, \"\"старшая\"\"\",call,1,300.0,300.0\r\n");
  }

  @Test
  void hoursShouldAnswerHeaderOnlyCsvWhenWindowIsEmpty() {
    var response = hub.get("/api/v1/reports/hours?from=2025-01-01&format=csv", supervisor);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.bodyAsString())
        .isEqualTo("lineId,media,hour,offered,handled,abandoned,fellBack,answeredWithinSla,slaSec\r\n");
  }

  @Test
  void leadsReportShouldBeServedByCrmLinkWhenHubMountsItsRoutes() {
    JsonObject body = ok(hub.get("/api/v1/reports/leads?" + DAY + "&tz=Europe/Moscow", supervisor));

    assertThat(body.getString("from")).isEqualTo("2026-03-01T21:00:00Z");
    assertThat(body.getJsonArray("rows")).isEmpty();
  }

  @Test
  void reportsShouldCoverTodayWhenNoWindowIsGiven() {
    JsonObject body = ok(hub.get("/api/v1/reports/hours", supervisor));

    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    assertThat(body.getString("from")).isIn(today + "T00:00:00Z", today.minusDays(1) + "T00:00:00Z");
    assertThat(Instant.parse(body.getString("to"))).isEqualTo(Instant.parse(body.getString("from")).plusSeconds(86_400));
  }

  @Test
  void reportsShouldAnswer403WhenCallerIsAgent() {
    for (String report : new String[] {"lines", "agents", "hours", "missed", "states", "leads"}) {
      var response = hub.get("/api/v1/reports/" + report, agent);

      assertThat(response.statusCode()).as(report).isEqualTo(403);
      assertThat(response.bodyAsJsonObject().getString("error")).isEqualTo("FORBIDDEN");
    }
    assertThat(hub.get("/api/v1/reports/lines", null).statusCode()).isEqualTo(401);
  }

  @Test
  void reportsShouldAnswer400NamingFieldWhenParametersAreBad() {
    assertBadRequest("lines?from=2026-03-02&to=2026-03-01", "to: must be after from");
    assertBadRequest("states?from=2026-03-02&to=2026-03-02", "to: must be after from");
    assertBadRequest("agents?from=2025-01-01&to=2026-01-03", "to: a report covers at most 366 days");
    assertBadRequest("hours?from=monday", "from: must be an ISO date such as 2026-03-01 or an instant such as "
        + "2026-03-01T09:00:00Z");
    assertBadRequest("hours?tz=Moscow", "tz: must be an IANA time zone such as Europe/Moscow");
    assertBadRequest("lines?sla=-1", "sla: must be between 0 and 86400");
    assertBadRequest("missed?limit=1001", "limit: must be between 1 and 1000");
    assertBadRequest("missed?limit=ten", "limit: invalid value");
    assertBadRequest("lines?format=xlsx", "format: must be one of json, csv");
  }

  private static void assertBadRequest(String pathAndQuery, String message) {
    var response = hub.get("/api/v1/reports/" + pathAndQuery, supervisor);

    assertThat(response.statusCode()).as(pathAndQuery).isEqualTo(400);
    assertThat(response.bodyAsJsonObject().getString("error")).isEqualTo("BAD_REQUEST");
    assertThat(response.bodyAsJsonObject().getString("message")).as(pathAndQuery).isEqualTo(message);
  }

  private static JsonObject ok(HttpResponse<Buffer> response) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject();
  }

  private static long createUser(String admin, String login, String name, String role) {
    var created = hub.send("POST", "/api/v1/users", admin, new JsonObject().put("login", login)
        .put("displayName", name).put("role", role).put("password", login + "-pass-1"));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    return created.bodyAsJsonObject().getLong("id");
  }

  private static void publish(String address, Object event) {
    hub.hub.vertx().eventBus().publish(address, event);
  }

  private static <T> T await(io.vertx.core.Future<T> future) {
    return RunningHub.await(future);
  }
}
