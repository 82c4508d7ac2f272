package io.linehub.openlines.viber;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.linehub.api.crm.Identity;
import io.linehub.api.crm.IdentityType;
import io.linehub.api.error.ErrorCode;
import io.linehub.api.error.LinehubException;
import io.linehub.openlines.connector.ChannelConfig;
import io.linehub.openlines.connector.Fixtures;
import io.linehub.openlines.connector.Hmac;
import io.linehub.openlines.connector.InboundEvent;
import io.linehub.openlines.connector.OutboundCall;
import io.linehub.openlines.connector.Outgoing;
import io.linehub.openlines.connector.Parsed;
import io.linehub.openlines.connector.ProviderResponse;
import io.linehub.openlines.connector.SendResult;
import io.linehub.openlines.connector.Webhook;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Viber connector on the REST Bot API documentation's payloads. */
class ViberConnectorTest {

  /** The example auth token of Viber's callback documentation. */
  static final String TOKEN = "4453b6ac12345678-e02c5f12174805f9-daec9cbb5448c51f";
  static final ChannelConfig CHANNEL = new ChannelConfig("vb", "viber", "support", "http://127.0.0.1:9/viber",
      Map.of(), Map.of("authToken", TOKEN));
  static final Instant DOCS_TIMESTAMP = Instant.ofEpochMilli(1457764197627L);
  final ViberConnector viber = new ViberConnector();

  @Test
  void textMessageShouldBecomeOneMessageKeyedOnTheMessageToken() {
    Parsed parsed = viber.parse(signed(Fixtures.bytes("viber/message-text.json")), CHANNEL);

    assertThat(parsed.answer().status()).isEqualTo(200);
    assertThat(parsed.events()).singleElement().isInstanceOfSatisfying(InboundEvent.Message.class, m -> {
      assertThat(m.externalId()).isEqualTo("message:4912661846655238145");
      assertThat(m.customerKey()).isEqualTo("jc9HsWTZ2Yf2NkRZ8KcNug==");
      assertThat(m.customerName()).isEqualTo("John McClane");
      assertThat(m.text()).as("the docs' example carries media and location, but its type is text")
          .isEqualTo("a message to the service");
      assertThat(m.identities()).containsExactly(new Identity(IdentityType.VIBER, "jc9HsWTZ2Yf2NkRZ8KcNug=="));
      assertThat(m.sentAt()).isEqualTo(DOCS_TIMESTAMP);
    });
  }

  @Test
  void pictureShouldBeAPlaceholderWithItsCaption() {
    Parsed parsed = viber.parse(signed(Fixtures.bytes("viber/message-picture.json")), CHANNEL);

    assertThat(parsed.events()).singleElement().isInstanceOfSatisfying(InboundEvent.Message.class, m -> {
      assertThat(m.externalId()).isEqualTo("message:4912661846655238146");
      assertThat(m.text()).isEqualTo("[picture] Photo description");
    });
  }

  @Test
  void sharedContactShouldAddThePhoneForTheCrm() {
    Parsed parsed = viber.parse(signed(Fixtures.bytes("viber/message-contact.json")), CHANNEL);

    assertThat(parsed.events()).singleElement().isInstanceOfSatisfying(InboundEvent.Message.class, m -> {
      assertThat(m.identities()).containsExactly(new Identity(IdentityType.VIBER, "jc9HsWTZ2Yf2NkRZ8KcNug=="),
          Identity.phone("+972511123123"));
      assertThat(m.text()).isEqualTo("[contact] +972511123123");
    });
  }

  @Test
  void otherMessageTypesShouldNameWhatWasSent() {
    assertThat(textOf("{\"type\":\"url\",\"media\":\"https://www.website.com/go_here\"}"))
        .isEqualTo("[url] https://www.website.com/go_here");
    assertThat(textOf("{\"type\":\"location\",\"location\":{\"lat\":50.76891,\"lon\":6.11499}}"))
        .isEqualTo("[location] 50.76891,6.11499");
    assertThat(textOf("{\"type\":\"file\",\"media\":\"https://x.example/f.doc\",\"file_name\":\"name_of_file.doc\"}"))
        .isEqualTo("[file] name_of_file.doc");
    assertThat(textOf("{\"type\":\"sticker\",\"sticker_id\":46105}")).isEqualTo("[sticker]");
  }

  @ParameterizedTest
  @ValueSource(strings = {"webhook.json", "conversation-started.json", "subscribed.json", "unsubscribed.json"})
  void setUpAndSubscriptionCallbacksShouldBeAcknowledgedAndStoreNothing(String fixture) {
    Parsed parsed = viber.parse(signed(Fixtures.bytes("viber/" + fixture)), CHANNEL);

    assertThat(parsed.events()).isEmpty();
    assertThat(parsed.answer().status()).isEqualTo(200);
    assertThat(parsed.answer().body()).as("no welcome message on conversation_started").isEmpty();
  }

