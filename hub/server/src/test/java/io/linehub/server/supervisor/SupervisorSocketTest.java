package io.linehub.server.supervisor;

import static io.linehub.server.supervisor.Events.assigned;
import static io.linehub.server.supervisor.Events.offered;
import static io.linehub.server.supervisor.Events.presence;
import static io.linehub.server.supervisor.Events.queued;
import static io.linehub.server.supervisor.LiveClient.await;
import static io.linehub.server.supervisor.LiveClient.failure;
import static org.assertj.core.api.Assertions.assertThat;

import io.linehub.api.routing.AgentState;
import io.linehub.api.routing.RoutingAddresses;
import io.linehub.server.Hub;
import io.linehub.server.config.ConfigLoader;
import io.linehub.testkit.BlockedThreadCounter;
import io.linehub.testkit.TestPostgres;
import io.linehub.testkit.TestVertx;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The wallboard end to end: a whole hub, a real WebSocket client, routing events on the hub's bus. */
@Timeout(120)
class SupervisorSocketTest {

  @TempDir
  static Path dataDir;
  static Hub hub;
  static Vertx clientVertx;
  static WebClient web;
  static WebSocketClient sockets;
  static String admin;
  static String supervisor;
  static String agent;

  @BeforeAll
  static void start() {
    hub = await(Hub.start(ConfigLoader.load(null, Map.of(
        "LINEHUB_HTTP_PORT", "0",
        "LINEHUB_SIP_PORT", "0",
        "LINEHUB_HTTP_INSTANCES", "2",
        "LINEHUB_DATA_DIR", dataDir.toString(),
        "LINEHUB_ADMIN_PASSWORD", "admin-secret-1",
        "LINEHUB_SHUTDOWN_TIMEOUT_SECONDS", "2",
        "LINEHUB_DB_URL", TestPostgres.freshDatabase().url()))));
    clientVertx = TestVertx.create();
    web = WebClient.create(clientVertx, new WebClientOptions().setDefaultHost("localhost").setDefaultPort(hub.httpPort()));
    sockets = clientVertx.createWebSocketClient();
    admin = login("admin", "admin-secret-1");
    supervisor = userToken("sofia", "supervisor");
    agent = userToken("artem", "agent");
  }

  @AfterAll
  static void stop() {
    if (hub != null) {
      await(hub.stop());
    }
    if (clientVertx != null) {
      await(clientVertx.close());
    }
    assertThat(BlockedThreadCounter.reports()).as("event-loop blocked warnings").isEmpty();
  }

  @Test
  void connectShouldBeRefusedWith401WhenTokenIsMissingOrInvalid() {
    Throwable missing = failure(LiveClient.connect(sockets, hub.httpPort(), null));
    Throwable forged = failure(LiveClient.connect(sockets, hub.httpPort(), supervisor.substring(0, supervisor.length() - 3) + "abc"));

    assertThat(missing).isInstanceOf(UpgradeRejectedException.class);
    assertThat(((UpgradeRejectedException) missing).getStatus()).isEqualTo(401);
    assertThat(forged).isInstanceOf(UpgradeRejectedException.class);
    assertThat(((UpgradeRejectedException) forged).getStatus()).isEqualTo(401);
  }

  @Test
  void connectShouldBeRefusedWith403WhenCallerIsAnAgent() {
    Throwable refused = failure(LiveClient.connect(sockets, hub.httpPort(), agent));

    assertThat(refused).isInstanceOf(UpgradeRejectedException.class);
    assertThat(((UpgradeRejectedException) refused).getStatus()).isEqualTo(403);
    assertThat(((UpgradeRejectedException) refused).getBody().toJsonObject().getString("error")).isEqualTo("FORBIDDEN");
  }

