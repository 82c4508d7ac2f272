package io.linehub.server.lines;

import static org.assertj.core.api.Assertions.assertThat;

import io.linehub.server.RunningHub;
import io.linehub.testkit.BlockedThreadCounter;
import io.linehub.testkit.TestPostgres;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code /api/v1/lines} through a whole running hub: roles, validation, errors, the public hours and the bus event. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LinesApiTest {

  private static final LinkedBlockingQueue<String> CHANGES = new LinkedBlockingQueue<>();

  @TempDir
  static Path dataDir;
  static RunningHub hub;
  static String admin;
  static String agent;
  static long agentId;
  static long otherAgentId;

  @BeforeAll
  static void start() {
    hub = RunningHub.start(dataDir, Map.of("LINEHUB_DB_URL", TestPostgres.freshDatabase().url()));
    RunningHub.await(hub.hub.vertx().eventBus().<String>consumer(LineAddresses.CHANGED, m -> CHANGES.add(m.body()))
        .completion());
    admin = hub.adminToken();
    agentId = newAgent("olga");
    otherAgentId = newAgent("ivan");
    agent = hub.login("olga", "agent-pass-1");
  }

  @AfterAll
  static void stop() {
    if (hub != null) {
      hub.close();
    }
    assertThat(BlockedThreadCounter.reports()).as("event-loop blocked warnings").isEmpty();
  }

  @Test
  void adminShouldCreateReadReplaceAndDeleteLineWhenInputIsValid() {
    JsonObject sales = sales("sales", "+74951234567");

    var created = hub.send("POST", "/api/v1/lines", admin, sales);
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.bodyAsJsonObject()).isEqualTo(sales);
    assertThat(hub.get("/api/v1/lines/sales", admin).bodyAsJsonObject()).isEqualTo(sales);

    JsonObject renamed = sales.copy().put("name", "Sales team").put("strategy", "least_busy");
    renamed.remove("id");
    var replaced = hub.send("PUT", "/api/v1/lines/sales", admin, renamed);
    assertThat(replaced.statusCode()).isEqualTo(200);
    assertThat(replaced.bodyAsJsonObject().getString("name")).isEqualTo("Sales team");
    assertThat(replaced.bodyAsJsonObject().getString("id")).isEqualTo("sales");

    JsonArray queue = new JsonArray().add(member(otherAgentId, 0)).add(member(agentId, 2));
    var members = hub.send("PUT", "/api/v1/lines/sales/members", admin, new JsonObject().put("members", queue));
    assertThat(members.statusCode()).isEqualTo(200);
    assertThat(hub.get("/api/v1/lines/sales", agent).bodyAsJsonObject().getJsonArray("members")).isEqualTo(queue);

    assertThat(hub.send("DELETE", "/api/v1/lines/sales", admin, null).statusCode()).isEqualTo(204);
    assertThat(hub.get("/api/v1/lines/sales", admin).statusCode()).isEqualTo(404);
  }

  @Test
  void agentShouldReadLinesButGet403OnEveryWrite() {
    hub.send("POST", "/api/v1/lines", admin, sales("support", null));

    var list = hub.get("/api/v1/lines?limit=10", agent);
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(list.bodyAsJsonObject().getJsonArray("items").stream().map(l -> ((JsonObject) l).getString("id")))
        .contains("support");
    assertThat(hub.get("/api/v1/lines/support", agent).statusCode()).isEqualTo(200);
    for (var write : List.of(
        hub.send("POST", "/api/v1/lines", agent, sales("mine", null)),
        hub.send("PUT", "/api/v1/lines/support", agent, sales("support", null)),
        hub.send("PUT", "/api/v1/lines/support/members", agent, new JsonObject().put("members", new JsonArray())),
        hub.send("DELETE", "/api/v1/lines/support", agent, null))) {
      assertThat(write.statusCode()).isEqualTo(403);
      assertThat(write.bodyAsJsonObject().getString("error")).isEqualTo("FORBIDDEN");
    }
    assertThat(hub.get("/api/v1/lines/support", agent).statusCode()).isEqualTo(200);
  }

  @Test
  void writesShouldAnswer400NamingTheFieldWhenInputIsInvalid() {
    JsonObject stranger = sales("bad", null);
    stranger.getJsonArray("members").add(member(424_242, 0));
    JsonObject badHours = sales("bad", null);
    badHours.getJsonObject("hours").getJsonObject("week").put("mon", new JsonArray().add("10-19"));
    hub.send("POST", "/api/v1/lines", admin, sales("billing", null));

    assertThat(message(hub.send("POST", "/api/v1/lines", admin, stranger), 400))
        .isEqualTo("members[2].userId: user 424242 does not exist or is not active");
    assertThat(message(hub.send("POST", "/api/v1/lines", admin, badHours), 400)).startsWith("hours.week.mon[0]:");
    assertThat(message(hub.send("POST", "/api/v1/lines", admin, sales("bad", null).put("maxChat", 3)), 400))
        .isEqualTo("maxChat: unknown field");
    assertThat(message(hub.send("PUT", "/api/v1/lines/billing", admin, sales("other", null)), 400)).startsWith("id:");
    assertThat(message(hub.send("PUT", "/api/v1/lines/billing/members", admin,
        new JsonObject().put("members", new JsonArray().add(member(agentId, 10)))), 400)).startsWith("members[0].tier:");
    assertThat(hub.get("/api/v1/lines/bad", admin).statusCode()).isEqualTo(404);
  }

  @Test
  void writesShouldAnswer404WhenLineIsMissingAnd409WhenTakenOrReferenced() {
    hub.send("POST", "/api/v1/lines", admin, sales("night", "+74951110000"));
    JsonObject overflow = sales("overflow", null)
        .put("noAnswer", new JsonObject().put("action", "line").put("target", "night"));
    assertThat(hub.send("POST", "/api/v1/lines", admin, overflow).statusCode()).isEqualTo(201);

    message(hub.get("/api/v1/lines/nowhere", admin), 404);
    message(hub.send("PUT", "/api/v1/lines/nowhere", admin, sales("nowhere", null)), 404);
    message(hub.send("PUT", "/api/v1/lines/nowhere/members", admin, new JsonObject().put("members", new JsonArray())), 404);
    message(hub.send("DELETE", "/api/v1/lines/nowhere", admin, null), 404);
    assertThat(message(hub.send("POST", "/api/v1/lines", admin, sales("night", null)), 409)).startsWith("id:");
    assertThat(message(hub.send("POST", "/api/v1/lines", admin, sales("day", "+74951110000")), 409))
        .isEqualTo("did: +74951110000 is already the number of line night");
    assertThat(message(hub.send("DELETE", "/api/v1/lines/night", admin, null), 409)).contains("overflow");
  }

  @Test
  void hoursNowShouldAnswerWithoutTokenFromTheStoredHours() {
    hub.send("POST", "/api/v1/lines", admin, sales("widget", null));
    JsonObject closed = sales("closed", null).put("hours", new JsonObject().put("timeZone", "Asia/Tokyo")
        .put("week", new JsonObject().put("sun", new JsonArray())));
    hub.send("POST", "/api/v1/lines", admin, closed);
    WorkingHours hours = LineJson.decode(sales("widget", null)).hours();

    Instant before = Instant.now();
    var widget = hub.get("/api/v1/lines/widget/hours/now", null);
    Instant after = Instant.now();
    var never = hub.get("/api/v1/lines/closed/hours/now", null);

    assertThat(widget.statusCode()).isEqualTo(200);
    assertThat(widget.getHeader("cache-control")).isEqualTo("no-store");
    assertThat(List.of(expected("widget", hours.status(before)), expected("widget", hours.status(after))))
        .contains(widget.bodyAsJsonObject());
    assertThat(never.bodyAsJsonObject()).isEqualTo(new JsonObject()
        .put("lineId", "closed").put("open", false).putNull("until").put("timeZone", "Asia/Tokyo"));
    message(hub.get("/api/v1/lines/nowhere/hours/now", null), 404);
    assertThat(hub.get("/api/v1/lines/widget", null).statusCode()).isEqualTo(401);
  }

  @Test
  void everyWriteShouldPublishTheLineIdOnLinesChanged() throws InterruptedException {
    hub.send("POST", "/api/v1/lines", admin, sales("events", null));
    hub.send("PUT", "/api/v1/lines/events", admin, sales("events", null).put("name", "Events"));
    hub.send("PUT", "/api/v1/lines/events/members", admin, new JsonObject().put("members", new JsonArray()));
    hub.send("DELETE", "/api/v1/lines/events", admin, null);
    hub.send("DELETE", "/api/v1/lines/events", admin, null); // 404: no event

    assertThat(changesOf("events", 5)).hasSize(4);
  }

  private static JsonObject expected(String id, WorkingHours.Status status) {
    return new JsonObject().put("lineId", id).put("open", status.open())
        .put("until", status.until() == null ? null : status.until().toString()).put("timeZone", "Europe/Moscow");
  }

  /** The next changes carrying {@code id}, up to {@code max}, waiting at most 3 s for each. */
  private static List<String> changesOf(String id, int max) throws InterruptedException {
    List<String> seen = new ArrayList<>();
    String next;
    while (seen.size() < max && (next = CHANGES.poll(3, TimeUnit.SECONDS)) != null) {
      if (next.equals(id)) {
        seen.add(next);
      }
    }
    return seen;
  }

  /** The brief's example with this test's users: every field set. */
  private static JsonObject sales(String id, String did) {
    JsonObject json = new JsonObject(LineJsonTest.SALES).put("id", id).put("did", did).put("responsibleUserId", 1)
        .put("members", new JsonArray().add(member(agentId, 0)).add(member(otherAgentId, 1)));
    json.getJsonObject("hours").put("holidays", new JsonArray());
    return json;
  }

  private static JsonObject member(long userId, int tier) {
    return new JsonObject().put("userId", userId).put("tier", tier);
  }

  private static String message(HttpResponse<Buffer> response, int status) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
    return response.bodyAsJsonObject().getString("message");
  }

  private static long newAgent(String login) {
    var created = hub.send("POST", "/api/v1/users", admin, new JsonObject().put("login", login)
        .put("displayName", login).put("role", "agent").put("password", "agent-pass-1"));
    return created.bodyAsJsonObject().getLong("id");
  }
}
