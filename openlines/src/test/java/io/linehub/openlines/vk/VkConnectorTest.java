package io.linehub.openlines.vk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.linehub.api.crm.Identity;
import io.linehub.api.crm.IdentityType;
import io.linehub.api.error.ErrorCode;
import io.linehub.api.error.LinehubException;
import io.linehub.openlines.connector.ChannelConfig;
import io.linehub.openlines.connector.Fixtures;
import io.linehub.openlines.connector.HookAnswer;
import io.linehub.openlines.connector.InboundEvent;
import io.linehub.openlines.connector.OutboundCall;
import io.linehub.openlines.connector.Outgoing;
import io.linehub.openlines.connector.Parsed;
import io.linehub.openlines.connector.ProviderResponse;
import io.linehub.openlines.connector.SendResult;
import io.linehub.openlines.connector.Webhook;
import io.vertx.core.json.JsonObject;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** The VK connector on the Callback API and messages.send documentation's payloads. */
class VkConnectorTest {

  static final String TOKEN = "vk1.a.Gr0upT0ken-abcdef123456";
  static final ChannelConfig CHANNEL = new ChannelConfig("vk", "vk", "support", "http://127.0.0.1:9/vk",
      Map.of(), Map.of("callbackSecret", "aaQ13axAPQEcczQa", "confirmationCode", "693d0ba9", "accessToken", TOKEN));
  static final ChannelConfig COMMUNITY = new ChannelConfig("vk", "vk", "support", "http://127.0.0.1:9/vk",
      Map.of("groupId", "123456", "apiVersion", "5.131"), CHANNEL.secrets());
  final VkConnector vk = new VkConnector();

  @Test
  void newMessageShouldBecomeOneMessageKeyedOnTheEventId() {
    Parsed parsed = vk.parse(Fixtures.post(Fixtures.bytes("vk/message-new.json")), CHANNEL);

    assertThat(parsed.answer()).isEqualTo(HookAnswer.text("ok"));
    assertThat(parsed.events()).singleElement().isInstanceOfSatisfying(InboundEvent.Message.class, m -> {
      assertThat(m.externalId()).isEqualTo("event:a3f0c6d2b8e14e7d9c5b2a1f0e9d8c7b6a5f4e3d");
      assertThat(m.customerKey()).isEqualTo("12345");
      assertThat(m.customerName()).isNull();
      assertThat(m.text()).isEqualTo("Здравствуйте! Заказ 1042 ещё не пришёл");
      assertThat(m.identities()).containsExactly(new Identity(IdentityType.VK, "12345"));
      assertThat(m.sentAt()).isEqualTo(Instant.ofEpochSecond(1683278670));
    });
  }

  @Test
  void olderApiVersionsShouldBeReadFromTheObjectItself() {
    Parsed parsed = vk.parse(Fixtures.post(Fixtures.bytes("vk/message-new-old.json")), CHANNEL);

    assertThat(parsed.answer()).isEqualTo(HookAnswer.text("ok"));
    assertThat(parsed.events()).singleElement().isInstanceOfSatisfying(InboundEvent.Message.class, m -> {
      assertThat(m.externalId()).isEqualTo("event:0b7e1c2d3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c");
      assertThat(m.customerKey()).isEqualTo("12345");
      assertThat(m.text()).isEqualTo("Hello, is anyone there?");
      assertThat(m.identities()).containsExactly(new Identity(IdentityType.VK, "12345"));
      assertThat(m.sentAt()).isEqualTo(Instant.ofEpochSecond(1558798047));
    });
  }

  @Test
  void groupChatMessageShouldBeAnsweredInTheChatAndNamedByItsSender() {
    JsonObject notification = json("vk/message-new.json");
    notification.getJsonObject("object").getJsonObject("message").put("peer_id", 2000000001);

    Parsed parsed = vk.parse(post(notification), CHANNEL);

    assertThat(parsed.events()).singleElement().isInstanceOfSatisfying(InboundEvent.Message.class, m -> {
      assertThat(m.customerKey()).isEqualTo("2000000001");
      assertThat(m.identities()).containsExactly(new Identity(IdentityType.VK, "12345"));
    });
  }

  @Test
  void attachmentWithoutTextShouldBecomeAPlaceholder() {
    Parsed photo = vk.parse(Fixtures.post(Fixtures.bytes("vk/message-new-photo.json")), CHANNEL);
    assertThat(photo.events()).singleElement().isInstanceOfSatisfying(InboundEvent.Message.class,
        m -> assertThat(m.text()).isEqualTo("[photo]"));

    JsonObject empty = json("vk/message-new-old.json");
    empty.getJsonObject("object").put("text", "");
    Parsed nothing = vk.parse(post(empty), CHANNEL);
    assertThat(nothing.events()).singleElement().isInstanceOfSatisfying(InboundEvent.Message.class,
        m -> assertThat(m.text()).isEqualTo("[message]"));
  }

