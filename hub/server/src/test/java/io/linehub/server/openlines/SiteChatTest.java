package io.linehub.server.openlines;

import static org.assertj.core.api.Assertions.assertThat;

import io.linehub.server.RunningHub;
import io.linehub.server.chat.ChatClient;
import io.linehub.server.openlines.TelegramLineTest.Operator;
import io.linehub.testkit.BlockedThreadCounter;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The website chat channel against a running hub: a visitor's real WebSocket and an operator's. */
class SiteChatTest {

  static final String IDENTITY_SECRET = "site-backend-shared-secret";

  @TempDir
  static Path dataDir;
  static RunningHub hub;
  static String admin;
  static WebSocketClient sockets;

  @BeforeAll
  static void start() {
    hub = RunningHub.start(dataDir, Map.of());
    admin = hub.adminToken();
    sockets = hub.clientVertx.createWebSocketClient();
  }

  @AfterAll
  static void stop() {
    if (hub != null) {
      hub.close();
    }
    assertThat(BlockedThreadCounter.reports()).as("event-loop blocked warnings").isEmpty();
  }

  @Test
  void visitorAndOperatorShouldTalkWithAcksTypingDeliveryReadAndAHistoryThatSurvivesAReload() {
    Operator olga = Operator.create(hub, "site-olga");
    TelegramLineTest.line(hub, admin, "site-line", olga);
    JsonObject channel = channel("site", "site-line");
    assertThat(channel.getJsonObject("secrets").fieldNames()).contains("visitorKey", "identitySecret");

    JsonObject visitor = visitor("site", new JsonObject().put("name", "Vera").put("phone", "+7 916 123-45-67"));
    String token = visitor.getString("token");
    assertThat(rejected("/site/ws?channel=site&token=v1.forgedforged.00")).isEqualTo(401);

    try (ChatClient operator = olga.connect(hub); ChatClient vera = connect("site", token, 0)) {
      JsonObject hello = vera.next(f -> "hello".equals(f.getString("type")));
      assertThat(hello.getString("name")).isEqualTo("Vera");
      assertThat(hello.getValue("session")).isNull();

      JsonObject ack = vera.call("send", new JsonObject().put("clientId", "c-1").put("text", "Hello, I need help"));
      JsonObject again = vera.call("send", new JsonObject().put("clientId", "c-1").put("text", "Hello, I need help"));
      assertThat(ack.getString("type")).as(ack.encode()).isEqualTo("ack");
      assertThat(ack.getBoolean("duplicate")).isFalse();
      assertThat(again.getBoolean("duplicate")).as("a resend after a lost ack").isTrue();
      JsonObject own = vera.next(f -> "message".equals(f.getString("type"))).getJsonObject("message");
      assertThat(own.getString("from")).isEqualTo("visitor");
      assertThat(own.getLong("seq")).isEqualTo(1);

      JsonObject offer = operator.next(f -> "offer".equals(f.getString("type")));
      assertThat(offer.getString("customer")).isEqualTo("Vera");
      operator.call("accept", new JsonObject().put("ticketId", offer.getString("ticketId")));
      long dialog = operator.next(f -> "dialog".equals(f.getString("type"))).getLong("dialogId");
      assertThat(operator.messages(dialog, 1).get(0).getString("text")).isEqualTo("Hello, I need help");

      operator.call("typing", new JsonObject().put("dialogId", dialog));
      assertThat(vera.next(f -> "typing".equals(f.getString("type"))).getLong("operatorId")).isEqualTo(olga.id());
      vera.call("typing", new JsonObject());
      assertThat(operator.next(f -> "typing".equals(f.getString("type"))).getLong("dialogId")).isEqualTo(dialog);

      JsonObject reply = operator.call("send", new JsonObject().put("dialogId", dialog).put("text", "Hi Vera!"));
      JsonObject shown = vera.next(f -> "message".equals(f.getString("type"))
          && "operator".equals(f.getJsonObject("message").getString("from"))).getJsonObject("message");
      assertThat(shown.getString("text")).isEqualTo("Hi Vera!");
      assertThat(shown.getLong("operatorId")).isEqualTo(olga.id());
      operator.next(f -> "delivery".equals(f.getString("type")) && "delivered".equals(f.getString("status"))
          && f.getLong("seq").equals(reply.getLong("seq")));
      vera.call("read", new JsonObject().put("seq", shown.getLong("seq")));
      operator.next(f -> "delivery".equals(f.getString("type")) && "read".equals(f.getString("status"))
          && f.getLong("seq").equals(reply.getLong("seq")));
      operator.call("read", new JsonObject().put("dialogId", dialog).put("seq", reply.getLong("seq")));
      assertThat(vera.next(f -> "read".equals(f.getString("type"))).getLong("seq")).isEqualTo(reply.getLong("seq"));

      List<Long> seen = vera.pending().stream().filter(f -> "message".equals(f.getString("type")))
          .map(f -> f.getJsonObject("message").getLong("seq")).toList();
      long last = shown.getLong("seq");
      assertThat(seen).as("each message once").doesNotHaveDuplicates();

      try (ChatClient reloaded = connect("site", token, 0)) {
        List<JsonObject> history = new java.util.ArrayList<>();
        while (history.isEmpty() || history.get(history.size() - 1).getLong("seq") < last) {
          history.add(reloaded.next(f -> "message".equals(f.getString("type"))).getJsonObject("message"));
        }
        assertThat(history).extracting(m -> m.getLong("seq")).as("the whole conversation, in order, once")
            .isSorted().doesNotHaveDuplicates().startsWith(1L);
        assertThat(history).extracting(m -> m.getString("text")).contains("Hello, I need help", "Hi Vera!");
      }
      try (ChatClient resumed = connect("site", token, last)) {
        resumed.next(f -> "hello".equals(f.getString("type")));
        assertThat(resumed.call("ping", new JsonObject()).getString("type")).isEqualTo("pong");
        assertThat(resumed.pending()).as("nothing before since").noneMatch(f -> "message".equals(f.getString("type")));
      }
    }
    JsonObject session = hub.get("/api/v1/openlines/sessions", admin).bodyAsJsonObject().getJsonArray("items")
        .stream().map(JsonObject.class::cast).filter(s -> "site".equals(s.getString("channelId"))).findFirst()
        .orElseThrow();
    assertThat(hub.get("/api/v1/crm/activities?entity=" + session.getString("crmEntity"), admin).statusCode())
        .isEqualTo(200);
    assertThat(session.getString("crmEntity")).as("a new visitor with a phone became a lead").startsWith("lead");
  }

