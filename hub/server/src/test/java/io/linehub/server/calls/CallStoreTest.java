package io.linehub.server.calls;

import static org.assertj.core.api.Assertions.assertThat;

import io.linehub.api.sip.CallDirection;
import io.linehub.api.sip.CallDisposition;
import io.linehub.api.sip.CallEnded;
import io.linehub.api.sip.CallEvent;
import io.linehub.api.sip.CallEventType;
import io.linehub.api.sip.CallLeg;
import io.linehub.api.sip.SipAddresses;
import io.linehub.server.RunningHub;
import io.linehub.testkit.BlockedThreadCounter;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The call store through a running hub: call events published on the bus exactly as sip-bridge
 * publishes them, read back through {@code /api/v1/calls} — the live view, the stored history with
 * its filters and legs, idempotency, who may see what, and the calls a crash left live.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CallStoreTest {

  private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

  @TempDir
  static Path dataDir;
  private static RunningHub hub;
  private static long agentA;
  private static long agentB;

  @BeforeAll
  static void start() {
    hub = RunningHub.start(dataDir, Map.of());
    agentA = user("cdr-a", "agent");
    agentB = user("cdr-b", "agent");
  }

  @AfterAll
  static void stop() {
    hub.close();
    assertThat(BlockedThreadCounter.reports()).as("event-loop blocked warnings").isEmpty();
  }

  @Test
  void liveCallShouldBeListedWithItsTalkStateAndLeaveTheListWhenItEnds() {
    publish(event("live-1", CallEventType.STARTED, null, T0));
    publish(event("live-1", CallEventType.OFFERED, agentA, T0.plusSeconds(1)));
    publish(event("live-1", CallEventType.ANSWERED, agentA, T0.plusSeconds(5)));
    publish(event("live-1", CallEventType.HELD, agentA, T0.plusSeconds(9)));

    JsonObject call = until(() -> liveCall("live-1"), c -> c != null && "held".equals(c.getString("talk")));
    assertThat(call.getLong("agentId")).isEqualTo(agentA);
    assertThat(call.getString("answeredAt")).isEqualTo(T0.plusSeconds(5).toString());
    assertThat(hub.get("/api/v1/calls/live-1", hub.adminToken()).bodyAsJsonObject().getString("state"))
        .isEqualTo("live");

    publish(ended("live-1", T0, T0.plusSeconds(5), T0.plusSeconds(65), CallDisposition.ANSWERED, agentA,
        List.of(agentA), List.of(new CallLeg("leg-1", agentA, "sip:201@127.0.0.1:5070", T0.plusSeconds(1),
            T0.plusSeconds(5), T0.plusSeconds(65), 200))));

    JsonObject stored = until(() -> stored("live-1"), c -> c != null && "ended".equals(c.getString("state")));
    assertThat(liveCall("live-1")).isNull();
    assertThat(stored.getString("disposition")).isEqualTo("answered");
    assertThat(stored.getInteger("waitSeconds")).isEqualTo(5);
    assertThat(stored.getInteger("talkSeconds")).isEqualTo(60);
    assertThat(stored.getJsonArray("legs")).hasSize(1);
    assertThat(stored.getJsonArray("legs").getJsonObject(0).getString("target")).isEqualTo("sip:201@127.0.0.1:5070");
  }

  @Test
  void historyShouldFilterByLineAgentDispositionAndPeriodAndIgnoreARepeatedRecord() {
    Instant day = Instant.parse("2026-10-01T09:00:00Z");
    CallEnded missed = ended("h-1", day, null, day.plusSeconds(30), CallDisposition.MISSED, null, List.of(agentA),
        List.of(new CallLeg("h-1-leg", agentA, "sip:201@127.0.0.1", day, null, day.plusSeconds(20), 487)));
    publish(missed);
    publish(missed);
    publish(ended("h-2", day.plusSeconds(3600), day.plusSeconds(3610), day.plusSeconds(3700),
        CallDisposition.ANSWERED, agentB, List.of(agentA, agentB), List.of()));
    String admin = hub.adminToken();
    until(() -> stored("h-2"), c -> c != null);
    until(() -> stored("h-1"), c -> c != null);

    JsonArray onDay = hub.get("/api/v1/calls?from=2026-10-01T00:00:00Z&to=2026-10-02T00:00:00Z", admin)
        .bodyAsJsonObject().getJsonArray("items");
    assertThat(onDay).extracting(o -> ((JsonObject) o).getString("id")).containsExactly("h-2", "h-1");
    assertThat(hub.get("/api/v1/calls/h-1", admin).bodyAsJsonObject().getJsonArray("legs"))
        .as("the repeated record added no leg").hasSize(1);
    assertThat(ids("/api/v1/calls?disposition=missed&from=2026-10-01T00:00:00Z&to=2026-10-02T00:00:00Z", admin))
        .containsExactly("h-1");
    assertThat(ids("/api/v1/calls?agent=" + agentB + "&from=2026-10-01T00:00:00Z", admin)).containsExactly("h-2");
    assertThat(ids("/api/v1/calls?line=sales&from=2026-10-01T00:00:00Z&to=2026-10-02T00:00:00Z", admin))
        .containsExactly("h-2", "h-1");
    assertThat(ids("/api/v1/calls?line=other", admin)).isEmpty();
    assertThat(hub.get("/api/v1/calls?disposition=lost", admin).statusCode()).isEqualTo(400);
    assertThat(hub.get("/api/v1/calls?from=yesterday", admin).statusCode()).isEqualTo(400);
    assertThat(hub.get("/api/v1/calls?agent=me", admin).statusCode()).isEqualTo(400);
    assertThat(hub.get("/api/v1/calls/no-such-call", admin).statusCode()).isEqualTo(404);
  }

  @Test
  void anAgentShouldSeeOnlyTheCallsTheyWereInvolvedIn() {
    Instant day = Instant.parse("2026-09-01T09:00:00Z");
    publish(ended("v-1", day, day, day.plusSeconds(10), CallDisposition.ANSWERED, agentA, List.of(agentA),
        List.of()));
    publish(ended("v-2", day, day, day.plusSeconds(10), CallDisposition.ANSWERED, agentB, List.of(agentB),
        List.of()));
    until(() -> stored("v-2"), c -> c != null);
    until(() -> stored("v-1"), c -> c != null);
    String tokenA = hub.login("cdr-a", "cdr-a-web-pass");

    assertThat(ids("/api/v1/calls?from=2026-09-01T00:00:00Z&to=2026-09-02T00:00:00Z", tokenA))
        .containsExactly("v-1");
    assertThat(hub.get("/api/v1/calls/v-2", tokenA).statusCode()).isEqualTo(404);
    assertThat(hub.get("/api/v1/calls/v-1", tokenA).statusCode()).isEqualTo(200);
  }

  @Test
  void callsLeftLiveByACrashShouldBeClosedAsFailedAtTheNextStart(@TempDir Path otherDir) {
    try (RunningHub first = RunningHub.start(otherDir, Map.of())) {
      first.hub.vertx().eventBus().publish(SipAddresses.CALL_EVENT, event("crash-1", CallEventType.STARTED, null,
          Instant.now()));
      until(() -> first.get("/api/v1/calls/crash-1", first.adminToken()).statusCode() == 200
          && first.get("/api/v1/calls?state=ended", first.adminToken()).statusCode() == 200
          ? "seen" : null, s -> s != null);
      // The row reaches the database within a flush.
      until(() -> RunningHub.await(first.hub.pool().query("SELECT count(*) FROM hub.calls WHERE id = 'crash-1'")
          .execute()).iterator().next().getLong(0), n -> n == 1L);
    }
    try (RunningHub second = RunningHub.start(otherDir, Map.of())) {
      JsonObject call = second.get("/api/v1/calls/crash-1", second.adminToken()).bodyAsJsonObject();
      assertThat(call.getString("state")).isEqualTo("ended");
      assertThat(call.getString("disposition")).isEqualTo("failed");
      assertThat(call.getString("endedAt")).isNotNull();
    }
  }

  private static long user(String login, String role) {
    return hub.send("POST", "/api/v1/users", hub.adminToken(), new JsonObject().put("login", login)
        .put("displayName", login).put("role", role).put("password", login + "-web-pass"))
        .bodyAsJsonObject().getLong("id");
  }

  private static CallEvent event(String id, CallEventType type, Long agent, Instant at) {
    return new CallEvent(id, type, CallDirection.INBOUND, "sales", "+74951234567", "+74950000001", agent, null, at);
  }

  private static CallEnded ended(String id, Instant started, Instant answered, Instant end, CallDisposition d,
      Long agent, List<Long> agents, List<CallLeg> legs) {
    return new CallEnded(id, CallDirection.INBOUND, "sales", "+74951234567", "+74950000001", agent, agents, d,
        d == CallDisposition.ANSWERED ? 200 : 480, started, answered, end, legs);
  }

  private static void publish(Object body) {
    hub.hub.vertx().eventBus().publish(body instanceof CallEnded ? SipAddresses.CALL_ENDED : SipAddresses.CALL_EVENT,
        body);
  }

  private static JsonObject liveCall(String id) {
    return hub.get("/api/v1/calls?state=live", hub.adminToken()).bodyAsJsonObject().getJsonArray("items").stream()
        .map(JsonObject.class::cast).filter(c -> id.equals(c.getString("id"))).findFirst().orElse(null);
  }

  private static JsonObject stored(String id) {
    var reply = hub.get("/api/v1/calls/" + id, hub.adminToken());
    return reply.statusCode() == 200 && "ended".equals(reply.bodyAsJsonObject().getString("state"))
        ? reply.bodyAsJsonObject() : null;
  }

  private static List<String> ids(String path, String token) {
    var reply = hub.get(path, token);
    assertThat(reply.statusCode()).as(reply.bodyAsString()).isEqualTo(200);
    return reply.bodyAsJsonObject().getJsonArray("items").stream().map(o -> ((JsonObject) o).getString("id")).toList();
  }

  private static <T> T until(Supplier<T> read, java.util.function.Predicate<T> done) {
    T value = read.get();
    for (int i = 0; i < 100 && !done.test(value); i++) {
      RunningHub.await(Future.<Void>future(p -> hub.clientVertx.setTimer(50, t -> p.complete())));
      value = read.get();
    }
    assertThat(done.test(value)).as("reached: " + value).isTrue();
    return value;
  }
}
