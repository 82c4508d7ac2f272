package io.linehub.server.openlines;

import static org.assertj.core.api.Assertions.assertThat;

import io.linehub.server.RunningHub;
import io.linehub.server.chat.ChatClient;
import io.linehub.testkit.BlockedThreadCounter;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Telegram open line end to end against a running hub: the webhook as Telegram sends it (the Bot
 * API docs' Update), the operator on a real WebSocket, and a local server speaking the Bot API's
 * sendMessage wire format where the real api.telegram.org would be (the channel's base URL).
 */
class TelegramLineTest {

  static final String BOT_TOKEN = "123456:ABC-DEF1234ghIkl";
  static final String HOOK_SECRET = "hook-secret_42";

  @TempDir
  static Path dataDir;
  static RunningHub hub;
  static FakeTelegram telegram;

  @BeforeAll
  static void start() {
    hub = RunningHub.start(dataDir, Map.of());
    telegram = FakeTelegram.start(hub.clientVertx);
  }

  @AfterAll
  static void stop() {
    if (hub != null) {
      hub.close();
    }
    assertThat(BlockedThreadCounter.reports()).as("event-loop blocked warnings").isEmpty();
  }

  @Test
  void customerMessageShouldReachTheOperatorOnceAndTheReplyReachTelegramWithItsStatus() {
    String admin = hub.adminToken();
    Operator anna = Operator.create(hub, "tg-anna");
    line(hub, admin, "tg-line", anna);
    JsonObject channel = createChannel(hub, admin, "tg", "tg-line", telegram.baseUrl());
    assertThat(channel.getJsonObject("secrets").getMap()).containsOnlyKeys("botToken", "webhookSecret")
        .allSatisfy((key, value) -> assertThat(value).isEqualTo("set"));
    assertThat(hub.get("/api/v1/openlines/channels", admin).bodyAsString()).doesNotContain(BOT_TOKEN, HOOK_SECRET);

    byte[] update = fixture("telegram/message-text.json");
    assertThat(hook(hub, "tg", update, null).statusCode()).as("no secret header").isEqualTo(401);
    assertThat(hook(hub, "tg", update, "guess").statusCode()).as("wrong secret").isEqualTo(403);
    assertThat(hub.get("/api/v1/openlines/sessions", admin).bodyAsJsonObject().getJsonArray("items"))
        .as("nothing stored for a bad signature").isEmpty();

    try (var ws = anna.connect(hub)) {
      assertThat(hook(hub, "tg", update, HOOK_SECRET).statusCode()).isEqualTo(200);
      assertThat(hook(hub, "tg", update, HOOK_SECRET).statusCode()).as("Telegram's retry").isEqualTo(200);

      JsonObject offer = ws.next(f -> "offer".equals(f.getString("type")));
      assertThat(offer.getString("media")).isEqualTo("chat");
      assertThat(offer.getString("customer")).isEqualTo("Test Firstname Test Lastname");
      assertThat(ws.call("accept", new JsonObject().put("ticketId", offer.getString("ticketId"))).getString("type"))
          .isEqualTo("ok");
      JsonObject joined = ws.next(f -> "dialog".equals(f.getString("type")));
      long dialog = joined.getLong("dialogId");
      List<JsonObject> conversation = ws.messages(dialog, 2);
      assertThat(conversation).extracting(m -> m.getString("kind")).containsExactly("external", "system");
      assertThat(conversation.get(0).getString("text")).isEqualTo("/start");

      JsonObject ack = ws.call("send", new JsonObject().put("dialogId", dialog).put("clientId", "r1")
          .put("text", "Hello! How can I help?"));
      JsonObject sent = telegram.next();
      assertThat(sent.getString("path")).isEqualTo("/bot" + BOT_TOKEN + "/sendMessage");
      assertThat(sent.getJsonObject("body")).isEqualTo(new JsonObject().put("chat_id", "1111111")
          .put("text", "Hello! How can I help?"));
      JsonObject delivered = ws.next(f -> "delivery".equals(f.getString("type")) && "sent".equals(f.getString("status")));
      assertThat(delivered.getLong("seq")).isEqualTo(ack.getLong("seq"));
      assertThat(ws.pending()).as("the retried webhook posted nothing twice")
          .noneMatch(f -> "message".equals(f.getString("type"))
              && "external".equals(f.getJsonObject("message").getString("kind")));

      JsonObject session = hub.get("/api/v1/openlines/sessions", anna.token()).bodyAsJsonObject()
          .getJsonArray("items").getJsonObject(0);
      assertThat(session.getString("status")).isEqualTo("answered");
      assertThat(session.getLong("operatorId")).isEqualTo(anna.id());
      assertThat(session.getInteger("messagesIn")).isEqualTo(1);
      assertThat(session.getInteger("messagesOut")).isEqualTo(1);
      assertThat(session.getValue("firstResponseSeconds")).isNotNull();
      String entity = session.getString("crmEntity");
      assertThat(entity).as("a new customer became a lead").startsWith("lead");
      JsonArray activities = hub.get("/api/v1/crm/activities?entity=" + entity, admin).bodyAsJsonObject()
          .getJsonArray("items");
      assertThat(activities).isNotEmpty();

      // No body at all: the reason is optional.
      var closed = hub.send("POST", "/api/v1/openlines/sessions/" + session.getLong("id") + "/close", anna.token(),
          null);
      assertThat(closed.statusCode()).as(closed.bodyAsString()).isEqualTo(200);
      assertThat(closed.bodyAsJsonObject().getString("status")).isEqualTo("closed");
      assertThat(hub.send("POST", "/api/v1/openlines/sessions/" + session.getLong("id") + "/close", anna.token(),
          new JsonObject()).statusCode()).as("closed already").isEqualTo(409);
    }
  }

  @Test
  void replyShouldBeRetriedAfterTelegramsRetryAfter() {
    String admin = hub.adminToken();
    Operator boris = Operator.create(hub, "tg-boris");
    line(hub, admin, "tg-line-2", boris);
    createChannel(hub, admin, "tg2", "tg-line-2", telegram.baseUrl());
    try (var ws = boris.connect(hub)) {
      byte[] update = fixture("telegram/message-contact.json");
      assertThat(hook(hub, "tg2", update, HOOK_SECRET).statusCode()).isEqualTo(200);
      JsonObject offer = ws.next(f -> "offer".equals(f.getString("type")));
      ws.call("accept", new JsonObject().put("ticketId", offer.getString("ticketId")));
      long dialog = ws.next(f -> "dialog".equals(f.getString("type"))).getLong("dialogId");

      telegram.tooManyRequests.set(1);
      JsonObject ack = ws.call("send", new JsonObject().put("dialogId", dialog).put("text", "One moment"));
      JsonObject refused = telegram.next();
      JsonObject accepted = telegram.next();
      assertThat(refused.getJsonObject("body")).isEqualTo(accepted.getJsonObject("body"));
      assertThat(accepted.getLong("at") - refused.getLong("at")).as("retry_after: 1 honoured")
          .isGreaterThanOrEqualTo(900);
      assertThat(ws.next(f -> "delivery".equals(f.getString("type")) && "sent".equals(f.getString("status")))
          .getLong("seq")).isEqualTo(ack.getLong("seq"));
    }
  }

  @Test
  void repliesShouldKeepTheirOrderAndTheChannelsSendRate() {
    String admin = hub.adminToken();
    Operator rita = Operator.create(hub, "tg-rita");
    line(hub, admin, "tg-line-rate", rita);
    createChannel(hub, admin, "tg-rate", "tg-line-rate", telegram.baseUrl());
    assertThat(hub.send("PATCH", "/api/v1/openlines/channels/tg-rate", admin, new JsonObject()
        .put("settings", new JsonObject().put("sendPerSecond", "2"))).statusCode()).isEqualTo(200);
    try (var ws = rita.connect(hub)) {
      assertThat(hook(hub, "tg-rate", fixture("telegram/message-text.json"), HOOK_SECRET).statusCode()).isEqualTo(200);
      JsonObject offer = ws.next(f -> "offer".equals(f.getString("type")));
      ws.call("accept", new JsonObject().put("ticketId", offer.getString("ticketId")));
      long dialog = ws.next(f -> "dialog".equals(f.getString("type"))).getLong("dialogId");
      for (int i = 1; i <= 6; i++) {
        ws.request("send", new JsonObject().put("dialogId", dialog).put("clientId", "rate-" + i).put("text", "part " + i));
      }
      List<JsonObject> calls = new java.util.ArrayList<>();
      for (int i = 0; i < 6; i++) {
        calls.add(telegram.next());
      }
      assertThat(calls).extracting(c -> c.getJsonObject("body").getString("text"))
          .containsExactly("part 1", "part 2", "part 3", "part 4", "part 5", "part 6");
      assertThat(calls.get(5).getLong("at") - calls.get(0).getLong("at")).as("2 a second: 6 take over a second")
          .isGreaterThanOrEqualTo(1_500);
    }
  }

  @Test
  void replyWaitingForTelegramShouldBeSentAfterARestart(@TempDir Path ownDir) {
    RunningHub first = RunningHub.start(ownDir, Map.of());
    Operator ivan;
    long dialog;
    try {
      String admin = first.adminToken();
      ivan = Operator.create(first, "tg-ivan");
      line(first, admin, "tg-line-down", ivan);
      createChannel(first, admin, "tg-down", "tg-line-down", telegram.baseUrl());
      try (var ws = ivan.connect(first)) {
        hook(first, "tg-down", fixture("telegram/message-text.json"), HOOK_SECRET);
        JsonObject offer = ws.next(f -> "offer".equals(f.getString("type")));
        ws.call("accept", new JsonObject().put("ticketId", offer.getString("ticketId")));
        dialog = ws.next(f -> "dialog".equals(f.getString("type"))).getLong("dialogId");
        telegram.down.set(true);
        telegram.calls.clear();
        ws.call("send", new JsonObject().put("dialogId", dialog).put("text", "Sorry for the wait"));
        telegram.next();
        JsonObject waiting = ws.next(f -> "delivery".equals(f.getString("type")) && "pending".equals(f.getString("status"))
            && f.getString("reason") != null);
        assertThat(waiting.getString("reason")).as("the operator sees why").contains("502");
      }
    } finally {
      first.close();
    }
    telegram.down.set(false);
    telegram.calls.clear();
    RunningHub second = RunningHub.start(ownDir, Map.of());
    try {
      JsonObject resent = telegram.next();
      assertThat(resent.getJsonObject("body").getString("text")).isEqualTo("Sorry for the wait");
    } finally {
      second.close();
    }
  }

  @Test
  void webhookCommittedBeforeARestartShouldReachTheOperatorOnceAfterIt(@TempDir Path ownDir) {
    // The first hub only takes webhooks in (openlines.process=false): the 200 is given and nothing
    // is processed, as if it died right after answering.
    RunningHub first = RunningHub.start(ownDir, Map.of("LINEHUB_OPENLINES_PROCESS", "false"));
    Operator vera;
    try {
      String admin = first.adminToken();
      vera = Operator.create(first, "tg-vera");
      line(first, admin, "tg-line-3", vera);
      createChannel(first, admin, "tg3", "tg-line-3", telegram.baseUrl());
      byte[] update = fixture("telegram/message-text.json");
      assertThat(hook(first, "tg3", update, HOOK_SECRET).statusCode()).isEqualTo(200);
    } finally {
      first.close();
    }
    RunningHub second = RunningHub.start(ownDir, Map.of());
    try {
      Operator again = vera.signIn(second);
      try (var ws = again.connect(second)) {
        // Vera was available before the restart and is again at once after it: the offer may have
        // gone out before this socket opened, so it is read as the workspace reads it on every
        // (re)connect, from the pending offers.
        again.available(second);
        assertThat(hook(second, "tg3", fixture("telegram/message-text.json"), HOOK_SECRET).statusCode())
            .as("Telegram retrying after the restart").isEqualTo(200);
        JsonArray offers = new JsonArray();
        for (int i = 0; i < 200 && offers.isEmpty(); i++) {
          offers = second.get("/api/v1/routing/offers", again.token()).bodyAsJsonArray();
          if (offers.isEmpty()) {
            RunningHub.await(io.vertx.core.Future.future(p -> second.clientVertx.setTimer(50, t -> p.complete())));
          }
        }
        assertThat(offers).as("one pending offer for the customer").hasSize(1);
        ws.call("accept", new JsonObject().put("ticketId", offers.getJsonObject(0).getString("ticketId")));
        long dialog = ws.next(f -> "dialog".equals(f.getString("type"))).getLong("dialogId");
        assertThat(ws.messages(dialog, 2)).extracting(m -> m.getString("kind")).containsExactly("external", "system");
        assertThat(ws.call("history", new JsonObject().put("dialogId", dialog)).getJsonArray("messages"))
            .filteredOn(m -> "external".equals(((JsonObject) m).getString("kind"))).hasSize(1);
      }
    } finally {
      second.close();
    }
  }

  // ---- set-up -------------------------------------------------------------------------------

  static JsonObject createChannel(RunningHub on, String admin, String id, String lineId, String baseUrl) {
    var created = on.send("POST", "/api/v1/openlines/channels", admin, new JsonObject().put("id", id)
        .put("kind", "telegram").put("lineId", lineId).put("name", "Support bot").put("baseUrl", baseUrl)
        .put("secrets", new JsonObject().put("botToken", BOT_TOKEN).put("webhookSecret", HOOK_SECRET)));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    return created.bodyAsJsonObject();
  }

  static void line(RunningHub on, String admin, String lineId, Operator member) {
    var line = on.send("POST", "/api/v1/lines", admin, new JsonObject().put("id", lineId).put("strategy", "evenly")
        .put("members", new JsonArray().add(new JsonObject().put("userId", member.id()).put("tier", 0))));
    assertThat(line.statusCode()).as(line.bodyAsString()).isEqualTo(201);
    assertThat(on.send("PUT", "/api/v1/agents/me/state", member.token(), new JsonObject().put("state", "available"))
        .statusCode()).isEqualTo(200);
  }

  static HttpResponse<Buffer> hook(RunningHub on, String channel, byte[] body, String secret) {
    var request = on.client.post("/hooks/" + channel).putHeader("Content-Type", "application/json");
    if (secret != null) {
      request.putHeader("X-Telegram-Bot-Api-Secret-Token", secret);
    }
    return RunningHub.await(request.sendBuffer(Buffer.buffer(body)));
  }

  /** The Bot API docs' payloads, kept with the connector's tests. */
  static byte[] fixture(String path) {
    Path file = Path.of("../../openlines/src/test/resources/fixtures").resolve(path);
    try (InputStream in = java.nio.file.Files.newInputStream(file)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An agent account on a line, signed in. */
  record Operator(long id, String login, String token) {

    static Operator create(RunningHub on, String login) {
      var created = on.send("POST", "/api/v1/users", on.adminToken(), new JsonObject().put("login", login)
          .put("displayName", login).put("role", "agent").put("password", login + "-web-pass"));
      assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
      return new Operator(created.bodyAsJsonObject().getLong("id"), login, on.login(login, login + "-web-pass"));
    }

    Operator signIn(RunningHub on) {
      return new Operator(id, login, on.login(login, login + "-web-pass"));
    }

    void available(RunningHub on) {
      assertThat(on.send("PUT", "/api/v1/agents/me/state", token, new JsonObject().put("state", "available"))
          .statusCode()).isEqualTo(200);
    }

    ChatClient connect(RunningHub on) {
      WebSocketClient sockets = on.clientVertx.createWebSocketClient();
      return ChatClient.connect(sockets, on.hub.httpPort(), token);
    }
  }

  /**
   * Where api.telegram.org would be: answers {@code sendMessage} as the Bot API does, records every
   * call, and can answer 429 with {@code retry_after} first.
   */
  static final class FakeTelegram {

    final LinkedBlockingQueue<JsonObject> calls = new LinkedBlockingQueue<>();
    final AtomicInteger tooManyRequests = new AtomicInteger();
    /** While true, Telegram is down: every call gets 502. */
    final java.util.concurrent.atomic.AtomicBoolean down = new java.util.concurrent.atomic.AtomicBoolean();
    final AtomicInteger nextId = new AtomicInteger(2000);
    HttpServer server;

    static FakeTelegram start(Vertx vertx) {
      FakeTelegram fake = new FakeTelegram();
      fake.server = RunningHub.await(vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
        JsonObject call = new JsonObject().put("path", request.path()).put("at", System.currentTimeMillis())
            .put("body", body.length() == 0 ? null : body.toJsonObject());
        fake.calls.add(call);
        if (fake.down.get()) {
          request.response().setStatusCode(502).end("<html>Bad Gateway</html>");
          return;
        }
        if (fake.tooManyRequests.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
          request.response().setStatusCode(429).putHeader("Content-Type", "application/json")
              .end("{\"ok\":false,\"error_code\":429,\"description\":\"Too Many Requests: retry after 1\","
                  + "\"parameters\":{\"retry_after\":1}}");
          return;
        }
        JsonObject sent = call.getJsonObject("body");
        request.response().putHeader("Content-Type", "application/json").end(new JsonObject().put("ok", true)
            .put("result", new JsonObject().put("message_id", fake.nextId.incrementAndGet())
                .put("chat", new JsonObject().put("id", Long.parseLong(sent.getString("chat_id"))).put("type", "private"))
                .put("date", System.currentTimeMillis() / 1000).put("text", sent.getString("text"))).encode());
      })).listen(0, "127.0.0.1"));
      return fake;
    }

    String baseUrl() {
      return "http://127.0.0.1:" + server.actualPort();
    }

    JsonObject next() {
      try {
        JsonObject call = calls.poll(30, TimeUnit.SECONDS);
        if (call == null) {
          throw new AssertionError("Telegram got no call within 30 s");
        }
        return call;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  static <T> T await(Future<T> future) {
    return RunningHub.await(future);
  }
}