  @Test
  void verifiedSiteUserShouldHaveOneConversationOnEveryBrowser() throws Exception {
    channel("site-id", "site-line-id");
    String hash = hmac("user-42");
    assertThat(hub.send("POST", "/api/v1/site/site-id/visitors", null, new JsonObject().put("identifier", "user-42")
        .put("identifierHash", "00" + hash.substring(2))).statusCode()).as("a forged identity").isEqualTo(403);
    String laptop = visitor("site-id", new JsonObject().put("identifier", "user-42").put("identifierHash", hash))
        .getString("token");
    String phone = visitor("site-id", new JsonObject().put("identifier", "user-42").put("identifierHash", hash))
        .getString("token");
    assertThat(phone).isNotEqualTo(laptop);

    try (ChatClient onLaptop = connect("site-id", laptop, 0)) {
      onLaptop.call("send", new JsonObject().put("clientId", "l-1").put("text", "Written on the laptop"));
      onLaptop.next(f -> "message".equals(f.getString("type")));
    }
    try (ChatClient onPhone = connect("site-id", phone, 0)) {
      JsonObject first = onPhone.next(f -> "message".equals(f.getString("type"))).getJsonObject("message");
      assertThat(first.getString("text")).isEqualTo("Written on the laptop");
    }
    assertThat(hub.send("POST", "/api/v1/site/nope/visitors", null, new JsonObject()).statusCode()).isEqualTo(404);
  }

  @Test
  void offlineCallbackRequestShouldMakeALeadWithAnOpenCallback() {
    channel("site-off", "site-line-off");
    String token = visitor("site-off", new JsonObject().put("name", "Pavel")).getString("token");
    assertThat(hub.send("POST", "/api/v1/site/site-off/offline", null, new JsonObject().put("callback", true)
        .put("name", "Pavel")).statusCode()).as("a callback needs a phone").isEqualTo(400);

    JsonObject body = new JsonObject().put("token", token).put("name", "Pavel").put("phone", "+7 495 765-43-21")
        .put("text", "Please call me about the delivery").put("callback", true).put("requestId", "req-1");
    var made = hub.send("POST", "/api/v1/site/site-off/offline", null, body);
    var again = hub.send("POST", "/api/v1/site/site-off/offline", null, body);
    assertThat(made.statusCode()).as(made.bodyAsString()).isEqualTo(201);
    assertThat(made.bodyAsJsonObject().getBoolean("calling")).as("the line has nobody to call now").isFalse();
    assertThat(again.bodyAsJsonObject().getLong("activityId")).as("the same request once")
        .isEqualTo(made.bodyAsJsonObject().getLong("activityId"));

    String entity = made.bodyAsJsonObject().getString("entity");
    assertThat(entity).startsWith("lead");
    JsonObject activity = hub.get("/api/v1/crm/activities?entity=" + entity + "&status=open", admin)
        .bodyAsJsonObject().getJsonArray("items").getJsonObject(0);
    assertThat(activity.getString("kind")).isEqualTo("callback");
    assertThat(activity.encode()).contains("Please call me about the delivery");

    var message = hub.send("POST", "/api/v1/site/site-off/offline", null, new JsonObject().put("email", "p@example.com")
        .put("text", "Do you ship to Minsk?"));
    assertThat(message.statusCode()).isEqualTo(201);
    assertThat(message.bodyAsJsonObject().getBoolean("callback")).isFalse();
  }