  @Test
  void confirmationShouldBeAnsweredWithTheConfirmationString() {
    byte[] body = Fixtures.bytes("vk/confirmation.json");
    vk.verify(Fixtures.post(body), COMMUNITY);

    Parsed parsed = vk.parse(Fixtures.post(body), COMMUNITY);

    assertThat(parsed.events()).isEmpty();
    assertThat(parsed.answer()).isEqualTo(new HookAnswer(200, "text/plain", "693d0ba9"));
  }

  @Test
  void otherNotificationsShouldBeAnsweredOkAndStoreNothing() {
    Parsed join = vk.parse(Fixtures.post(Fixtures.bytes("vk/group-join.json")), CHANNEL);
    assertThat(join.events()).isEmpty();
    assertThat(join.answer()).isEqualTo(HookAnswer.text("ok"));

    // message_reply carries our own outgoing message: it must not come back as the customer's.
    JsonObject reply = json("vk/message-new-old.json").put("type", "message_reply");
    Parsed parsed = vk.parse(post(reply), CHANNEL);
    assertThat(parsed.events()).isEmpty();
    assertThat(parsed.answer()).isEqualTo(HookAnswer.text("ok"));
  }

  @Test
  void chatServiceMessagesShouldStoreNothing() {
    JsonObject kick = json("vk/message-new-old.json");
    kick.getJsonObject("object").put("peer_id", 2000000001).put("text", "")
        .put("action", new JsonObject().put("type", "chat_kick_user").put("member_id", 12345));

    Parsed parsed = vk.parse(post(kick), CHANNEL);

    assertThat(parsed.events()).isEmpty();
    assertThat(parsed.answer()).isEqualTo(HookAnswer.text("ok"));
  }

  @Test
  void retriedNotificationShouldKeepItsDedupeKeyAndAnotherEventShouldNot() {
    byte[] body = Fixtures.bytes("vk/message-new.json");
    String first = externalId(vk.parse(Fixtures.post(body), CHANNEL));
    String retry = externalId(vk.parse(Fixtures.post(body, "X-Retry-Counter", "1"), CHANNEL));
    JsonObject other = json("vk/message-new.json").put("event_id", "ffffffffffffffffffffffffffffffffffffffff");
    String next = externalId(vk.parse(post(other), CHANNEL));

    assertThat(retry).isEqualTo(first).isEqualTo("event:a3f0c6d2b8e14e7d9c5b2a1f0e9d8c7b6a5f4e3d");
    assertThat(next).isNotEqualTo(first);
  }

  @Test
  void webhookShouldNeedTheSecretField() {
    vk.verify(Fixtures.post(Fixtures.bytes("vk/message-new.json")), CHANNEL);

    JsonObject missing = json("vk/message-new.json");
    missing.remove("secret");
    assertCode(() -> vk.verify(post(missing), CHANNEL),
        ErrorCode.UNAUTHORIZED);
    assertCode(() -> vk.verify(Fixtures.post("not json".getBytes(StandardCharsets.UTF_8)), CHANNEL),
        ErrorCode.UNAUTHORIZED);
    JsonObject wrong = json("vk/message-new.json").put("secret", "aaQ13axAPQEcczQb");
    assertCode(() -> vk.verify(post(wrong), CHANNEL),
        ErrorCode.FORBIDDEN);
  }

  @Test
  void webhookForAnotherCommunityShouldBeForbidden() {
    vk.verify(Fixtures.post(Fixtures.bytes("vk/message-new.json")), COMMUNITY);

    JsonObject other = json("vk/message-new.json").put("group_id", 654321);
    assertCode(() -> vk.verify(post(other), COMMUNITY), ErrorCode.FORBIDDEN);
    vk.verify(post(other), CHANNEL); // no groupId set: the secret alone decides
  }

  @Test
  void garbageShouldBeABadRequest() {
    for (String garbage : new String[] {"{\"object\":{}}", "{\"type\":42}", "[1,2", "[1,2]",
        "{\"type\":\"message_new\",\"event_id\":\"e1\",\"object\":\"x\"}",
        "{\"type\":\"message_new\",\"event_id\":\"e1\",\"object\":{\"text\":\"no peer\"}}",
        "{\"type\":\"message_new\",\"object\":{\"message\":{\"peer_id\":1,\"text\":\"no event id\"}}}"}) {
      assertCode(() -> vk.parse(Fixtures.post(garbage.getBytes(StandardCharsets.UTF_8)), CHANNEL),
          ErrorCode.BAD_REQUEST);
    }
  }