  @Test
  void receiptsShouldBecomeStatusesOfOurMessage() {
    assertThat(viber.parse(signed(Fixtures.bytes("viber/delivered.json")), CHANNEL).events()).containsExactly(
        new InboundEvent.Status("delivered:4912661846655238145", "4912661846655238145", "delivered", null,
            DOCS_TIMESTAMP));
    assertThat(viber.parse(signed(Fixtures.bytes("viber/seen.json")), CHANNEL).events()).containsExactly(
        new InboundEvent.Status("seen:4912661846655238145", "4912661846655238145", "read", null, DOCS_TIMESTAMP));
    assertThat(viber.parse(signed(Fixtures.bytes("viber/failed.json")), CHANNEL).events()).containsExactly(
        new InboundEvent.Status("failed:4912661846655238145", "4912661846655238145", "failed",
            "message validation failed", DOCS_TIMESTAMP));
  }

  @Test
  void signatureShouldBeTheHmacOfTheRawBodyUnderTheAuthToken() {
    // Computed apart from this code: printf '%s' "$BODY" | openssl dgst -sha256 -hmac "$TOKEN"
    byte[] body = "{\"event\":\"webhook\",\"timestamp\":1457764197627,\"message_token\":241256543215}"
        .getBytes(StandardCharsets.UTF_8);
    String vector = "707d4e545f8b4e693ce70df046097d510f76fcee0c49630c23ebb1f73a6be868";
    assertThat(Hmac.sha256Hex(TOKEN, body)).isEqualTo(vector);
    viber.verify(Fixtures.post(body, "X-Viber-Content-Signature", vector), CHANNEL);

    // And over a fixture's exact bytes (openssl dgst -sha256 -hmac "$TOKEN" < message-text.json).
    viber.verify(Fixtures.post(Fixtures.bytes("viber/message-text.json"), "X-Viber-Content-Signature",
        "334e0f1abba1c9df048ded5a3eb3e7556be24bf9974f4b02cc01df30a4f25fd2"), CHANNEL);
  }

  @Test
  void webhookShouldNeedTheRightSignature() {
    byte[] body = Fixtures.bytes("viber/message-text.json");
    viber.verify(signed(body), CHANNEL);

    assertThatThrownBy(() -> viber.verify(Fixtures.post(body), CHANNEL))
        .isInstanceOfSatisfying(LinehubException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED));
    assertThatThrownBy(() -> viber.verify(Fixtures.post(body, "X-Viber-Content-Signature", "guess"), CHANNEL))
        .isInstanceOfSatisfying(LinehubException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
    String otherBodysSignature = Hmac.sha256Hex(TOKEN, Fixtures.bytes("viber/seen.json"));
    assertThatThrownBy(() -> viber.verify(Fixtures.post(body, "X-Viber-Content-Signature", otherBodysSignature),
        CHANNEL))
        .isInstanceOfSatisfying(LinehubException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
    String otherTokensSignature = Hmac.sha256Hex("another-bot-token", body);
    assertThatThrownBy(() -> viber.verify(Fixtures.post(body, "X-Viber-Content-Signature", otherTokensSignature),
        CHANNEL))
        .isInstanceOfSatisfying(LinehubException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
  }

  @ParameterizedTest
  @ValueSource(strings = {"[1,2", "[1,2]", "{}", "{\"event\":\"\"}", "{\"event\":7}",
      "{\"event\":\"message\",\"message_token\":1,\"message\":{\"type\":\"text\",\"text\":\"hi\"}}",
      "{\"event\":\"message\",\"message_token\":1,\"sender\":\"someone\",\"message\":{}}",
      "{\"event\":\"delivered\",\"user_id\":\"01234567890A=\"}"})
  void garbageShouldBeABadRequest(String body) {
    assertThatThrownBy(() -> viber.parse(Fixtures.post(body.getBytes(StandardCharsets.UTF_8)), CHANNEL))
        .isInstanceOfSatisfying(LinehubException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST));
  }

  @Test
  void replyShouldBeASendMessageCallWithTheTokenInAHeader() {
    OutboundCall call = viber.render(new Outgoing(7, "jc9HsWTZ2Yf2NkRZ8KcNug==", "Hello from the operator"), CHANNEL);

    assertThat(call.method()).isEqualTo("POST");
    assertThat(call.url()).isEqualTo("http://127.0.0.1:9/viber/pa/send_message");
    assertThat(call.headers()).isEqualTo(Map.of("X-Viber-Auth-Token", TOKEN, "Content-Type", "application/json"));
    assertThat(new JsonObject(call.body())).isEqualTo(new JsonObject()
        .put("receiver", "jc9HsWTZ2Yf2NkRZ8KcNug==")
        .put("min_api_version", 1)
        .put("sender", new JsonObject().put("name", "Support"))
        .put("tracking_data", "outbox:7")
        .put("type", "text")
        .put("text", "Hello from the operator"));
    assertThat(call.toString()).as("the token stays out of logs").doesNotContain(TOKEN).doesNotContain("4453b6ac");
  }

  @Test
  void senderNameShouldComeFromTheChannelWithinVibersLimit() {
    ChannelConfig named = new ChannelConfig("vb", "viber", "support", "http://127.0.0.1:9/viber",
        Map.of("senderName", "Acme Support"), Map.of("authToken", TOKEN));
    ChannelConfig longNamed = new ChannelConfig("vb", "viber", "support", "http://127.0.0.1:9/viber",
        Map.of("senderName", "Acme Worldwide Customer Support Desk"), Map.of("authToken", TOKEN));

    assertThat(senderName(viber.render(new Outgoing(1, "u", "t"), named))).isEqualTo("Acme Support");
    assertThat(senderName(viber.render(new Outgoing(1, "u", "t"), longNamed))).isEqualTo("Acme Worldwide Customer Supp")
        .hasSize(28);
  }

  @Test
  void renderShouldNeedTheAuthToken() {
    ChannelConfig tokenless = new ChannelConfig("vb", "viber", "support", "http://127.0.0.1:9/viber", Map.of(),
        Map.of());

    assertThatThrownBy(() -> viber.render(new Outgoing(1, "u", "t"), tokenless))
        .isInstanceOfSatisfying(LinehubException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST));
  }

