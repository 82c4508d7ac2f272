package io.linehub.server.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.linehub.api.sip.CallDisposition;
import io.linehub.api.sip.CallEnded;
import io.linehub.server.RunningHub;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trunks towards a provider that wants digest: Linehub registers to it with the trunk's credentials
 * (and un-registers when the trunk goes), reports a refused registration, and answers the
 * provider's challenge on outbound INVITEs — against sipp playing the provider.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TrunkRegistrationTest {

  @TempDir
  static Path dataDir;
  private static RunningHub hub;
  private static CallFixture calls;

  @BeforeAll
  static void start() {
    calls = CallFixture.start(dataDir);
    hub = calls.hub;
  }

  @AfterAll
  static void stop() {
    calls.close();
  }

  @Test
  void trunkShouldRegisterWithDigestAndUnregisterWhenDeleted() throws Exception {
    int port = Sipp.freeUdpPort();
    var provider = Sipp.run("provider-registrar.xml", hub.hub.sipPort(), "-p", Integer.toString(port));
    calls.pause(300);

    var put = hub.send("PUT", "/api/v1/trunks/prov", hub.adminToken(), trunk(port, "trunk-secret"));
    assertThat(put.statusCode()).as(put.bodyAsString()).isEqualTo(201);
    assertThat(put.bodyAsJsonObject().getBoolean("hasPassword")).isTrue();
    assertThat(put.bodyAsJsonObject().containsKey("password")).as("the password is never shown").isFalse();

    JsonObject registration = registration("prov", "registered");
    Instant expires = Instant.parse(registration.getString("expiresAt"));
    assertThat(Duration.between(Instant.now(), expires).toSeconds()).as("the provider granted 60 s")
        .isBetween(50L, 61L);

    assertThat(hub.send("DELETE", "/api/v1/trunks/prov", hub.adminToken(), null).statusCode()).isEqualTo(200);
    Sipp.Result result = provider.get(60, TimeUnit.SECONDS);
    assertThat(result.exitCode()).as("challenge answered, then un-registered: " + result.output()).isZero();
  }

  @Test
  void refusedRegistrationShouldBeReportedWithTheProvidersAnswer() throws Exception {
    int port = Sipp.freeUdpPort();
    var provider = Sipp.run("provider-registrar.xml", hub.hub.sipPort(), "-p", Integer.toString(port));
    calls.pause(300);

    hub.send("PUT", "/api/v1/trunks/prov-wrong", hub.adminToken(), trunk(port, "not-the-secret"));

    JsonObject registration = registration("prov-wrong", "failed");
    assertThat(registration.getString("lastError")).startsWith("403");
    assertThat(provider.get(60, TimeUnit.SECONDS).exitCode()).isZero();
    hub.send("DELETE", "/api/v1/trunks/prov-wrong", hub.adminToken(), null);
  }

  @Test
  void editingATrunkWithoutAPasswordShouldKeepTheStoredOne() {
    String admin = hub.adminToken();
    hub.send("PUT", "/api/v1/trunks/keep", admin, new JsonObject().put("host", "127.0.0.1").put("port", 5999)
        .put("username", "u1").put("password", "p1").put("outbound", false));
    var edited = hub.send("PUT", "/api/v1/trunks/keep", admin, new JsonObject().put("host", "127.0.0.1")
        .put("port", 6000).put("username", "u1").put("outbound", false));
    assertThat(edited.bodyAsJsonObject().getBoolean("hasPassword")).isTrue();
    var cleared = hub.send("PUT", "/api/v1/trunks/keep", admin, new JsonObject().put("host", "127.0.0.1")
        .put("port", 6000).put("username", "u1").putNull("password").put("outbound", false));
    assertThat(cleared.bodyAsJsonObject().getBoolean("hasPassword")).isFalse();
    hub.send("DELETE", "/api/v1/trunks/keep", admin, null);
  }

  @Test
  void badTrunkFieldsShouldBeRefusedByName() {
    String admin = hub.adminToken();
    assertThat(error(new JsonObject().put("host", "127.0.0.1").put("register", true))).contains("register");
    assertThat(error(new JsonObject().put("host", "127.0.0.1").put("registerExpires", 5))).contains("registerExpires");
    assertThat(error(new JsonObject().put("host", "127.0.0.1").put("callerId", "84951234567"))).contains("callerId");
    assertThat(error(new JsonObject().put("host", "127.0.0.1").put("outbound", "yes"))).contains("outbound");
    assertThat(error(new JsonObject().put("host", "127.0.0.1").put("username", "a b"))).contains("username");
    assertThat(hub.get("/api/v1/trunks/bad", admin).statusCode()).isEqualTo(404);
  }

  @Test
  void outboundCallShouldAnswerTheProvidersChallengeWithTheTrunksCredentials() throws Exception {
    int port = Sipp.freeUdpPort();
    String phonePort = calls.agentWithPhone("auth-agent", "701", "auth-line", "+74951117001");
    // The fixture trusts 127.0.0.1 as trunk "pbx"; calls go out through "out" with credentials instead.
    hub.send("PUT", "/api/v1/trunks/pbx", hub.adminToken(), new JsonObject().put("host", "127.0.0.1")
        .put("outbound", false));
    hub.send("PUT", "/api/v1/trunks/out", hub.adminToken(), new JsonObject().put("host", "127.0.0.1")
        .put("port", port).put("username", "linehub-trunk").put("password", "trunk-secret"));
    var provider = Sipp.run("trunk-challenges.xml", hub.hub.sipPort(), "-p", Integer.toString(port));

    Sipp.Result agent = Sipp.run("agent-calls-extension.xml", hub.hub.sipPort(), "-p", phonePort,
        "-s", "84957777001", "-key", "ext", "701", "-au", "701", "-ap", "auth-agent-sip-pass")
        .get(60, TimeUnit.SECONDS);
    Sipp.Result far = provider.get(60, TimeUnit.SECONDS);

    assertThat(far.exitCode()).as("the provider accepted the digest: " + far.output()).isZero();
    assertThat(agent.exitCode()).as(agent.output()).isZero();
    CallEnded end = calls.ended(e -> "+84957777001".equals(e.to()));
    assertThat(end.disposition()).isEqualTo(CallDisposition.ANSWERED);
    assertThat(end.legs()).singleElement().satisfies(leg -> assertThat(leg.sipCode()).isEqualTo(200));
  }

  private static JsonObject trunk(int port, String password) {
    return new JsonObject().put("host", "127.0.0.1").put("port", port).put("username", "linehub-trunk")
        .put("password", password).put("register", true).put("registerExpires", 120).put("outbound", false);
  }

  private static String error(JsonObject body) {
    var reply = hub.send("PUT", "/api/v1/trunks/bad", hub.adminToken(), body);
    assertThat(reply.statusCode()).as(reply.bodyAsString()).isEqualTo(400);
    return reply.bodyAsJsonObject().getString("message");
  }

  /** The trunk's registration once it reached {@code state}. */
  private static JsonObject registration(String trunk, String state) {
    JsonObject registration = null;
    for (int i = 0; i < 100; i++) {
      registration = hub.get("/api/v1/trunks/" + trunk, hub.adminToken()).bodyAsJsonObject()
          .getJsonObject("registration");
      if (registration != null && state.equals(registration.getString("state"))) {
        return registration;
      }
      calls.pause(100);
    }
    throw new AssertionError("trunk " + trunk + " not " + state + ": " + registration);
  }
}
