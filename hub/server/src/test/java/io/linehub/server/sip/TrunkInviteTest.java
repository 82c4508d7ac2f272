package io.linehub.server.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.linehub.server.RunningHub;
import io.linehub.testkit.BlockedThreadCounter;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Trunks over REST, and inbound INVITEs checked against them by source address. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TrunkInviteTest {

  @TempDir
  static Path dataDir;
  private static RunningHub hub;
  private static String admin;

  @BeforeAll
  static void start() {
    hub = RunningHub.start(dataDir, Map.of());
    admin = hub.adminToken();
  }

  @AfterAll
  static void stop() {
    hub.close();
    assertThat(BlockedThreadCounter.reports()).as("event-loop blocked warnings").isEmpty();
  }

  @Test
  void inviteShouldBeRefusedFromAnUnknownSourceAndRoutedByNumberFromATrunk() throws Exception {
    Sipp.Result unknown = Sipp.run("invite-forbidden.xml", hub.hub.sipPort(), "-s", "74951234567")
        .get(60, TimeUnit.SECONDS);
    assertThat(unknown.exitCode()).as(unknown.output()).isZero();

    var created = hub.send("PUT", "/api/v1/trunks/office-pbx", admin, new JsonObject().put("name", "Office PBX")
        .put("host", "pbx.invalid").put("inboundAddresses", new JsonArray().add("127.0.0.1")));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);

    Sipp.Result trusted = Sipp.run("invite-unknown-number.xml", hub.hub.sipPort(), "-s", "74951234567")
        .get(60, TimeUnit.SECONDS);
    assertThat(trusted.exitCode()).as(trusted.output()).isZero();
  }

  @Test
  void trunksShouldBeManagedByAdminsWithFieldNamed400s() {
    var agent = hub.send("POST", "/api/v1/users", admin, new JsonObject().put("login", "tim").put("displayName", "Tim")
        .put("role", "agent").put("password", "tim-web-pass"));
    String agentToken = hub.login("tim", "tim-web-pass");

    assertThat(agent.statusCode()).isEqualTo(201);
    assertThat(hub.get("/api/v1/trunks", agentToken).statusCode()).isEqualTo(403);
    assertThat(hub.send("PUT", "/api/v1/trunks/prov", admin, new JsonObject().put("host", "sip.provider.example")
        .put("port", 5080).put("transport", "tcp")).statusCode()).isEqualTo(201);
    assertThat(hub.send("PUT", "/api/v1/trunks/prov", admin, new JsonObject().put("host", "sip.provider.example")
        .put("port", 5090)).statusCode()).as("replaced").isEqualTo(200);
    assertThat(hub.get("/api/v1/trunks/prov", admin).bodyAsJsonObject().getInteger("port")).isEqualTo(5090);
    assertThat(error(hub.send("PUT", "/api/v1/trunks/prov", admin, new JsonObject().put("host", "x")
        .put("inboundAddresses", new JsonArray().add("not-an-ip"))))).startsWith("inboundAddresses[0]:");
    assertThat(error(hub.send("PUT", "/api/v1/trunks/prov", admin, new JsonObject().put("host", "x")
        .put("transport", "sctp")))).startsWith("transport:");
    assertThat(error(hub.send("PUT", "/api/v1/trunks/prov", admin, new JsonObject().put("host", "x")
        .put("hots", "typo")))).startsWith("hots:");
    assertThat(hub.send("DELETE", "/api/v1/trunks/prov", admin, null).statusCode()).isEqualTo(200);
    assertThat(hub.get("/api/v1/trunks/prov", admin).statusCode()).isEqualTo(404);
  }

  private static String error(io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer> response) {
    assertThat(response.statusCode()).isEqualTo(400);
    return response.bodyAsJsonObject().getString("message");
  }
}