  @Test
  void sentShouldKeepThe64BitMessageTokenExact() {
    assertThat(viber.interpret(ok(Fixtures.text("viber/send-message-ok.json"))))
        .isEqualTo(new SendResult.Sent("5741311803571721087"));
    assertThat(viber.interpret(ok("{\"status\":0,\"status_message\":\"ok\",\"message_token\":18446744073709551615}")))
        .as("even beyond a signed long").isEqualTo(new SendResult.Sent("18446744073709551615"));
  }

  @Test
  void answersShouldReadAsRetryOrFailed() {
    assertThat(viber.interpret(ok(Fixtures.text("viber/send-message-too-many-requests.json"))))
        .isEqualTo(new SendResult.Retry(null, "Viber error 12: Too many requests"));
    assertThat(viber.interpret(ok(Fixtures.text("viber/send-message-not-subscribed.json"))))
        .isEqualTo(new SendResult.Failed("Viber error 6: notSubscribed"));
    assertThat(viber.interpret(ok("{\"status\":5,\"status_message\":\"receiverNotRegistered\"}")))
        .isEqualTo(new SendResult.Failed("Viber error 5: receiverNotRegistered"));
    assertThat(viber.interpret(ok("{\"status\":2,\"status_message\":\"invalidAuthToken\"}")))
        .isEqualTo(new SendResult.Failed("Viber error 2: invalidAuthToken"));
    assertThat(viber.interpret(ok("{\"status\":3,\"status_message\":\"badData\"}")))
        .isEqualTo(new SendResult.Failed("Viber error 3: badData"));
    assertThat(viber.interpret(ok("{\"status\":99,\"status_message\":\"failure\"}")))
        .as("outside the table: Viber's general error")
        .isEqualTo(new SendResult.Retry(null, "Viber error 99: failure"));
    assertThat(viber.interpret(new ProviderResponse(502, Map.of(), "<html>Bad Gateway</html>")))
        .isInstanceOf(SendResult.Retry.class);
    assertThat(viber.interpret(new ProviderResponse(404, Map.of(), "")))
        .isEqualTo(new SendResult.Failed("HTTP 404"));
    assertThat(viber.interpret(ok("<html>maintenance</html>")))
        .isEqualTo(new SendResult.Failed("unreadable answer: <html>maintenance</html>"));
  }

  private String textOf(String message) {
    String body = "{\"event\":\"message\",\"timestamp\":1457764197627,\"message_token\":1,"
        + "\"sender\":{\"id\":\"01234567890A=\",\"name\":\"John McClane\"},\"message\":" + message + "}";
    return ((InboundEvent.Message) viber.parse(signed(body.getBytes(StandardCharsets.UTF_8)), CHANNEL).events()
        .get(0)).text();
  }

  private static String senderName(OutboundCall call) {
    return new JsonObject(call.body()).getJsonObject("sender").getString("name");
  }

  private static ProviderResponse ok(String body) {
    return new ProviderResponse(200, Map.of(), body);
  }

  /** A webhook signed as Viber signs it. */
  private static Webhook signed(byte[] body) {
    return Fixtures.post(body, "X-Viber-Content-Signature", Hmac.sha256Hex(TOKEN, body));
  }
}