  @Test
  void supervisorShouldGetSnapshotThenDeltasInOrderWhenRoutingEventsFlow() {
    EventBus bus = hub.vertx().eventBus();
    Instant t0 = Instant.now();
    bus.publish(RoutingAddresses.QUEUED, queued("early", "live-1", t0));
    bus.publish(RoutingAddresses.PRESENCE_CHANGED, presence(41, AgentState.AVAILABLE, t0));

    try (LiveClient live = await(LiveClient.connect(sockets, hub.httpPort(), supervisor))) {
      JsonObject snapshot = live.next();
      assertThat(snapshot.getString("type")).isEqualTo("snapshot");
      assertThat(snapshot.getJsonArray("tickets").stream().map(t -> ((JsonObject) t).getString("ticketId")))
          .contains("early");
      assertThat(snapshot.getJsonArray("agents").stream().map(a -> ((JsonObject) a).getLong("agentId"))).contains(41L);

      bus.publish(RoutingAddresses.QUEUED, queued("t2", "live-1", t0.plusSeconds(1)));
      bus.publish(RoutingAddresses.OFFERED, offered("t2", "live-1", t0.plusSeconds(21), 41L));
      bus.publish(RoutingAddresses.ASSIGNED, assigned("t2", "live-1", 41, t0.plusSeconds(1), t0.plusSeconds(4)));

      Predicate<JsonObject> onLine = f -> "live-1".equals(f.containsKey("line")
          ? f.getJsonObject("line").getString("lineId") : f.getJsonObject("ticket").getString("lineId"));
      List<JsonObject> frames = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        frames.add(live.next(onLine));
      }
      assertThat(frames).extracting(f -> f.getString("type")).containsExactly("ticket", "line", "ticket", "ticket", "line");
      assertThat(frames).extracting(f -> f.getLong("seq")).isSorted().doesNotHaveDuplicates()
          .allSatisfy(seq -> assertThat(seq).isGreaterThan(snapshot.getLong("seq")));
      assertThat(frames.get(0).getJsonObject("ticket").getString("state")).isEqualTo("queued");
      assertThat(frames.get(1).getJsonObject("line").getInteger("waitingNow")).isEqualTo(2);
      assertThat(frames.get(2).getJsonObject("ticket").getString("state")).isEqualTo("offered");
      assertThat(frames.get(3).getJsonObject("ticket").getString("state")).isEqualTo("assigned");
      JsonObject line = frames.get(4).getJsonObject("line");
      assertThat(line.getInteger("waitingNow")).isEqualTo(1);
      assertThat(line.getInteger("offered")).isEqualTo(2);
      assertThat(line.getInteger("answered")).isEqualTo(1);
      assertThat(line.getDouble("asaSec")).isEqualTo(3.0);
      assertThat(line.getDouble("serviceLevel")).isEqualTo(100.0);
    }
  }

  @Test
  void pingShouldGetPongAndBadFramesAnErrorWhileTheSocketStaysOpen() {
    try (LiveClient live = await(LiveClient.connect(sockets, hub.httpPort(), admin))) {
      assertThat(live.next().getString("type")).isEqualTo("snapshot");
      Predicate<JsonObject> reply = f -> !f.containsKey("seq");

      live.send("not json");
      JsonObject notJson = live.next(reply);
      live.send("{\"type\":\"subscribe\"}");
      JsonObject unknown = live.next(reply);
      live.send(Buffer.buffer(new byte[] {1, 2, 3}));
      JsonObject binary = live.next(reply);
      live.send("{\"type\":\"ping\"}");
      JsonObject pong = live.next(reply);

      for (JsonObject error : List.of(notJson, unknown, binary)) {
        assertThat(error.getInteger("v")).isEqualTo(1);
        assertThat(error.getString("type")).isEqualTo("error");
        assertThat(error.getString("error")).isEqualTo("bad_request");
        assertThat(error.getString("message")).isNotBlank();
      }
      assertThat(pong).isEqualTo(new JsonObject().put("v", 1).put("type", "pong"));
      assertThat(live.ws.isClosed()).isFalse();
    }
  }

  @Test
  void oversizedFrameShouldCloseTheSocketWith1009() {
    try (LiveClient live = await(LiveClient.connect(sockets, hub.httpPort(), supervisor))) {
      assertThat(live.next().getString("type")).isEqualTo("snapshot");

      live.send("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(5000) + "\"}");

      assertThat(live.closeStatus()).isEqualTo((short) 1009);
    }
  }

  @Test
  void restSnapshotShouldEqualTheSocketSnapshotWhenNothingHappensBetween() {
    hub.vertx().eventBus().publish(RoutingAddresses.QUEUED, queued("rest-1", "live-rest", Instant.now()));
    try (LiveClient live = await(LiveClient.connect(sockets, hub.httpPort(), supervisor))) {
      JsonObject fromSocket = live.next();

      var response = await(web.get("/api/v1/supervisor/snapshot").bearerTokenAuthentication(supervisor).send());

      assertThat(response.statusCode()).isEqualTo(200);
      JsonObject fromRest = response.bodyAsJsonObject();
      assertThat(fromRest.getString("now")).isNotNull();
      fromRest.remove("now");
      fromSocket.remove("now");
      assertThat(fromRest).isEqualTo(fromSocket);
      assertThat(fromRest.getJsonArray("lines").stream().map(l -> ((JsonObject) l).getString("lineId")))
          .contains("live-rest");
    }
  }

  @Test
  void restSnapshotShouldBeRefusedWhenCallerIsAnAgentOrAnonymous() {
    var forAgent = await(web.get("/api/v1/supervisor/snapshot").bearerTokenAuthentication(agent).send());
    var anonymous = await(web.get("/api/v1/supervisor/snapshot").send());

    assertThat(forAgent.statusCode()).isEqualTo(403);
    assertThat(anonymous.statusCode()).isEqualTo(401);
  }

  private static String login(String login, String password) {
    var response = await(web.post("/api/v1/auth/login")
        .sendJsonObject(new JsonObject().put("login", login).put("password", password)));
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject().getString("token");
  }

  private static String userToken(String login, String role) {
    var created = await(web.post("/api/v1/users").bearerTokenAuthentication(admin).sendJsonObject(new JsonObject()
        .put("login", login).put("displayName", login).put("role", role).put("password", login + "-pass-1")));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    return login(login, login + "-pass-1");
  }
}