  @Test
  void replyShouldBeAFormEncodedMessagesSendCall() {
    OutboundCall call = vk.render(new Outgoing(7, "12345", "Добрый день! Посылка & трек: 1042?"), CHANNEL);

    assertThat(call.method()).isEqualTo("POST");
    assertThat(call.url()).isEqualTo("http://127.0.0.1:9/vk/messages.send");
    assertThat(call.headers()).containsEntry("Content-Type", "application/x-www-form-urlencoded");
    assertThat(call.body()).doesNotContain(" ", "?", "Добрый");
    assertThat(form(call.body())).containsExactly(Map.entry("peer_id", "12345"),
        Map.entry("message", "Добрый день! Посылка & трек: 1042?"), Map.entry("random_id", "7"),
        Map.entry("access_token", TOKEN), Map.entry("v", "5.199"));
    assertThat(call.toString()).as("the token stays out of logs").doesNotContain("Gr0upT0ken");

    assertThat(form(vk.render(new Outgoing(8, "2000000001", "hi"), COMMUNITY).body()))
        .containsEntry("v", "5.131").containsEntry("random_id", "8").containsEntry("peer_id", "2000000001");
  }

  @Test
  void answersShouldReadAsSentRetryOrFailed() {
    assertThat(vk.interpret(new ProviderResponse(200, Map.of(), Fixtures.text("vk/send-ok.json"))))
        .isEqualTo(new SendResult.Sent("2171"));
    assertThat(vk.interpret(new ProviderResponse(200, Map.of(), Fixtures.text("vk/send-error-9.json"))))
        .isEqualTo(new SendResult.Retry(null, "Flood control"));
    assertThat(vk.interpret(new ProviderResponse(200, Map.of(),
        "{\"error\":{\"error_code\":6,\"error_msg\":\"Too many requests per second\"}}")))
        .isEqualTo(new SendResult.Retry(null, "Too many requests per second"));
    assertThat(vk.interpret(new ProviderResponse(200, Map.of(),
        "{\"error\":{\"error_code\":10,\"error_msg\":\"Internal server error\"}}")))
        .isInstanceOf(SendResult.Retry.class);
    assertThat(vk.interpret(new ProviderResponse(200, Map.of(), Fixtures.text("vk/send-error-901.json"))))
        .isEqualTo(new SendResult.Failed("VK error 901: Can't send messages for users without permission"));
    assertThat(vk.interpret(new ProviderResponse(200, Map.of(),
        "{\"error\":{\"error_code\":5,\"error_msg\":\"User authorization failed: invalid access_token (4).\"}}")))
        .isEqualTo(new SendResult.Failed("VK error 5: User authorization failed: invalid access_token (4)."));
    assertThat(vk.interpret(new ProviderResponse(502, Map.of(), "<html>Bad Gateway</html>")))
        .isInstanceOf(SendResult.Retry.class);
    assertThat(vk.interpret(new ProviderResponse(404, Map.of(), "")))
        .isEqualTo(new SendResult.Failed("HTTP 404"));
    assertThat(vk.interpret(new ProviderResponse(200, Map.of(), "<html>captive portal</html>")))
        .isInstanceOf(SendResult.Failed.class);
  }

  private static JsonObject json(String fixture) {
    return new JsonObject(Fixtures.text(fixture));
  }

  private static Webhook post(JsonObject notification) {
    return Fixtures.post(notification.encode().getBytes(StandardCharsets.UTF_8));
  }

  private static String externalId(Parsed parsed) {
    assertThat(parsed.events()).hasSize(1);
    return parsed.events().get(0).externalId();
  }

  private static Map<String, String> form(String body) {
    Map<String, String> fields = new LinkedHashMap<>();
    Arrays.stream(body.split("&")).map(pair -> pair.split("=", 2)).forEach(pair -> fields.put(
        URLDecoder.decode(pair[0], StandardCharsets.UTF_8), URLDecoder.decode(pair[1], StandardCharsets.UTF_8)));
    return fields;
  }

  private static void assertCode(ThrowingCallable call, ErrorCode code) {
    assertThatThrownBy(call).isInstanceOfSatisfying(LinehubException.class, e -> assertThat(e.code()).isEqualTo(code));
  }
}
