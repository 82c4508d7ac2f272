package io.linehub.server.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.linehub.api.routing.RegistrationChanged;
import io.linehub.api.routing.RoutingAddresses;
import io.linehub.server.RunningHub;
import io.linehub.testkit.BlockedThreadCounter;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The registrar against real sipp phones on a running hub. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SipRegistrationTest {

  @TempDir
  static Path dataDir;
  private static RunningHub hub;
  private static String admin;
  private static final CopyOnWriteArrayList<RegistrationChanged> CHANGES = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() {
    hub = RunningHub.start(dataDir, Map.of());
    admin = hub.adminToken();
    hub.hub.vertx().eventBus().<RegistrationChanged>consumer(RoutingAddresses.REGISTRATION_CHANGED,
        m -> CHANGES.add(m.body()));
  }

  @AfterAll
  static void stop() {
    hub.close();
    assertThat(BlockedThreadCounter.reports()).as("event-loop blocked warnings").isEmpty();
  }

  @Test
  void phoneShouldRegisterWithDigestMakeTheAgentReachableAndUnregister() throws Exception {
    long agent = agent("olga", "201", "olga-sip-pass");

    var sipp = Sipp.run("register.xml", hub.hub.sipPort(), "-s", "201", "-au", "201", "-ap", "olga-sip-pass");
    // While sipp pauses between its registration and its un-registration, routing sees a phone.
    boolean seen = false;
    for (int i = 0; i < 60 && !seen; i++) {
      JsonObject me = presence(agent);
      seen = me != null && Boolean.TRUE.equals(me.getBoolean("registered"));
      if (!seen) {
        pause(50);
      }
    }
    Sipp.Result result = sipp.get(60, TimeUnit.SECONDS);

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(seen).as("routing saw the agent's phone registered").isTrue();
    assertThat(CHANGES).contains(new RegistrationChanged(agent, true), new RegistrationChanged(agent, false));
    assertThat(presence(agent).getBoolean("registered")).isFalse();
  }

  @Test
  void wrongPasswordShouldBeRefusedWith403AndRegisterNothing() throws Exception {
    long agent = agent("pavel", "202", "pavel-sip-pass");

    Sipp.Result result = Sipp.run("register-refused.xml", hub.hub.sipPort(), "-s", "202", "-au", "202", "-ap",
        "not-the-password").get(60, TimeUnit.SECONDS);

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(CHANGES).noneMatch(c -> c.agentId() == agent);
  }

  @Test
  void sipPasswordShouldBeSetByAdminsOrTheUserAndNeedAnExtension() {
    long ivan = agent("ivan", "203", "ivan-sip-pass");
    long nina = hub.send("POST", "/api/v1/users", admin, new JsonObject().put("login", "nina")
        .put("displayName", "Nina").put("role", "agent").put("password", "nina-web-pass")).bodyAsJsonObject()
        .getLong("id");
    String ivanToken = hub.login("ivan", "ivan-web-pass");

    assertThat(hub.send("PUT", "/api/v1/users/" + ivan + "/sip-password", ivanToken,
        new JsonObject().put("password", "ivan-new-pass")).statusCode()).isEqualTo(200);
    assertThat(hub.send("PUT", "/api/v1/users/" + nina + "/sip-password", ivanToken,
        new JsonObject().put("password", "nina-sip-pass")).statusCode()).isEqualTo(403);
    assertThat(hub.send("PUT", "/api/v1/users/" + nina + "/sip-password", admin,
        new JsonObject().put("password", "nina-sip-pass")).statusCode()).as("no extension").isEqualTo(409);
    assertThat(hub.send("PUT", "/api/v1/users/" + ivan + "/sip-password", admin,
        new JsonObject().put("password", "short")).statusCode()).isEqualTo(400);
    String stored = RunningHub.await(hub.hub.pool().preparedQuery(
        "SELECT ha1 FROM hub.sip_credentials WHERE user_id = $1").execute(io.vertx.sqlclient.Tuple.of(ivan)))
        .iterator().next().getString(0);
    assertThat(stored).isEqualTo(io.linehub.sip.Digest.ha1("203", "linehub", "ivan-new-pass"))
        .doesNotContain("ivan-new-pass");
  }

  @Test
  void garbageAndTruncatedMessagesShouldLeaveTheStackAnswering() throws Exception {
    try (DatagramSocket socket = new DatagramSocket()) {
      socket.setSoTimeout(5000);
      InetAddress hubAddress = InetAddress.getLoopbackAddress();
      int port = hub.hub.sipPort();
      send(socket, hubAddress, port, "\u0000\u0001garbage\r\n\r\n");
      send(socket, hubAddress, port, "INVITE sip:201@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:1;bra");
      send(socket, hubAddress, port, "OPTIONS sip:" + "x".repeat(70_000) + "@127.0.0.1 SIP/2.0\r\n\r\n");

      String options = "OPTIONS sip:127.0.0.1:" + port + " SIP/2.0\r\n"
          + "Via: SIP/2.0/UDP 127.0.0.1:" + socket.getLocalPort() + ";branch=z9hG4bK-alive-1\r\n"
          + "From: <sip:probe@127.0.0.1>;tag=1\r\nTo: <sip:127.0.0.1>\r\nCall-ID: alive-1\r\n"
          + "CSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
      send(socket, hubAddress, port, options);
      byte[] buffer = new byte[4096];
      DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
      String answer = "";
      // Skip anything the garbage may have drawn (a 400); the OPTIONS must be answered 200.
      for (int i = 0; i < 5 && !answer.contains("alive-1"); i++) {
        socket.receive(reply);
        answer = new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8);
      }
      assertThat(answer).startsWith("SIP/2.0 200").contains("Call-ID: alive-1");
    }
  }

  private static void send(DatagramSocket socket, InetAddress address, int port, String text) throws Exception {
    byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
    socket.send(new DatagramPacket(bytes, Math.min(bytes.length, 65_000), address, port));
  }

  private static long agent(String login, String extension, String sipPassword) {
    var created = hub.send("POST", "/api/v1/users", admin, new JsonObject().put("login", login)
        .put("displayName", login).put("role", "agent").put("extension", extension)
        .put("password", login + "-web-pass"));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    long id = created.bodyAsJsonObject().getLong("id");
    var set = hub.send("PUT", "/api/v1/users/" + id + "/sip-password", admin,
        new JsonObject().put("password", sipPassword));
    assertThat(set.statusCode()).as(set.bodyAsString()).isEqualTo(200);
    return id;
  }

  private static JsonObject presence(long agentId) {
    JsonArray agents = hub.get("/api/v1/agents", admin).bodyAsJsonArray();
    return agents.stream().map(JsonObject.class::cast).filter(a -> a.getLong("agentId") == agentId).findFirst()
        .orElse(null);
  }

  private static void pause(long millis) {
    RunningHub.await(io.vertx.core.Future.future(p -> hub.clientVertx.setTimer(millis, t -> p.complete())));
  }
}
