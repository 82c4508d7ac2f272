package io.linehub.server.supervisor;

import static io.linehub.server.supervisor.LiveClient.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.linehub.api.supervisor.SupervisorAddresses;
import io.linehub.server.RunningHub;
import io.linehub.testkit.BlockedThreadCounter;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The wallboard's socket fed by real routing: a line, an agent and a customer, all over REST. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LiveRoutingTest {

  @TempDir
  static Path dataDir;
  private static RunningHub hub;
  private static WebSocketClient sockets;

  @BeforeAll
  static void start() {
    hub = RunningHub.start(dataDir, Map.of());
    sockets = hub.clientVertx.createWebSocketClient();
  }

  @AfterAll
  static void stop() {
    hub.close();
    assertThat(BlockedThreadCounter.reports()).as("event-loop blocked warnings").isEmpty();
  }

  @Test
  void supervisorShouldSeeTheAgentTheCustomerAndTheLineChangeAsRoutingWorks() {
    String admin = hub.adminToken();
    long agentId = agent(admin, "olga", "Olga");
    String agent = hub.login("olga", "olga-pass-1");
    assertThat(hub.send("POST", "/api/v1/lines", admin, new JsonObject().put("id", "wall").put("name", "Wallboard")
        .put("strategy", "evenly").put("members", new JsonArray().add(new JsonObject().put("userId", agentId))))
        .statusCode()).isEqualTo(201);

    try (LiveClient live = await(LiveClient.connect(sockets, hub.hub.httpPort(), admin))) {
      assertThat(live.next().getString("type")).isEqualTo("snapshot");
      hub.send("PUT", "/api/v1/agents/me/state", agent, new JsonObject().put("state", "available"));
      JsonObject available = live.next(f -> "agent".equals(f.getString("type"))
          && "available".equals(f.getJsonObject("agent").getString("state")));
      assertThat(available.getJsonObject("agent").getLong("agentId")).isEqualTo(agentId);

      // The line may reach routing a moment after the REST write: retry the arrival until it is known.
      int status = 404;
      for (int i = 0; i < 100 && status == 404; i++) {
        status = hub.send("POST", "/api/v1/routing/tickets", admin, new JsonObject().put("ticketId", "wall-1")
            .put("lineId", "wall").put("media", "chat").put("channel", "telegram").put("customer", "Vera")).statusCode();
      }
      assertThat(status).isEqualTo(201);
      JsonObject offered = live.next(f -> "ticket".equals(f.getString("type"))
          && "offered".equals(f.getJsonObject("ticket").getString("state")));
      JsonArray offeredTo = offered.getJsonObject("ticket").getJsonArray("offeredTo");
      assertThat(offeredTo).hasSize(1);
      assertThat(offered.getJsonObject("ticket").getString("channel")).isEqualTo("telegram");
      assertThat(offeredTo.getLong(0)).isEqualTo(agentId);

      hub.send("POST", "/api/v1/routing/tickets/wall-1/accept", agent, null);
      JsonObject assigned = live.next(f -> "ticket".equals(f.getString("type"))
          && "assigned".equals(f.getJsonObject("ticket").getString("state")));
      assertThat(assigned.getJsonObject("ticket").getLong("agentId")).isEqualTo(agentId);
      JsonObject line = live.next(f -> "line".equals(f.getString("type"))
          && f.getJsonObject("line").getInteger("answered") == 1);
      assertThat(line.getJsonObject("line").getString("name")).as("names come from the line catalog")
          .isEqualTo("Wallboard");

      hub.send("POST", "/api/v1/routing/tickets/wall-1/finish", agent, null);
      JsonObject removed = live.next(f -> "ticket_removed".equals(f.getString("type")));
      assertThat(removed.getString("ticketId")).isEqualTo("wall-1");
    }
  }

  @Test
  void deltasShouldBeRenderedOnlyWhileSomebodyWatches() {
    String admin = hub.adminToken();
    long agentId = agent(admin, "quiet", "Quiet");
    String agent = hub.login("quiet", "quiet-pass-1");
    AtomicInteger deltas = new AtomicInteger();
    MessageConsumer<JsonObject> counter = hub.hub.vertx().eventBus()
        .localConsumer(SupervisorAddresses.DELTA, delta -> deltas.incrementAndGet());
    await(counter.completion());
    try {
      // Nobody watches (a feed from another test may still be leaving): a change reaches the
      // snapshot and renders no delta.
      assertThat(changeWithoutDelta(admin, agent, agentId, deltas)).as("a change while nobody watches").isTrue();

      try (LiveClient live = await(LiveClient.connect(sockets, hub.hub.httpPort(), admin))) {
        JsonObject snapshot = live.next();
        assertThat(snapshot.getString("type")).isEqualTo("snapshot");
        assertThat(agentState(snapshot, agentId)).as("the snapshot holds what happened unwatched")
            .isEqualTo("away");
        int before = deltas.get();
        hub.send("PUT", "/api/v1/agents/me/state", agent, new JsonObject().put("state", "available"));
        JsonObject frame = live.next(f -> "agent".equals(f.getString("type"))
            && f.getJsonObject("agent").getLong("agentId") == agentId);
        assertThat(frame.getLong("seq")).as("the first delta follows the snapshot").isEqualTo(snapshot.getLong("seq") + 1);
        assertThat(frame.getJsonObject("agent").getString("state")).isEqualTo("available");
        assertThat(deltas.get()).isGreaterThan(before);
      }

      assertThat(changeWithoutDelta(admin, agent, agentId, deltas)).as("a change after the watcher left").isTrue();
    } finally {
      await(counter.unregister());
    }
  }

  /** Creates an agent whose password is {@code <login>-pass-1}; returns the user id. */
  private static long agent(String admin, String login, String name) {
    return hub.send("POST", "/api/v1/users", admin, new JsonObject().put("login", login)
        .put("displayName", name).put("role", "agent").put("password", login + "-pass-1")).bodyAsJsonObject()
        .getLong("id");
  }

  /**
   * Sets the agent available and back to away until a round shows in the REST snapshot with no
   * delta rendered meanwhile (a watcher's leaving reaches the model a moment after its socket closes).
   */
  private static boolean changeWithoutDelta(String admin, String agent, long agentId, AtomicInteger deltas) {
    for (int round = 0; round < 20; round++) {
      int before = deltas.get();
      for (String state : new String[] {"available", "away"}) {
        hub.send("PUT", "/api/v1/agents/me/state", agent, new JsonObject().put("state", state));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!state.equals(agentState(hub.get("/api/v1/supervisor/snapshot", admin).bodyAsJsonObject(), agentId))) {
          assertThat(System.nanoTime()).as("the snapshot shows the agent " + state).isLessThan(deadline);
        }
      }
      if (deltas.get() == before) {
        return true;
      }
    }
    return false;
  }

  private static String agentState(JsonObject snapshot, long agentId) {
    for (Object agent : snapshot.getJsonArray("agents")) {
      JsonObject a = (JsonObject) agent;
      if (a.getLong("agentId") == agentId) {
        return a.getString("state");
      }
    }
    return null;
  }
}
