package io.linehub.server.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.linehub.server.RunningHub;
import io.linehub.testkit.BlockedThreadCounter;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.net.DatagramSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interop: a real softphone (baresip, Debian baresip-core, headless on loopback, config as in
 * shared/docs/softphones.md) registers with digest authentication, its agent becomes reachable, it
 * stays registered through keep-alive rounds, and it auto-answers an inbound call routed to it.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BaresipRegistrationTest {

  @TempDir
  static Path dataDir;
  @TempDir
  static Path phoneDir;
  private static RunningHub hub;

  @BeforeAll
  static void start() {
    // A short keep-alive: baresip must answer the OPTIONS probes and stay registered.
    hub = RunningHub.start(dataDir, Map.of("LINEHUB_SIP_KEEPALIVE_SECONDS", "2"));
  }

  @AfterAll
  static void stop() {
    hub.close();
    assertThat(BlockedThreadCounter.reports()).as("event-loop blocked warnings").isEmpty();
  }

  @Test
  void baresipShouldRegisterWithDigestStayRegisteredAndAutoAnswerAnInboundCall() throws Exception {
    String admin = hub.adminToken();
    var created = hub.send("POST", "/api/v1/users", admin, new JsonObject().put("login", "bara")
        .put("displayName", "Bara").put("role", "agent").put("extension", "301").put("password", "bara-web-pass"));
    long agent = created.bodyAsJsonObject().getLong("id");
    assertThat(hub.send("PUT", "/api/v1/users/" + agent + "/sip-password", admin,
        new JsonObject().put("password", "bara-sip-pass")).statusCode()).isEqualTo(200);
    writeConfig(phoneDir, freeUdpPort(), hub.hub.sipPort(), "301", "bara-sip-pass");

    Process phone = new ProcessBuilder("baresip", "-f", phoneDir.toString(), "-t", "60")
        .redirectInput(new File("/dev/null")).redirectErrorStream(true)
        .redirectOutput(phoneDir.resolve("baresip.log").toFile()).start();
    try {
      boolean registered = false;
      for (int i = 0; i < 200 && !registered && phone.isAlive(); i++) {
        JsonObject me = hub.get("/api/v1/agents", admin).bodyAsJsonArray().stream().map(JsonObject.class::cast)
            .filter(a -> a.getLong("agentId") == agent).findFirst().orElse(null);
        registered = me != null && Boolean.TRUE.equals(me.getBoolean("registered"));
        if (!registered) {
          RunningHub.await(io.vertx.core.Future.future(p -> hub.clientVertx.setTimer(100, t -> p.complete())));
        }
      }
      assertThat(registered).as(Files.readString(phoneDir.resolve("baresip.log"))).isTrue();
      // Three keep-alive rounds later the answering phone is still there.
      RunningHub.await(io.vertx.core.Future.future(p -> hub.clientVertx.setTimer(6_500, t -> p.complete())));
      JsonObject later = hub.get("/api/v1/agents", admin).bodyAsJsonArray().stream().map(JsonObject.class::cast)
          .filter(a -> a.getLong("agentId") == agent).findFirst().orElseThrow();
      assertThat(later.getBoolean("registered")).as("still registered after keep-alives").isTrue();

      // An inbound call to the agent's line: baresip auto-answers, the caller hangs up.
      var calls = new CallFixture(hub);
      assertThat(hub.send("POST", "/api/v1/lines", admin, new JsonObject().put("id", "bara-line")
          .put("did", "+74951113001").put("responsibleUserId", agent).put("strategy", "strictly")
          .put("members", new io.vertx.core.json.JsonArray().add(new JsonObject().put("userId", agent))))
          .statusCode()).isEqualTo(201);
      hub.send("PUT", "/api/v1/trunks/pbx", admin, new JsonObject().put("host", "127.0.0.1"));
      hub.send("PUT", "/api/v1/agents/me/state", hub.login("bara", "bara-web-pass"),
          new JsonObject().put("state", "available"));
      Sipp.Result caller = Sipp.run("caller-answered-hangs-up.xml", hub.hub.sipPort(), "-s", "74951113001",
          "-key", "from", "+74957773001").get(60, TimeUnit.SECONDS);
      assertThat(caller.exitCode()).as(caller.output() + Files.readString(phoneDir.resolve("baresip.log")))
          .isZero();
      var end = calls.endedFrom("+74957773001");
      assertThat(end.disposition()).isEqualTo(io.linehub.api.sip.CallDisposition.ANSWERED);
      assertThat(end.agentId()).isEqualTo(agent);
      assertThat(calls.crmActivity("+74957773001").getString("outcome")).isEqualTo("answered");
      calls.assertNothingLive();
    } finally {
      phone.destroy();
      phone.waitFor(10, TimeUnit.SECONDS);
      phone.destroyForcibly();
    }
  }

  private static void writeConfig(Path dir, int phonePort, int hubPort, String extension, String password)
      throws Exception {
    Files.writeString(dir.resolve("config"), String.join("\n",
        "sip_listen 127.0.0.1:" + phonePort,
        "net_interface 127.0.0.1",
        "dns_server 127.0.0.1:53",
        "audio_source ausine,440",
        "ausrc_srate 48000",
        "ausrc_channels 2",
        "audio_player aufile," + dir.resolve("rx.wav"),
        "module_path /usr/lib/baresip/modules",
        "module g711.so",
        "module ausine.so",
        "module aufile.so",
        "module_tmp uuid.so",
        "module_tmp account.so",
        "module_app menu.so",
        ""), StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("accounts"), "<sip:" + extension + "@127.0.0.1:" + hubPort
        + ";transport=udp>;auth_user=" + extension + ";auth_pass=" + password
        + ";regint=60;answermode=auto;audio_codecs=PCMU,PCMA;medianat=;mediaenc=\n", StandardCharsets.UTF_8);
  }

  private static int freeUdpPort() throws Exception {
    try (DatagramSocket socket = new DatagramSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