  @Test
  void firstMessagePostedWhileTheWidgetReadsItsNewDialogShouldStillReachIt() {
    channel("site-race", "site-line-race");
    String token = visitor("site-race", new JsonObject().put("name", "Rita")).getString("token");
    io.vertx.core.Vertx vertx = hub.hub.vertx();
    // The customer's post reaches chat 300 ms late and an empty history page reaches the visitor's
    // session 800 ms late: the session reads its new dialog before the message is committed and
    // hears of the message while that empty page is still on its way (a race seen in a browser test).
    io.vertx.core.Handler<io.vertx.core.eventbus.DeliveryContext<Object>> latePost = ctx -> {
      if (io.linehub.api.chat.ChatAddresses.OPENLINE_POST.equals(ctx.message().address())) {
        vertx.setTimer(300, t -> ctx.next());
      } else {
        ctx.next();
      }
    };
    io.vertx.core.Handler<io.vertx.core.eventbus.DeliveryContext<Object>> lateEmptyPage = ctx -> {
      if (ctx.body() instanceof io.linehub.api.chat.HistoryPage page && page.messages().isEmpty()) {
        vertx.setTimer(800, t -> ctx.next());
      } else {
        ctx.next();
      }
    };
    vertx.eventBus().addOutboundInterceptor(latePost).addInboundInterceptor(lateEmptyPage);
    try (ChatClient rita = connect("site-race", token, 0)) {
      rita.next(f -> "hello".equals(f.getString("type")));
      JsonObject ack = rita.call("send", new JsonObject().put("clientId", "r-1").put("text", "Is anyone there?"));
      assertThat(ack.getString("type")).as(ack.encode()).isEqualTo("ack");

      JsonObject own = rita.next(f -> "message".equals(f.getString("type"))).getJsonObject("message");
      assertThat(own.getString("text")).isEqualTo("Is anyone there?");
      assertThat(own.getLong("seq")).isEqualTo(1);
    } finally {
      vertx.eventBus().removeOutboundInterceptor(latePost).removeInboundInterceptor(lateEmptyPage);
    }
  }

  // ---- set-up -------------------------------------------------------------------------------

  static JsonObject channel(String id, String lineId) {
    if (!"site-line".equals(lineId)) {
      var line = hub.send("POST", "/api/v1/lines", admin, new JsonObject().put("id", lineId).put("strategy", "evenly"));
      assertThat(line.statusCode()).as(line.bodyAsString()).isEqualTo(201);
    }
    var created = hub.send("POST", "/api/v1/openlines/channels", admin, new JsonObject().put("id", id)
        .put("kind", "site").put("lineId", lineId).put("name", "Website")
        .put("secrets", new JsonObject().put("identitySecret", IDENTITY_SECRET)));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    return created.bodyAsJsonObject();
  }

  static JsonObject visitor(String channel, JsonObject body) {
    var made = hub.send("POST", "/api/v1/site/" + channel + "/visitors", null, body);
    assertThat(made.statusCode()).as(made.bodyAsString()).isEqualTo(200);
    return made.bodyAsJsonObject();
  }

  static ChatClient connect(String channel, String token, long since) {
    return ChatClient.connect(sockets, hub.hub.httpPort(), "/site/ws?channel=" + channel + "&token=" + token
        + "&since=" + since, false);
  }

  static int rejected(String uri) {
    CompletableFuture<?> attempt = sockets.connect(new WebSocketConnectOptions().setHost("localhost")
        .setPort(hub.hub.httpPort()).setURI(uri)).toCompletionStage().toCompletableFuture();
    try {
      attempt.get(20, TimeUnit.SECONDS);
      throw new AssertionError("connected with a forged token");
    } catch (ExecutionException e) {
      return ((UpgradeRejectedException) e.getCause()).getStatus();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static String hmac(String identifier) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(IDENTITY_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(identifier.getBytes(StandardCharsets.UTF_8)));
  }
}
