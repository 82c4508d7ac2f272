package io.linehub.server.openlines;

import static io.linehub.server.openlines.TelegramLineTest.HOOK_SECRET;
import static io.linehub.server.openlines.TelegramLineTest.createChannel;
import static io.linehub.server.openlines.TelegramLineTest.hook;
import static org.assertj.core.api.Assertions.assertThat;

import io.linehub.server.RunningHub;
import io.linehub.server.chat.ChatClient;
import io.linehub.server.openlines.TelegramLineTest.FakeTelegram;
import io.linehub.server.openlines.TelegramLineTest.Operator;
import io.linehub.testkit.BlockedThreadCounter;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an open line does around the conversation, over Telegram: its greeting, quick answers,
 * transfer to an operator and to a line, the rating at close, the out-of-hours reply, and the
 * session's CRM activity done at the first answer.
 */
class OpenlineSessionsTest {

  @TempDir
  static Path dataDir;
  static RunningHub hub;
  static FakeTelegram telegram;
  static String admin;

  @BeforeAll
  static void start() {
    hub = RunningHub.start(dataDir, Map.of());
    telegram = FakeTelegram.start(hub.clientVertx);
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
  void sessionShouldGreetTransferCloseWithARatingAndTakeTheRating() {
    Operator anna = Operator.create(hub, "ses-anna");
    Operator boris = Operator.create(hub, "ses-boris");
    Operator carl = Operator.create(hub, "ses-carl");
    line("ses-line", anna);
    line("ses-line-2", carl);
    var settings = hub.send("PUT", "/api/v1/openlines/lines/ses-line/settings", admin, new JsonObject()
        .put("greeting", "Hi! An operator will be with you shortly.")
        .put("ratingRequest", "How did we do? Reply 1 to 5.")
        .put("autoCloseMinutes", 60)
        .put("quickAnswers", new JsonArray().add(new JsonObject().put("title", "Hours").put("text", "We work 9-18."))));
    assertThat(settings.statusCode()).as(settings.bodyAsString()).isEqualTo(200);
    assertThat(hub.get("/api/v1/openlines/lines/ses-line/settings", anna.token()).bodyAsJsonObject()
        .getJsonArray("quickAnswers").getJsonObject(0).getString("text")).isEqualTo("We work 9-18.");
    createChannel(hub, admin, "ses-tg", "ses-line", telegram.baseUrl());

    try (ChatClient annaWs = anna.connect(hub); ChatClient borisWs = boris.connect(hub);
        ChatClient carlWs = carl.connect(hub)) {
      assertThat(hook(hub, "ses-tg", update(500, 7001, "Hello, is anyone there?"), HOOK_SECRET).statusCode())
          .isEqualTo(200);
      assertThat(telegram.next().getJsonObject("body").getString("text"))
          .as("the greeting").isEqualTo("Hi! An operator will be with you shortly.");
      JsonObject offer = annaWs.next(f -> "offer".equals(f.getString("type")));
      annaWs.call("accept", new JsonObject().put("ticketId", offer.getString("ticketId")));
      long dialog = annaWs.next(f -> "dialog".equals(f.getString("type"))).getLong("dialogId");
      JsonObject session = onlySession(anna);
      long sessionId = session.getLong("id");
      String entity = session.getString("crmEntity");
      assertThat(openActivities(entity)).as("open until answered").isEqualTo(1);

      annaWs.call("send", new JsonObject().put("dialogId", dialog).put("text", "We work 9-18."));
      assertThat(telegram.next().getJsonObject("body").getString("text")).isEqualTo("We work 9-18.");
      awaitTrue(() -> openActivities(entity) == 0, "the session's activity done at the first answer");

      var toBoris = hub.send("POST", "/api/v1/openlines/sessions/" + sessionId + "/transfer", anna.token(),
          new JsonObject().put("userId", boris.id()));
      assertThat(toBoris.statusCode()).as(toBoris.bodyAsString()).isEqualTo(200);
      assertThat(borisWs.messages(dialog, 4)).as("the whole conversation").extracting(m -> m.getString("kind"))
          .contains("external", "text");
      assertThat(hub.get("/api/v1/openlines/sessions/" + sessionId, anna.token()).statusCode())
          .as("not anna's any more").isEqualTo(403);

      var toLine = hub.send("POST", "/api/v1/openlines/sessions/" + sessionId + "/transfer", boris.token(),
          new JsonObject().put("lineId", "ses-line-2"));
      assertThat(toLine.statusCode()).as(toLine.bodyAsString()).isEqualTo(200);
      JsonObject carlOffer = carlWs.next(f -> "offer".equals(f.getString("type")));
      assertThat(carlOffer.getString("ticketId")).isEqualTo("openline-" + sessionId + "-1");
      carlWs.call("accept", new JsonObject().put("ticketId", carlOffer.getString("ticketId")));
      carlWs.next(f -> "dialog".equals(f.getString("type")) && f.getLong("dialogId") == dialog);
      borisWs.next(f -> "dialog".equals(f.getString("type")) && f.getJsonArray("left").stream()
          .anyMatch(id -> ((Number) id).longValue() == boris.id()));

      var closed = hub.send("POST", "/api/v1/openlines/sessions/" + sessionId + "/close", carl.token(), new JsonObject());
      assertThat(closed.statusCode()).as(closed.bodyAsString()).isEqualTo(200);
    }
    // ses-line-2 has no settings of its own, and the session is on it now: no rating request.
    assertThat(telegram.calls).isEmpty();
    assertThat(hub.get("/api/v1/crm/activities?entity=" + onlySessionOf("ses-tg").getString("crmEntity"), admin)
        .bodyAsString()).as("the transcript attached").contains("We work 9-18.");
  }

  @Test
  void closingShouldAskForARatingAndTheAnswerBeStoredWithoutANewSession() {
    Operator dina = Operator.create(hub, "rate-dina");
    line("rate-line", dina);
    hub.send("PUT", "/api/v1/openlines/lines/rate-line/settings", admin, new JsonObject()
        .put("ratingRequest", "Please rate us from 1 to 5"));
    createChannel(hub, admin, "rate-tg", "rate-line", telegram.baseUrl());
    try (ChatClient ws = dina.connect(hub)) {
      hook(hub, "rate-tg", update(600, 8001, "Where is my parcel?"), HOOK_SECRET);
      JsonObject offer = ws.next(f -> "offer".equals(f.getString("type")));
      ws.call("accept", new JsonObject().put("ticketId", offer.getString("ticketId")));
      // The session is hers once she is in its dialog (the engine records the operator first).
      ws.next(f -> "dialog".equals(f.getString("type")));
      long sessionId = onlySession(dina).getLong("id");
      assertThat(hub.send("POST", "/api/v1/openlines/sessions/" + sessionId + "/close", dina.token(), new JsonObject())
          .statusCode()).isEqualTo(200);
      assertThat(telegram.next().getJsonObject("body").getString("text")).isEqualTo("Please rate us from 1 to 5");

      assertThat(hook(hub, "rate-tg", update(601, 8001, "5"), HOOK_SECRET).statusCode()).isEqualTo(200);
      awaitTrue(() -> Integer.valueOf(5).equals(hub.get("/api/v1/openlines/sessions/" + sessionId, admin)
          .bodyAsJsonObject().getInteger("rating")), "the rating stored on the session");
      assertThat(hub.get("/api/v1/openlines/sessions?status=open", admin).bodyAsJsonObject().getJsonArray("items")
          .stream().map(JsonObject.class::cast).filter(s -> "rate-tg".equals(s.getString("channelId"))))
          .as("the rating opened no new session").isEmpty();
    }
  }

  @Test
  void customerWritingOutOfHoursShouldGetTheLinesOutOfHoursReply() {
    var line = hub.send("POST", "/api/v1/lines", admin, new JsonObject().put("id", "night-line").put("strategy", "evenly")
        .put("hours", new JsonObject().put("timeZone", "UTC").put("week", new JsonObject().put("mon", new JsonArray())))
        .put("outOfHours", new JsonObject().put("action", "auto_reply").put("message", "We are closed, write to us tomorrow")));
    assertThat(line.statusCode()).as(line.bodyAsString()).isEqualTo(201);
    createChannel(hub, admin, "night-tg", "night-line", telegram.baseUrl());

    assertThat(hook(hub, "night-tg", update(700, 9001, "Hello?"), HOOK_SECRET).statusCode()).isEqualTo(200);
    assertThat(telegram.next().getJsonObject("body").getString("text")).isEqualTo("We are closed, write to us tomorrow");
  }

  // ---- set-up -------------------------------------------------------------------------------

  static void line(String id, Operator member) {
    TelegramLineTest.line(hub, admin, id, member);
  }

  /** A Telegram text Update from customer {@code chatId}, as the Bot API sends it. */
  static byte[] update(int updateId, long chatId, String text) {
    return new JsonObject().put("update_id", updateId).put("message", new JsonObject().put("message_id", updateId)
            .put("date", System.currentTimeMillis() / 1000)
            .put("chat", new JsonObject().put("id", chatId).put("type", "private").put("first_name", "Olga"))
            .put("from", new JsonObject().put("id", chatId).put("is_bot", false).put("first_name", "Olga"))
            .put("text", text))
        .encode().getBytes(StandardCharsets.UTF_8);
  }

  static JsonObject onlySession(Operator operator) {
    JsonArray mine = hub.get("/api/v1/openlines/sessions?status=open", operator.token()).bodyAsJsonObject()
        .getJsonArray("items");
    assertThat(mine).hasSize(1);
    return mine.getJsonObject(0);
  }

  static JsonObject onlySessionOf(String channelId) {
    return hub.get("/api/v1/openlines/sessions", admin).bodyAsJsonObject().getJsonArray("items").stream()
        .map(JsonObject.class::cast).filter(s -> channelId.equals(s.getString("channelId"))).findFirst().orElseThrow();
  }

  static long openActivities(String entity) {
    return hub.get("/api/v1/crm/activities?entity=" + entity + "&status=open", admin).bodyAsJsonObject()
        .getJsonArray("items").size();
  }

  static void awaitTrue(java.util.function.BooleanSupplier condition, String what) {
    long deadline = System.currentTimeMillis() + 20_000;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("not within 20 s: " + what);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
