package io.linehub.openlines.meta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.linehub.api.crm.Identity;
import io.linehub.api.crm.IdentityType;
import io.linehub.api.error.ErrorCode;
import io.linehub.api.error.LinehubException;
import io.linehub.openlines.connector.ChannelConfig;
import io.linehub.openlines.connector.Fixtures;
import io.linehub.openlines.connector.HookAnswer;
import io.linehub.openlines.connector.Hmac;
import io.linehub.openlines.connector.InboundEvent;
import io.linehub.openlines.connector.OutboundCall;
import io.linehub.openlines.connector.Outgoing;
import io.linehub.openlines.connector.Parsed;
import io.linehub.openlines.connector.ProviderResponse;
import io.linehub.openlines.connector.SendResult;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The WhatsApp Cloud API connector on the payloads of Meta's documentation. */
class WhatsAppConnectorTest {

  static final String APP_SECRET = "meta-app-secret";
  static final ChannelConfig CHANNEL = new ChannelConfig("wa", "whatsapp", "support", "http://127.0.0.1:9/graph",
      Map.of("phoneNumberId", "106540352242922"),
      Map.of("accessToken", "EAAJB-token-s3cret", "appSecret", APP_SECRET, "verifyToken", "verify-Me_42"));
  final WhatsAppConnector whatsapp = new WhatsAppConnector();

  static ChannelConfig channel(Map<String, String> settings) {
    return new ChannelConfig(CHANNEL.id(), CHANNEL.kind(), CHANNEL.lineId(), CHANNEL.baseUrl(), settings,
        CHANNEL.secrets());
  }

  static ErrorCode code(Throwable e) {
    return ((LinehubException) e).code();
  }

  @Test
  void handshakeShouldEchoTheChallengeForTheRightVerifyToken() {
    var hook = Fixtures.get(Map.of("hub.mode", "subscribe", "hub.verify_token", "verify-Me_42",
        "hub.challenge", "1158201444"));

    assertThat(whatsapp.handshake(hook, CHANNEL)).contains(HookAnswer.text("1158201444"));
  }

