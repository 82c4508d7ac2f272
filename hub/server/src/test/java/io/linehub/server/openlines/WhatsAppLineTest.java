package io.linehub.server.openlines;

import static io.linehub.server.openlines.TelegramLineTest.fixture;
import static io.linehub.server.openlines.TelegramLineTest.line;
import static org.assertj.core.api.Assertions.assertThat;

import io.linehub.server.RunningHub;
import io.linehub.server.chat.ChatClient;
import io.linehub.server.openlines.TelegramLineTest.Operator;
import io.linehub.testkit.BlockedThreadCounter;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A WhatsApp Cloud API line end to end: Meta's verification handshake, signed webhooks (the docs'
 * payloads), the reply through a local server speaking the Graph API's messages endpoint, and the
 * delivery status webhook reaching the operator.
 */
class WhatsAppLineTest {

  static final String APP_SECRET = "meta-app-secret";
  static final String ACCESS_TOKEN = "EAAG-graph-token";
  static final String VERIFY_TOKEN = "verify-me-7";
  /** The id the fake Graph API gives our reply: the one in the docs' delivered-status payload. */
  static final String WAMID = "wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJDQjZCMzlEQUE4OTJBMTE4RTUA";

  @TempDir
  static Path dataDir;
  static RunningHub hub;
  static HttpServer graph;
  static final LinkedBlockingQueue<JsonObject> calls = new LinkedBlockingQueue<>();

  @BeforeAll
  static void start() {
    hub = RunningHub.start(dataDir, Map.of());
    graph = RunningHub.await(hub.clientVertx.createHttpServer().requestHandler(request -> request.body()
        .onSuccess(body -> {
          calls.add(new JsonObject().put("path", request.path()).put("authorization",
              request.getHeader("Authorization")).put("body", body.toJsonObject()));
          request.response().putHeader("Content-Type", "application/json").end(new JsonObject()
              .put("messaging_product", "whatsapp")
              .put("contacts", new JsonArray().add(new JsonObject().put("input", body.toJsonObject().getString("to"))
                  .put("wa_id", body.toJsonObject().getString("to"))))
              .put("messages", new JsonArray().add(new JsonObject().put("id", WAMID))).encode());
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
  void signedMessageShouldReachTheOperatorAndTheDeliveryStatusComeBack() throws Exception {
    String admin = hub.adminToken();
    Operator kim = Operator.create(hub, "wa-kim");
    var created = hub.send("POST", "/api/v1/openlines/channels", admin, new JsonObject().put("id", "wa")
        .put("kind", "whatsapp").put("lineId", "wa-line").put("name", "WhatsApp +1 650 555 3333")
        .put("baseUrl", "http://127.0.0.1:" + graph.actualPort())
        .put("settings", new JsonObject().put("phoneNumberId", "27681414235104944"))
        .put("secrets", new JsonObject().put("accessToken", ACCESS_TOKEN).put("appSecret", APP_SECRET)
            .put("verifyToken", VERIFY_TOKEN)));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);

    HttpResponse<Buffer> challenge = RunningHub.await(hub.client.get("/hooks/wa?hub.mode=subscribe&hub.verify_token="
        + VERIFY_TOKEN + "&hub.challenge=1158201444").send());
    assertThat(challenge.statusCode()).isEqualTo(200);
    assertThat(challenge.bodyAsString()).isEqualTo("1158201444");
    assertThat(RunningHub.await(hub.client.get("/hooks/wa?hub.mode=subscribe&hub.verify_token=wrong"
        + "&hub.challenge=1").send()).statusCode()).isEqualTo(403);

    byte[] message = fixture("whatsapp/message-text.json");
    assertThat(signed(message, "sha256=" + "0".repeat(64)).statusCode()).as("a forged signature").isEqualTo(403);

    try (ChatClient ws = kim.connect(hub)) {
      line(hub, admin, "wa-line", kim);
      assertThat(signed(message, signature(message)).statusCode()).isEqualTo(200);
      JsonObject offer = ws.next(f -> "offer".equals(f.getString("type")));
      assertThat(offer.getString("customer")).isEqualTo("Kerry Fisher");
      ws.call("accept", new JsonObject().put("ticketId", offer.getString("ticketId")));
      long dialog = ws.next(f -> "dialog".equals(f.getString("type"))).getLong("dialogId");
      assertThat(ws.messages(dialog, 1).get(0).getString("text")).isEqualTo("Hello this is an answer");

      JsonObject ack = ws.call("send", new JsonObject().put("dialogId", dialog).put("text", "Hi Kerry!"));
      JsonObject call = calls.poll(30, TimeUnit.SECONDS);
      assertThat(call).isNotNull();
      assertThat(call.getString("path")).isEqualTo("/v21.0/27681414235104944/messages");
      assertThat(call.getString("authorization")).isEqualTo("Bearer " + ACCESS_TOKEN);
      assertThat(call.getJsonObject("body").getString("to")).isEqualTo("16315551234");
      assertThat(call.getJsonObject("body").getJsonObject("text").getString("body")).isEqualTo("Hi Kerry!");
      ws.next(f -> "delivery".equals(f.getString("type")) && "sent".equals(f.getString("status")));

      byte[] delivered = fixture("whatsapp/status-delivered.json");
      assertThat(signed(delivered, signature(delivered)).statusCode()).isEqualTo(200);
      JsonObject status = ws.next(f -> "delivery".equals(f.getString("type"))
          && "delivered".equals(f.getString("status")));
      assertThat(status.getLong("seq")).isEqualTo(ack.getLong("seq"));
      assertThat(status.getLong("dialogId")).isEqualTo(dialog);
    }
  }

  static HttpResponse<Buffer> signed(byte[] body, String signature) {
    return RunningHub.await(hub.client.post("/hooks/wa").putHeader("Content-Type", "application/json")
        .putHeader("X-Hub-Signature-256", signature).sendBuffer(Buffer.buffer(body)));
  }

  static String signature(byte[] body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(APP_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
  }
}
