package io.linehub.server.openlines;

import static io.linehub.server.openlines.TelegramLineTest.fixture;
import static io.linehub.server.openlines.TelegramLineTest.line;
import static org.assertj.core.api.Assertions.assertThat;

import io.linehub.server.RunningHub;
import io.linehub.server.chat.ChatClient;
import io.linehub.server.openlines.TelegramLineTest.Operator;
import io.linehub.testkit.BlockedThreadCounter;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * VK, Messenger and Viber lines end to end: each provider's documented webhook (with its own
 * signature or secret) reaches the operator, the operator's reply reaches a local server in the
 * exact form of the provider's send API, and the provider's answer comes back as the delivery
 * status (for Viber, also its delivered callback).
 */
class ProviderLinesTest {

  @TempDir
  static Path dataDir;
  static RunningHub hub;
  static HttpServer provider;
  static final LinkedBlockingQueue<JsonObject> calls = new LinkedBlockingQueue<>();
  /** What the provider answers the next send with. */
  static final AtomicReference<String> answer = new AtomicReference<>();
  static String admin;

  @BeforeAll
  static void start() {
    hub = RunningHub.start(dataDir, Map.of());
    admin = hub.adminToken();
    provider = RunningHub.await(hub.clientVertx.createHttpServer().requestHandler(request -> request.body()
        .onSuccess(body -> {
          calls.add(new JsonObject().put("path", request.path()).put("query", request.query())
              .put("headers", headers(request.headers())).put("body", body.toString(StandardCharsets.UTF_8)));
          request.response().putHeader("Content-Type", "application/json").end(answer.get());
        })).listen(0, "127.0.0.1"));
  }

  @AfterAll
  static void stop() {
    if (hub != null) {
      hub.close();
    }
    assertThat(BlockedThreadCounter.reports()).as("event-loop blocked warnings").isEmpty();
  }

  @Test
  void vkMessageShouldReachTheOperatorAndTheReplyBeAMessagesSendWithItsRandomId() throws Exception {
    Operator op = Operator.create(hub, "vk-op");
    channel("vk", "vk", new JsonObject().put("groupId", "123456"), new JsonObject()
        .put("callbackSecret", "aaQ13axAPQEcczQa").put("confirmationCode", "d8v2ve07").put("accessToken", "vk1.a.token"));
    HttpResponse<Buffer> confirmation = post("vk", fixture("vk/confirmation.json"), Map.of());
    assertThat(confirmation.bodyAsString()).as("VK's confirmation").isEqualTo("d8v2ve07");

    try (ChatClient ws = op.connect(hub)) {
      line(hub, admin, "vk-line", op);
      HttpResponse<Buffer> hook = post("vk", fixture("vk/message-new.json"), Map.of());
      assertThat(hook.bodyAsString()).as("VK wants ok").isEqualTo("ok");
      long dialog = accept(ws, "Здравствуйте! Заказ 1042 ещё не пришёл");

      answer.set("{\"response\":70123}");
      ws.call("send", new JsonObject().put("dialogId", dialog).put("text", "Проверяю заказ"));
      JsonObject call = next();
      assertThat(call.getString("path")).isEqualTo("/method/messages.send");
      MultiMap form = io.vertx.core.MultiMap.caseInsensitiveMultiMap();
      new io.netty.handler.codec.http.QueryStringDecoder("?" + call.getString("body")).parameters()
          .forEach((k, v) -> form.add(k, v.get(0)));
      assertThat(form.get("peer_id")).isEqualTo("12345");
      assertThat(form.get("message")).isEqualTo("Проверяю заказ");
      assertThat(form.get("access_token")).isEqualTo("vk1.a.token");
      assertThat(Long.parseLong(form.get("random_id"))).as("the outbox row: the same on every retry").isPositive();
      ws.next(f -> "delivery".equals(f.getString("type")) && "sent".equals(f.getString("status")));
    }
  }

  @Test
  void messengerMessageShouldReachTheOperatorAndTheReplyGoThroughTheSendApi() throws Exception {
    Operator op = Operator.create(hub, "fb-op");
    channel("fb", "facebook", new JsonObject(), new JsonObject().put("pageAccessToken", "EAAB-page")
        .put("appSecret", "fb-app-secret").put("verifyToken", "fb-verify"));
    byte[] message = fixture("messenger/message-text.json");
    assertThat(post("fb", message, Map.of("X-Hub-Signature-256", "sha256=" + "ab".repeat(32))).statusCode())
        .isEqualTo(403);
    try (ChatClient ws = op.connect(hub)) {
      line(hub, admin, "fb-line", op);
      assertThat(post("fb", message, Map.of("X-Hub-Signature-256", "sha256=" + hmac("fb-app-secret", message)))
          .statusCode()).isEqualTo(200);
      long dialog = accept(ws, "hello, world!");

      answer.set("{\"recipient_id\":\"1254477777772919\",\"message_id\":\"m_AG5Hz2Uq7tuwNEhXfYYKj8mJEM\"}");
      ws.call("send", new JsonObject().put("dialogId", dialog).put("text", "Hi there"));
      JsonObject call = next();
      assertThat(call.getString("path")).isEqualTo("/v21.0/me/messages");
      JsonObject body = new JsonObject(call.getString("body"));
      assertThat(body.getJsonObject("recipient").getString("id")).isEqualTo("1254477777772919");
      assertThat(body.getString("messaging_type")).isEqualTo("RESPONSE");
      assertThat(body.getJsonObject("message").getString("text")).isEqualTo("Hi there");
      ws.next(f -> "delivery".equals(f.getString("type")) && "sent".equals(f.getString("status")));
    }
  }