  @Test
  void handshakeShouldRefuseAWrongVerifyTokenAndIgnoreAPost() {
    var wrong = Fixtures.get(Map.of("hub.mode", "subscribe", "hub.verify_token", "guess", "hub.challenge", "1"));
    var none = Fixtures.get(Map.of("hub.mode", "subscribe", "hub.challenge", "1"));

    assertThatThrownBy(() -> whatsapp.handshake(wrong, CHANNEL))
        .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.FORBIDDEN));
    assertThatThrownBy(() -> whatsapp.handshake(none, CHANNEL))
        .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.FORBIDDEN));
    assertThatThrownBy(() -> whatsapp.handshake(Fixtures.get(Map.of()), CHANNEL))
        .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.BAD_REQUEST));
    assertThat(whatsapp.handshake(Fixtures.post(Fixtures.bytes("whatsapp/message-text.json")), CHANNEL)).isEmpty();
  }

  @Test
  void hmacShouldMatchAVectorComputedWithOpenssl() {
    // printf '%s' '{"object":"page","entry":[]}' | openssl dgst -sha256 -hmac 'meta-app-secret'
    byte[] body = "{\"object\":\"page\",\"entry\":[]}".getBytes(StandardCharsets.UTF_8);
    String header = "sha256=5dcb51eb590634700c8d9cc1fde4d2d5981ca7bb83f250eb3fb71bfd849057ed";

    assertThat(Hmac.sha256Hex(APP_SECRET, body)).isEqualTo(header.substring("sha256=".length()));
    whatsapp.verify(Fixtures.post(body, "X-Hub-Signature-256", header), CHANNEL);
    whatsapp.verify(Fixtures.post(body, "X-Hub-Signature-256", header.toUpperCase().replace("SHA256=", "sha256=")),
        CHANNEL);
  }

  @Test
  void webhookShouldNeedTheSignatureOfItsRawBody() {
    byte[] body = Fixtures.bytes("whatsapp/message-text.json");
    String signature = "sha256=" + Hmac.sha256Hex(APP_SECRET, body);
    whatsapp.verify(Fixtures.post(body, "X-Hub-Signature-256", signature), CHANNEL);

    byte[] tampered = new String(body, StandardCharsets.UTF_8).replace("Kerry", "Jerry")
        .getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> whatsapp.verify(Fixtures.post(body), CHANNEL))
        .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.UNAUTHORIZED));
    assertThatThrownBy(() -> whatsapp.verify(Fixtures.post(tampered, "X-Hub-Signature-256", signature), CHANNEL))
        .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.FORBIDDEN));
    assertThatThrownBy(() -> whatsapp.verify(Fixtures.post(body, "X-Hub-Signature-256",
        "sha256=" + Hmac.sha256Hex("another-secret", body)), CHANNEL))
        .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.FORBIDDEN));
    assertThatThrownBy(() -> whatsapp.verify(Fixtures.post(body, "X-Hub-Signature-256",
        signature.substring("sha256=".length())), CHANNEL))
        .as("a bare hex digest is malformed")
        .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.FORBIDDEN));
    assertThatThrownBy(() -> whatsapp.verify(Fixtures.post(body, "X-Hub-Signature-256", "sha1=0f"), CHANNEL))
        .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.FORBIDDEN));
  }

  @Test
  void textMessageShouldBecomeAMessageFromTheWaIdWhoIsAlsoAPhone() {
    Parsed parsed = whatsapp.parse(Fixtures.post(Fixtures.bytes("whatsapp/message-text.json")), CHANNEL);

    assertThat(parsed.answer()).isEqualTo(HookAnswer.ok());
    assertThat(parsed.events()).singleElement().isInstanceOfSatisfying(InboundEvent.Message.class, m -> {
      assertThat(m.externalId()).isEqualTo("wamid.ABGGFlCGg0cvAgo-sJQh43L5Pe4W");
      assertThat(m.customerKey()).isEqualTo("16315551234");
      assertThat(m.customerName()).isEqualTo("Kerry Fisher");
      assertThat(m.text()).isEqualTo("Hello this is an answer");
      assertThat(m.identities()).containsExactly(new Identity(IdentityType.WHATSAPP, "16315551234"),
          Identity.phone("+16315551234"));
      assertThat(m.sentAt()).isEqualTo(Instant.ofEpochSecond(1603059201));
    });
  }

  @Test
  void imageShouldBeAPlaceholderWithItsCaption() {
    Parsed parsed = whatsapp.parse(Fixtures.post(Fixtures.bytes("whatsapp/message-image.json")), CHANNEL);

    assertThat(parsed.events()).singleElement().isInstanceOfSatisfying(InboundEvent.Message.class, m -> {
      assertThat(m.externalId()).isEqualTo("wamid.HBgLMTYzMTU1NTEyMzQVAgASGBQzQUZFQjZEODkwRkYzQjA3RkQ4MAA=");
      assertThat(m.text()).isEqualTo("[image] This is a caption");
    });
  }

  @Test
  void severalEntriesChangesAndMessagesShouldBecomeSeveralEvents() {
    Parsed parsed = whatsapp.parse(Fixtures.post(Fixtures.bytes("whatsapp/messages-batch.json")), CHANNEL);

    assertThat(parsed.events()).hasSize(3);
    assertThat(parsed.events().get(0)).isInstanceOfSatisfying(InboundEvent.Message.class, m -> {
      assertThat(m.customerKey()).isEqualTo("16505551234");
      assertThat(m.customerName()).isEqualTo("Sheena Nelson");
      assertThat(m.text()).isEqualTo("Does it come in another color?");
    });
    assertThat(parsed.events().get(1)).isInstanceOfSatisfying(InboundEvent.Message.class, m -> {
      assertThat(m.externalId()).isEqualTo("wamid.HBgLMTQxMjU1NTEyMzQVAgASGBQzQUNCNjk5RDUwNUZGMUZEM0VBRAA=");
      assertThat(m.customerKey()).isEqualTo("14125551234");
      assertThat(m.customerName()).as("the name of the contact with that wa_id").isEqualTo("Pablo Morales");
      assertThat(m.text()).isEqualTo("[document] receipt.pdf");
      assertThat(m.identities()).contains(Identity.phone("+14125551234"));
      assertThat(m.sentAt()).isEqualTo(Instant.ofEpochSecond(1739321030));
    });
    assertThat(parsed.events().get(2)).isEqualTo(new InboundEvent.Status(
        "status:wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJDQjZCMzlEQUE4OTJBMTE4RTUA:read",
        "wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJDQjZCMzlEQUE4OTJBMTE4RTUA", "read", null, Instant.ofEpochSecond(1739321041)));
  }

  @Test
  void deliveredReadAndFailedStatusesShouldBecomeStatusesKeyedOnIdAndStatus() {
    String wamid = "wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJDQjZCMzlEQUE4OTJBMTE4RTUA";

    assertThat(whatsapp.parse(Fixtures.post(Fixtures.bytes("whatsapp/status-delivered.json")), CHANNEL).events())
        .containsExactly(new InboundEvent.Status("status:" + wamid + ":delivered", wamid, "delivered", null,
            Instant.ofEpochSecond(1750263775)));
    assertThat(whatsapp.parse(Fixtures.post(Fixtures.bytes("whatsapp/status-read.json")), CHANNEL).events())
        .containsExactly(new InboundEvent.Status("status:" + wamid + ":read", wamid, "read", null,
            Instant.ofEpochSecond(1750263840)));
    assertThat(whatsapp.parse(Fixtures.post(Fixtures.bytes("whatsapp/status-failed.json")), CHANNEL).events())
        .containsExactly(new InboundEvent.Status("status:" + wamid + ":failed", wamid, "failed",
            "Re-engagement message", Instant.ofEpochSecond(1750263773)));
  }

  @Test
  void sentStatusShouldStoreNothing() {
    Parsed parsed = whatsapp.parse(Fixtures.post(Fixtures.bytes("whatsapp/status-sent.json")), CHANNEL);

    assertThat(parsed.events()).as("sent is known from the send's answer").isEmpty();
    assertThat(parsed.answer()).isEqualTo(HookAnswer.ok());
  }

  @Test
  void otherObjectsShouldBeAcknowledgedAndStoreNothing() {
    Parsed parsed = whatsapp.parse(Fixtures.post(Fixtures.bytes("messenger/message-text.json")), CHANNEL);

    assertThat(parsed.events()).isEmpty();
    assertThat(parsed.answer()).isEqualTo(HookAnswer.ok());
  }

  @Test
  void garbageShouldBeABadRequest() {
    for (String body : new String[] {"[1,2", "[1,2]", "{}", "{\"object\":\"whatsapp_business_account\",\"entry\":{}}",
        "{\"object\":\"whatsapp_business_account\",\"entry\":[7]}",
        "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"changes\":[{\"field\":\"messages\","
            + "\"value\":{\"messages\":[{\"type\":\"text\"}]}}]}]}"}) {
      assertThatThrownBy(() -> whatsapp.parse(Fixtures.post(body.getBytes(StandardCharsets.UTF_8)), CHANNEL))
          .as(body).satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.BAD_REQUEST));
    }
  }

  @Test
  void replyShouldBeATextMessageOnThePhoneNumbersMessagesEdge() {
    OutboundCall call = whatsapp.render(new Outgoing(7, "16315551234", "Hello from the operator"), CHANNEL);

    assertThat(call.method()).isEqualTo("POST");
    assertThat(call.url()).isEqualTo("http://127.0.0.1:9/graph/v21.0/106540352242922/messages");
    assertThat(call.headers()).isEqualTo(Map.of("Authorization", "Bearer EAAJB-token-s3cret",
        "Content-Type", "application/json"));
    assertThat(new JsonObject(call.body())).isEqualTo(new JsonObject()
        .put("messaging_product", "whatsapp")
        .put("recipient_type", "individual")
        .put("to", "16315551234")
        .put("type", "text")
        .put("text", new JsonObject().put("preview_url", false).put("body", "Hello from the operator")));
    assertThat(call.toString()).as("the token stays out of logs").doesNotContain("s3cret");
  }

  @Test
  void replyShouldTakeTheConfiguredApiVersionAndNeedAPhoneNumberId() {
    OutboundCall call = whatsapp.render(new Outgoing(7, "16315551234", "Hi"),
        channel(Map.of("phoneNumberId", "106540352242922", "apiVersion", "v23.0")));

    assertThat(call.url()).isEqualTo("http://127.0.0.1:9/graph/v23.0/106540352242922/messages");
    assertThatThrownBy(() -> whatsapp.render(new Outgoing(7, "16315551234", "Hi"), channel(Map.of())))
        .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.BAD_REQUEST))
        .hasMessageContaining("phoneNumberId");
  }

  @Test
  void answersShouldReadAsSentRetryOrFailed() {
    assertThat(whatsapp.interpret(answer(200, "whatsapp/send-message-ok.json")))
        .isEqualTo(new SendResult.Sent("wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJCOTY3NDc0NDFDRUI3NTA0Q0UA"));
    assertThat(whatsapp.interpret(answer(400, "whatsapp/send-message-130429.json")))
        .isEqualTo(new SendResult.Retry(null, "WhatsApp error 130429: Rate limit hit — "
            + "Cloud API message throughput has been reached."));
    assertThat(whatsapp.interpret(answer(400, "whatsapp/send-message-131047.json")))
        .isEqualTo(new SendResult.Failed("WhatsApp error 131047: Re-engagement message — Message failed to send "
            + "because more than 24 hours have passed since the customer last replied to this number."));
    assertThat(whatsapp.interpret(answer(400, "whatsapp/send-message-100.json")))
        .isEqualTo(new SendResult.Failed("WhatsApp error 100: Invalid parameter — Parameter Invalid"));
    assertThat(whatsapp.interpret(answer(401, "whatsapp/send-message-190.json")))
        .isInstanceOfSatisfying(SendResult.Failed.class, f -> assertThat(f.reason())
            .startsWith("WhatsApp error 190: Error validating access token: Session has expired"));
  }

  @Test
  void rateLimitsAndServerErrorsShouldBeRetried() {
    for (int code : new int[] {4, 80007, 130429, 131056}) {
      String body = "{\"error\":{\"message\":\"(#" + code + ") limit\",\"type\":\"OAuthException\","
          + "\"code\":" + code + "}}";
      assertThat(whatsapp.interpret(new ProviderResponse(400, Map.of(), body))).as("code " + code)
          .isEqualTo(new SendResult.Retry(null, "WhatsApp error " + code + ": limit"));
    }
    assertThat(whatsapp.interpret(new ProviderResponse(429, Map.of("retry-after", "30"),
        "{\"error\":{\"message\":\"slow down\",\"code\":131999}}")))
        .isEqualTo(new SendResult.Retry(Duration.ofSeconds(30), "WhatsApp error 131999: slow down"));
    assertThat(whatsapp.interpret(new ProviderResponse(500, Map.of(),
        "{\"error\":{\"message\":\"An unknown error has occurred.\",\"code\":1}}")))
        .isInstanceOf(SendResult.Retry.class);
    assertThat(whatsapp.interpret(new ProviderResponse(502, Map.of(), "<html>Bad Gateway</html>")))
        .isInstanceOf(SendResult.Retry.class);
    assertThat(whatsapp.interpret(new ProviderResponse(200, Map.of(), "<html>captive portal</html>")))
        .isInstanceOfSatisfying(SendResult.Failed.class, f -> assertThat(f.reason()).startsWith("unreadable answer"));
  }

  static ProviderResponse answer(int status, String fixture) {
    return new ProviderResponse(status, Map.of(), Fixtures.text(fixture));
  }
}
