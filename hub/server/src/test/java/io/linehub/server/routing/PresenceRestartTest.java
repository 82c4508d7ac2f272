package io.linehub.server.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.linehub.server.RunningHub;
import io.linehub.testkit.BlockedThreadCounter;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The state an agent chose survives a restart of the hub: before, everyone came back offline and
 * nothing was offered until each agent noticed and switched again.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PresenceRestartTest {

  @TempDir
  static Path dataDir;

  @AfterAll
  static void blocked() {
    assertThat(BlockedThreadCounter.reports()).as("event-loop blocked warnings").isEmpty();
  }

  @Test
  void chosenStatesShouldComeBackAfterARestart() {
    long anna;
    long boris;
    try (RunningHub hub = RunningHub.start(dataDir, Map.of())) {
      anna = agent(hub, "anna");
      boris = agent(hub, "boris");
      long carl = agent(hub, "carl");
      String annaToken = hub.login("anna", "anna-pass-1");
      assertThat(hub.send("PUT", "/api/v1/agents/me/state", annaToken,
          new JsonObject().put("state", "available")).statusCode()).isEqualTo(200);
      assertThat(hub.send("PUT", "/api/v1/agents/me/state", annaToken,
          new JsonObject().put("state", "away").put("reason", "lunch")).statusCode()).isEqualTo(200);
      assertThat(hub.send("PUT", "/api/v1/agents/me/state", hub.login("boris", "boris-pass-1"),
          new JsonObject().put("state", "available")).statusCode()).isEqualTo(200);
      // carl never chose anything: offline, as before
      assertThat(carl).isPositive();
    }
    try (RunningHub hub = RunningHub.start(dataDir, Map.of())) {
      JsonObject annaNow = hub.get("/api/v1/agents/me", hub.login("anna", "anna-pass-1")).bodyAsJsonObject();
      assertThat(annaNow.getString("state")).as(annaNow.encode()).isEqualTo("away");
      assertThat(annaNow.getString("reason")).isEqualTo("lunch");
      JsonObject borisNow = hub.get("/api/v1/agents/me", hub.login("boris", "boris-pass-1")).bodyAsJsonObject();
      assertThat(borisNow.getString("state")).isEqualTo("available");
      assertThat(borisNow.getBoolean("registered")).as("no phone registered since the restart").isFalse();
      assertThat(hub.get("/api/v1/agents/me", hub.login("carl", "carl-pass-1")).bodyAsJsonObject()
          .getString("state")).isEqualTo("offline");
      assertThat(anna).isNotEqualTo(boris);
    }
  }

  private static long agent(RunningHub hub, String login) {
    var created = hub.send("POST", "/api/v1/users", hub.adminToken(), new JsonObject().put("login", login)
        .put("displayName", login).put("role", "agent").put("password", login + "-pass-1"));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    return created.bodyAsJsonObject().getLong("id");
  }
}