  @Test
  void viberMessageShouldReachTheOperatorAndItsDeliveredCallbackComeBack() throws Exception {
    Operator op = Operator.create(hub, "vb-op");
    channel("vb", "viber", new JsonObject().put("senderName", "Support"), new JsonObject()
        .put("authToken", "445da6az1s345z78-dazcczb2542zv51a-e0vc5fva17480im9"));
    byte[] message = fixture("viber/message-text.json");
    try (ChatClient ws = op.connect(hub)) {
      line(hub, admin, "vb-line", op);
      assertThat(post("vb", message, Map.of("X-Viber-Content-Signature",
          hmac("445da6az1s345z78-dazcczb2542zv51a-e0vc5fva17480im9", message))).statusCode()).isEqualTo(200);
      long dialog = accept(ws, "a message to the service");

      answer.set("{\"status\":0,\"status_message\":\"ok\",\"message_token\":5741311803571721087,"
          + "\"chat_hostname\":\"SN-CHAT-01_\",\"billing_status\":1}");
      JsonObject ack = ws.call("send", new JsonObject().put("dialogId", dialog).put("text", "How can we help?"));
      JsonObject call = next();
      assertThat(call.getString("path")).isEqualTo("/pa/send_message");
      assertThat(call.getJsonObject("headers").getString("x-viber-auth-token"))
          .isEqualTo("445da6az1s345z78-dazcczb2542zv51a-e0vc5fva17480im9");
      JsonObject body = new JsonObject(call.getString("body"));
      assertThat(body.getString("receiver")).isEqualTo("jc9HsWTZ2Yf2NkRZ8KcNug==");
      assertThat(body.getString("text")).isEqualTo("How can we help?");
      ws.next(f -> "delivery".equals(f.getString("type")) && "sent".equals(f.getString("status")));

      byte[] delivered = fixture("viber/delivered.json");
      String withOurToken = new String(delivered, StandardCharsets.UTF_8)
          .replace("4912661846655238145", "5741311803571721087");
      byte[] callback = withOurToken.getBytes(StandardCharsets.UTF_8);
      assertThat(post("vb", callback, Map.of("X-Viber-Content-Signature",
          hmac("445da6az1s345z78-dazcczb2542zv51a-e0vc5fva17480im9", callback))).statusCode()).isEqualTo(200);
      assertThat(ws.next(f -> "delivery".equals(f.getString("type")) && "delivered".equals(f.getString("status")))
          .getLong("seq")).isEqualTo(ack.getLong("seq"));
    }
  }

  // ---- set-up -------------------------------------------------------------------------------

  static void channel(String id, String kind, JsonObject settings, JsonObject secrets) {
    String base = "http://127.0.0.1:" + provider.actualPort() + ("vk".equals(kind) ? "/method" : "");
    var created = hub.send("POST", "/api/v1/openlines/channels", admin, new JsonObject().put("id", id).put("kind", kind)
        .put("lineId", id + "-line").put("baseUrl", base).put("settings", settings).put("secrets", secrets));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
  }

  /** The operator takes the offer; returns the dialog, after checking the customer's first message. */
  static long accept(ChatClient ws, String text) {
    JsonObject offer = ws.next(f -> "offer".equals(f.getString("type")));
    ws.call("accept", new JsonObject().put("ticketId", offer.getString("ticketId")));
    long dialog = ws.next(f -> "dialog".equals(f.getString("type"))).getLong("dialogId");
    assertThat(ws.messages(dialog, 1).get(0).getString("text")).isEqualTo(text);
    return dialog;
  }

  static HttpResponse<Buffer> post(String channel, byte[] body, Map<String, String> headers) {
    var request = hub.client.post("/hooks/" + channel).putHeader("Content-Type", "application/json");
    headers.forEach(request::putHeader);
    return RunningHub.await(request.sendBuffer(Buffer.buffer(body)));
  }

  static JsonObject next() throws InterruptedException {
    JsonObject call = calls.poll(30, TimeUnit.SECONDS);
    assertThat(call).as("the provider got the call").isNotNull();
    return call;
  }

  static String hmac(String key, byte[] body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(body));
  }

  private static JsonObject headers(MultiMap headers) {
    JsonObject out = new JsonObject();
    headers.forEach(h -> out.put(h.getKey().toLowerCase(java.util.Locale.ROOT), h.getValue()));
    return out;
  }
}
