package io.linehub.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.linehub.server.RunningHub;
import io.linehub.testkit.BlockedThreadCounter;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A token stops working when its user signs out, is deactivated, gets a new role or a new password
 * — at once, not when it expires: on the REST API, on WebSocket upgrades, and on sockets already
 * open, which close.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TokenRevocationTest {

  @TempDir
  static Path dataDir;
  static RunningHub hub;
  static String admin;

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
  void signingOutShouldEndEveryTokenOfTheUser() throws Exception {
    user("rv-olga", "agent");
    String laptop = hub.login("rv-olga", "rv-olga-pass");
    String phone = hub.login("rv-olga", "rv-olga-pass");
    // The user's first request is a socket: their standing is read from the database during the
    // upgrade, which must stay possible (the request is held meanwhile).
    assertThat(upgrade("/ws", laptop)).isEqualTo(101);
    assertThat(me(laptop)).isEqualTo(200);

    var out = hub.send("POST", "/api/v1/auth/logout", laptop, null);
    assertThat(out.statusCode()).as(out.bodyAsString()).isEqualTo(200);
    assertThat(me(laptop)).isEqualTo(401);
    assertThat(me(phone)).as("every device: tokens carry no session").isEqualTo(401);
    assertThat(upgrade("/ws", phone)).as("nor a socket").isEqualTo(401);

    String again = signInAgain("rv-olga", "rv-olga-pass");
    assertThat(me(again)).as("signing in again works").isEqualTo(200);
    assertThat(upgrade("/ws", again)).isEqualTo(101);
  }

  @Test
  void deactivationRoleAndPasswordChangesShouldEndTokensAtOnce() throws Exception {
    long boris = user("rv-boris", "agent");
    long vera = user("rv-vera", "supervisor");
    long pavel = user("rv-pavel", "agent");
    String borisToken = hub.login("rv-boris", "rv-boris-pass");
    String veraToken = hub.login("rv-vera", "rv-vera-pass");
    String pavelToken = hub.login("rv-pavel", "rv-pavel-pass");
    assertThat(hub.get("/api/v1/reports/lines", veraToken).statusCode()).isEqualTo(200);

    patch(boris, new JsonObject().put("active", false));
    patch(vera, new JsonObject().put("role", "agent"));
    patch(pavel, new JsonObject().put("password", "rv-pavel-new-pass"));
    patch(pavel, new JsonObject().put("displayName", "Pavel P."));

    assertThat(me(borisToken)).as("deactivated").isEqualTo(401);
    assertThat(upgrade("/api/v1/supervisor/live", veraToken)).as("a supervisor made an agent").isEqualTo(401);
    assertThat(me(pavelToken)).as("a new password").isEqualTo(401);
    String pavelNow = signInAgain("rv-pavel", "rv-pavel-new-pass");
    patch(pavel, new JsonObject().put("displayName", "Pavel Petrov"));
    assertThat(me(pavelNow)).as("a new name ends nothing").isEqualTo(200);
    patch(boris, new JsonObject().put("active", true));
    assertThat(me(borisToken)).as("reactivated: the old token stays ended").isEqualTo(401);
  }

  @Test
  void socketsAlreadyOpenShouldCloseWhenTheirTokenEnds() {
    long nina = user("rv-nina", "supervisor");
    user("rv-oleg", "agent");
    String ninaToken = hub.login("rv-nina", "rv-nina-pass");
    String olegToken = hub.login("rv-oleg", "rv-oleg-pass");
    WebSocketClient client = hub.clientVertx.createWebSocketClient();
    try {
      OpenSocket chat = open(client, "/ws", ninaToken);
      OpenSocket wallboard = open(client, "/api/v1/supervisor/live", ninaToken);
      OpenSocket other = open(client, "/ws", olegToken);

      patch(nina, new JsonObject().put("role", "agent"));

      assertThat(RunningHub.await(chat.closed())).as("her chat socket").isEqualTo((short) 4401);
      assertThat(RunningHub.await(wallboard.closed())).as("her wallboard").isEqualTo((short) 4401);
      assertThat(other.ws().isClosed()).as("another user's socket").isFalse();

      // A change that ends no token (a new name) closes nothing.
      OpenSocket again = open(client, "/ws", signInAgain("rv-nina", "rv-nina-pass"));
      patch(nina, new JsonObject().put("displayName", "Nina N."));
      assertThat(hub.get("/api/v1/users/me", olegToken).statusCode()).isEqualTo(200);
      assertThat(again.ws().isClosed()).as("a socket whose token is still good").isFalse();
      assertThat(other.ws().isClosed()).isFalse();
    } finally {
      RunningHub.await(client.close());
    }
  }

  /** An open socket and the close code it will end with. */
  private record OpenSocket(io.vertx.core.http.WebSocket ws, io.vertx.core.Future<Short> closed) {
  }

  private static OpenSocket open(WebSocketClient client, String path, String token) {
    io.vertx.core.http.WebSocket ws = RunningHub.await(client.connect(new WebSocketConnectOptions()
        .setHost("localhost").setPort(hub.hub.httpPort()).setURI(path + "?access_token=" + token)));
    io.vertx.core.Promise<Short> closed = io.vertx.core.Promise.promise();
    ws.handler(ignored -> { });
    ws.closeHandler(ignored -> closed.tryComplete(ws.closeStatusCode()));
    return new OpenSocket(ws, closed.future());
  }

  /**
   * A fresh token that works: a sign-in within the second of the change is refused (token times are
   * whole seconds), so this signs in until the token is accepted, for at most 3 s.
   */
  private static String signInAgain(String login, String password) {
    long deadline = System.currentTimeMillis() + 3_000;
    String token = hub.login(login, password);
    while (me(token) == 401 && System.currentTimeMillis() < deadline) {
      RunningHub.await(io.vertx.core.Future.future(p -> hub.clientVertx.setTimer(100, t -> p.complete())));
      token = hub.login(login, password);
    }
    return token;
  }

  private static long user(String login, String role) {
    var created = hub.send("POST", "/api/v1/users", admin, new JsonObject().put("login", login)
        .put("displayName", login).put("role", role).put("password", login + "-pass"));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    return created.bodyAsJsonObject().getLong("id");
  }

  private static void patch(long id, JsonObject changes) {
    var patched = hub.send("PATCH", "/api/v1/users/" + id, admin, changes);
    assertThat(patched.statusCode()).as(patched.bodyAsString()).isEqualTo(200);
  }

  private static int me(String token) {
    return hub.get("/api/v1/users/me", token).statusCode();
  }

  /** The status of a WebSocket upgrade with this token: 101 when accepted. */
  private static int upgrade(String path, String token) {
    WebSocketClient client = hub.clientVertx.createWebSocketClient();
    try {
      return RunningHub.await(client.connect(new WebSocketConnectOptions().setHost("localhost")
              .setPort(hub.hub.httpPort()).setURI(path + "?access_token=" + token))
          .compose(ws -> ws.close().map(101))
          .recover(e -> io.vertx.core.Future.succeededFuture(
              e instanceof io.vertx.core.http.UpgradeRejectedException rejected ? rejected.getStatus() : -1)));
    } finally {
      RunningHub.await(client.close());
    }
  }
}
