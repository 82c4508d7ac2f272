package io.linehub.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.linehub.testkit.BlockedThreadCounter;
import io.linehub.testkit.TestPostgres;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The hub's own HTTP surface against an external (test) PostgreSQL: probes, auth, users, errors. */
@Timeout(120)
class HubApiTest {

  @TempDir
  static Path dataDir;
  static RunningHub hub;
  static String admin;

  @BeforeAll
  static void start() {
    hub = RunningHub.start(dataDir, Map.of("LINEHUB_DB_URL", TestPostgres.freshDatabase().url()));
    admin = hub.adminToken();
  }

  @AfterAll
  static void stop() {
    if (hub != null) {
      hub.close();
    }
    assertThat(BlockedThreadCounter.reports()).as("event-loop blocked warnings").isEmpty();
  }

  @Test
  void healthShouldBeUpWhenDatabaseAndVerticlesAreUp() {
    var response = hub.get("/health", null);

    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject body = response.bodyAsJsonObject();
    assertThat(body.getString("status")).isEqualTo("UP");
    assertThat(body.getJsonObject("checks").getMap())
        .containsEntry("database", "UP").containsEntry("http", "UP").containsEntry("crm-link", "UP");
  }

  @Test
  void metricsShouldExposeJvmHttpPoolAndOwnMetersWhenScraped() {
    hub.login("admin", RunningHub.ADMIN_PASSWORD);
    hub.send("POST", "/api/v1/auth/login", null, new JsonObject().put("login", "admin").put("password", "wrong-one"));

    var response = hub.get("/metrics", null);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("content-type")).startsWith("text/plain");
    assertThat(response.bodyAsString())
        .contains("jvm_memory_used_bytes")
        .contains("vertx_http_server_requests_total")
        .contains("vertx_pool_")
        .contains("linehub_auth_logins_total{outcome=\"success\"}")
        .contains("linehub_auth_logins_total{outcome=\"failure\"}");
  }

  @Test
  void loginShouldReturnTokenWithUserWhenPasswordIsRight() {
    var response = hub.send("POST", "/api/v1/auth/login", null,
        new JsonObject().put("login", "admin").put("password", RunningHub.ADMIN_PASSWORD));

    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject body = response.bodyAsJsonObject();
    assertThat(body.getString("token")).matches("[\\w-]+\\.[\\w-]+\\.[\\w-]+");
    assertThat(body.getJsonObject("user").getString("role")).isEqualTo("admin");
    assertThat(body.getJsonObject("user").containsKey("passwordHash")).isFalse();
  }

  @Test
  void loginShouldAnswer401WhenPasswordIsWrongOrUserUnknown() {
    for (String login : new String[] {"admin", "nobody"}) {
      var response = hub.send("POST", "/api/v1/auth/login", null,
          new JsonObject().put("login", login).put("password", "not-the-password"));

      assertThat(response.statusCode()).isEqualTo(401);
      assertThat(response.bodyAsJsonObject().getString("error")).isEqualTo("UNAUTHORIZED");
      assertThat(response.bodyAsJsonObject().getString("message")).isEqualTo("wrong login or password");
    }
  }

  @Test
  void apiShouldAnswer401JsonWhenTokenIsMissingOrForged() {
    var missing = hub.get("/api/v1/users", null);
    var forged = hub.get("/api/v1/users", admin.substring(0, admin.length() - 3) + "abc");

    for (var response : new io.vertx.ext.web.client.HttpResponse[] {missing, forged}) {
      assertThat(response.statusCode()).isEqualTo(401);
      assertThat(((Buffer) response.body()).toJsonObject().getString("error")).isEqualTo("UNAUTHORIZED");
    }
  }

  @Test
  void usersShouldBeManagedByAdminAndForbiddenToAgents() {
    var created = hub.send("POST", "/api/v1/users", admin, new JsonObject()
        .put("login", "Olga").put("displayName", "Olga Petrova").put("role", "agent")
        .put("extension", "101").put("password", "olga-pass-1"));
    assertThat(created.statusCode()).isEqualTo(201);
    long olgaId = created.bodyAsJsonObject().getLong("id");
    assertThat(created.bodyAsJsonObject().getString("login")).isEqualTo("olga");
    assertThat(created.bodyAsJsonObject().getString("extension")).isEqualTo("101");

    String agent = hub.login("olga", "olga-pass-1");
    var forbidden = hub.send("POST", "/api/v1/users", agent, new JsonObject()
        .put("login", "eve").put("displayName", "Eve").put("role", "admin").put("password", "eve-pass-1"));
    assertThat(forbidden.statusCode()).isEqualTo(403);
    assertThat(forbidden.bodyAsJsonObject().getString("error")).isEqualTo("FORBIDDEN");
    assertThat(hub.get("/api/v1/users", agent).statusCode()).isEqualTo(403);
    assertThat(hub.get("/api/v1/users/me", agent).bodyAsJsonObject().getLong("id")).isEqualTo(olgaId);

    var patched = hub.send("PATCH", "/api/v1/users/" + olgaId, admin,
        new JsonObject().put("displayName", "Olga P.").put("extension", null));
    assertThat(patched.statusCode()).isEqualTo(200);
    assertThat(patched.bodyAsJsonObject().getString("displayName")).isEqualTo("Olga P.");
    assertThat(patched.bodyAsJsonObject().getString("extension")).isNull();

    var listed = hub.get("/api/v1/users?limit=10", admin).bodyAsJsonObject();
    assertThat(listed.getLong("total")).isGreaterThanOrEqualTo(2);
    assertThat(listed.getJsonArray("items").stream().map(u -> ((JsonObject) u).getString("login")))
        .contains("admin", "olga");

    hub.send("PATCH", "/api/v1/users/" + olgaId, admin, new JsonObject().put("active", false));
    var deactivated = hub.send("POST", "/api/v1/auth/login", null,
        new JsonObject().put("login", "olga").put("password", "olga-pass-1"));
    assertThat(deactivated.statusCode()).isEqualTo(401);
  }

  @Test
  void createUserShouldAnswer409WhenLoginOrExtensionIsTaken() {
    JsonObject user = new JsonObject().put("login", "ivan").put("displayName", "Ivan").put("role", "agent")
        .put("extension", "202").put("password", "ivan-pass-1");
    assertThat(hub.send("POST", "/api/v1/users", admin, user).statusCode()).isEqualTo(201);

    var sameLogin = hub.send("POST", "/api/v1/users", admin, user.copy().put("extension", "203"));
    var sameExtension = hub.send("POST", "/api/v1/users", admin, user.copy().put("login", "ivan2"));

    assertThat(sameLogin.statusCode()).isEqualTo(409);
    assertThat(sameLogin.bodyAsJsonObject().getString("message")).startsWith("login:");
    assertThat(sameExtension.statusCode()).isEqualTo(409);
    assertThat(sameExtension.bodyAsJsonObject().getString("message")).startsWith("extension:");
  }

  @Test
  void badInputShouldAnswer400NamingTheField() {
    var missing = hub.send("POST", "/api/v1/users", admin,
        new JsonObject().put("login", "anna").put("role", "agent").put("password", "anna-pass-1"));
    var badRole = hub.send("POST", "/api/v1/users", admin, new JsonObject().put("login", "anna")
        .put("displayName", "Anna").put("role", "boss").put("password", "anna-pass-1"));
    var shortPassword = hub.send("POST", "/api/v1/users", admin, new JsonObject().put("login", "anna")
        .put("displayName", "Anna").put("role", "agent").put("password", "short"));
    var wrongType = hub.send("POST", "/api/v1/auth/login", null, new JsonObject().put("login", 5).put("password", "x"));
    var malformed = hub.await(hub.client.post("/api/v1/auth/login").putHeader("content-type", "application/json")
        .sendBuffer(Buffer.buffer("{\"login\": ")));

    assertThat(missing.bodyAsJsonObject().getString("message")).isEqualTo("displayName: is required");
    assertThat(badRole.bodyAsJsonObject().getString("message")).startsWith("role:");
    assertThat(shortPassword.bodyAsJsonObject().getString("message")).startsWith("password:");
    assertThat(wrongType.bodyAsJsonObject().getString("message")).isEqualTo("login: must be a string");
    assertThat(malformed.bodyAsJsonObject().getString("message")).isEqualTo("body: malformed JSON");
    for (var response : java.util.List.of(missing, badRole, shortPassword, wrongType, malformed)) {
      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(response.bodyAsJsonObject().getString("error")).isEqualTo("BAD_REQUEST");
    }
  }

  @Test
  void oversizedBodyShouldBeRefusedWith413() {
    String big = "x".repeat(1_100_000);
    var response = hub.send("POST", "/api/v1/users", admin, new JsonObject().put("login", big));

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.bodyAsJsonObject().getString("error")).isEqualTo("PAYLOAD_TOO_LARGE");
  }

  @Test
  void externalCallShouldCreateLeadThroughTheHubWhenNumberIsNew() {
    String agent = hub.login("admin", RunningHub.ADMIN_PASSWORD);
    var registered = hub.send("POST", "/api/v1/telephony/external-calls", agent, new JsonObject()
        .put("externalId", "pbx-hub-1").put("direction", "inbound").put("phone", "8 (495) 765-43-21"));

    assertThat(registered.statusCode()).isEqualTo(201);
    assertThat(registered.bodyAsJsonObject().getJsonObject("crm").getBoolean("created")).isTrue();
    String lead = registered.bodyAsJsonObject().getJsonObject("crm").getString("entity");
    var found = hub.get("/api/v1/crm/leads?phone=%2B74957654321", agent).bodyAsJsonObject();
    assertThat(found.getJsonArray("items")).hasSize(1);
    assertThat("lead:" + found.getJsonArray("items").getJsonObject(0).getLong("id")).isEqualTo(lead);
  }

  @Test
  void unknownRouteShouldAnswer404Json() {
    var response = hub.get("/api/v1/nothing-here", admin);

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.bodyAsJsonObject().getString("error")).isEqualTo("NOT_FOUND");
  }
}
