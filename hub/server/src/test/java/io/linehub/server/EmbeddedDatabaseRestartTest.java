package io.linehub.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The default setup: Linehub's own PostgreSQL under the data dir, kept across restarts. */
@Timeout(240)
class EmbeddedDatabaseRestartTest {

  @TempDir
  Path dataDir;

  @Test
  void restartShouldKeepUsersAndTokensWhenDataDirIsReused() throws IOException {
    Map<String, String> env = Map.of("LINEHUB_ADMIN_PASSWORD", "", "LINEHUB_DB_EMBEDDED_PORT", "0");
    String generated;
    String token;
    int pgPort;
    try (RunningHub first = RunningHub.start(dataDir, env)) {
      generated = first.hub.generatedAdminPassword().orElseThrow();
      var durability = RunningHub.await(first.hub.pool()
          .query("SELECT current_setting('synchronous_commit'), current_setting('fsync')").execute())
          .iterator().next();
      assertThat(durability.getString(0)).as("commits are durable before they are acknowledged").isEqualTo("on");
      assertThat(durability.getString(1)).isEqualTo("on");
      String admin = first.login("admin", generated);
      var created = first.send("POST", "/api/v1/users", admin, new JsonObject().put("login", "sveta")
          .put("displayName", "Sveta").put("role", "supervisor").put("password", "sveta-pass-1"));
      assertThat(created.statusCode()).isEqualTo(201);
      token = first.login("sveta", "sveta-pass-1");
      pgPort = Integer.parseInt(Files.readAllLines(dataDir.resolve("pg").resolve("postmaster.pid")).get(3).trim());
    }
    assertThat(dataDir.resolve("pg").resolve("postmaster.pid")).doesNotExist();
    assertThat(portOpen(pgPort)).as("embedded PostgreSQL stopped with the hub").isFalse();

    try (RunningHub second = RunningHub.start(dataDir, env)) {
      assertThat(second.hub.generatedAdminPassword()).as("admin is created only once").isEmpty();
      assertThat(second.login("admin", generated)).isNotBlank();
      assertThat(second.get("/api/v1/users/me", token).bodyAsJsonObject().getString("login"))
          .as("a token signed before the restart is still valid").isEqualTo("sveta");
      assertThat(second.get("/health", null).statusCode()).isEqualTo(200);
    }
  }

  private static boolean portOpen(int port) {
    try (Socket socket = new Socket("localhost", port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
