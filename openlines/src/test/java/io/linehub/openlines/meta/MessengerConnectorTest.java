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
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Messenger Platform connector on the payloads of Meta's documentation. */
class MessengerConnectorTest {

  static final String APP_SECRET = "meta-app-secret";
  static final ChannelConfig CHANNEL = new ChannelConfig("fb", "facebook", "support", "http://127.0.0.1:9/graph",
      Map.of(),
      Map.of("pageAccessToken", "EAAG+page/token=s3cret", "appSecret", APP_SECRET, "verifyToken", "verify-Me_42"));
  static final String PSID = "1254477777772919";
  final MessengerConnector messenger = new MessengerConnector();

  static ErrorCode code(Throwable e) {
    return ((LinehubException) e).code();
  }

  Parsed parse(String fixture) {
    return messenger.parse(Fixtures.post(Fixtures.bytes(fixture)), CHANNEL);
  }

  @Test
  void handshakeShouldEchoTheChallengeForTheRightVerifyTokenOnly() {
    var right = Fixtures.get(Map.of("hub.mode", "subscribe", "hub.verify_token", "verify-Me_42",
        "hub.challenge", "CHALLENGE_ACCEPTED"));
    var wrong = Fixtures.get(Map.of("hub.mode", "subscribe", "hub.verify_token", "verify-me_42", "hub.challenge", "x"));

    assertThat(messenger.handshake(right, CHANNEL)).contains(HookAnswer.text("CHALLENGE_ACCEPTED"));
    assertThatThrownBy(() -> messenger.handshake(wrong, CHANNEL))
        .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.FORBIDDEN));
    assertThat(messenger.handshake(Fixtures.post(Fixtures.bytes("messenger/message-text.json")), CHANNEL)).isEmpty();
  }

  @Test
  void webhookShouldNeedTheSignatureOfItsRawBody() {
    byte[] body = Fixtures.bytes("messenger/message-text.json");
    messenger.verify(Fixtures.post(body, "X-Hub-Signature-256", "sha256=" + Hmac.sha256Hex(APP_SECRET, body)), CHANNEL);

    assertThatThrownBy(() -> messenger.verify(Fixtures.post(body, "X-Hub-Signature", "sha1=0123"), CHANNEL))
        .as("only the SHA-256 header counts").satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.UNAUTHORIZED));
    assertThatThrownBy(() -> messenger.verify(Fixtures.post(body, "X-Hub-Signature-256",
        "sha256=" + Hmac.sha256Hex(APP_SECRET, "{}".getBytes(StandardCharsets.UTF_8))), CHANNEL))
        .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.FORBIDDEN));
    assertThatThrownBy(() -> messenger.verify(Fixtures.post(body, "X-Hub-Signature-256", "sha256=not-hex"), CHANNEL))
        .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.FORBIDDEN));
  }

  @Test
  void textMessageShouldBecomeAMessageFromThePsid() {
    Parsed parsed = parse("messenger/message-text.json");

    assertThat(parsed.answer()).isEqualTo(HookAnswer.ok());
    assertThat(parsed.events()).containsExactly(new InboundEvent.Message("mid.1457764197618:41d102a3e1ae206a38", PSID,
        null, "hello, world!", List.of(new Identity(IdentityType.FACEBOOK, PSID)),
        Instant.ofEpochMilli(1458692752478L)));
  }

  @Test
  void attachmentWithoutTextShouldBeAPlaceholder() {
    assertThat(parse("messenger/message-attachment.json").events()).singleElement()
        .isInstanceOfSatisfying(InboundEvent.Message.class, m -> {
          assertThat(m.externalId()).isEqualTo("mid.$cAAJdkrCd2ORnva8ErFhjGm0X_Q_c");
          assertThat(m.text()).isEqualTo("[image]");
          assertThat(m.sentAt()).isEqualTo(Instant.ofEpochMilli(1518479195308L));
        });
  }

  @Test
  void echoOfThePagesOwnMessageShouldBeSkipped() {
    Parsed parsed = parse("messenger/message-echo.json");

    assertThat(parsed.events()).isEmpty();
    assertThat(parsed.answer()).isEqualTo(HookAnswer.ok());
  }

  @Test
  void deliveryShouldBeADeliveredStatusPerMid() {
    assertThat(parse("messenger/delivery.json").events()).containsExactly(new InboundEvent.Status(
        "delivery:mid.1458668856218:ed81099e15d3f4f233", "mid.1458668856218:ed81099e15d3f4f233", "delivered", null,
        Instant.ofEpochMilli(1458668856253L)));
  }

  @Test
  void readShouldStoreNothingForItNamesNoMessage() {
    Parsed parsed = parse("messenger/read.json");

    assertThat(parsed.events()).isEmpty();
    assertThat(parsed.answer()).isEqualTo(HookAnswer.ok());
  }

  @Test
  void severalEntriesAndEventsShouldBecomeSeveralEvents() {
    Parsed parsed = parse("messenger/messages-batch.json");

    assertThat(parsed.events()).extracting(InboundEvent::externalId).containsExactly(
        "m_1fTq8oLumEyIp3Q2MR-aY7IfLZDamVrALniheU",
        "m_2kWq9pMvnFzJq4R3NS-bZ8JgMaEbnWsBMojifV",
        "m_3lXr0qNwoGaKr5S4OT-cA9KhNbFcoXtCNpkjgW",
        "delivery:m_AG5Hz2Uq7tuwNEhXfYYKj8mJEM_QPpz5jdCK48PnKAjSdjfipqxqMvK8ma6AC8fplwlqLP",
        "delivery:m_BH6Ia3Vr8uvxOFiYgZZLk9nKFN_RQqa6keDL59QoLBkTekgjqryrNwL9nb7BD9gqmxmrMQ");
    assertThat(parsed.events().get(1)).isInstanceOfSatisfying(InboundEvent.Message.class,
        m -> assertThat(m.text()).isEqualTo("[image] [video]"));
    assertThat(parsed.events().get(2)).isInstanceOfSatisfying(InboundEvent.Message.class, m -> {
      assertThat(m.customerKey()).isEqualTo("2938475610293847");
      assertThat(m.text()).isEqualTo("Hi, do you deliver on Sundays?");
    });
    assertThat(parsed.events().get(4)).isInstanceOfSatisfying(InboundEvent.Status.class, s -> {
      assertThat(s.providerMessageId())
          .isEqualTo("m_BH6Ia3Vr8uvxOFiYgZZLk9nKFN_RQqa6keDL59QoLBkTekgjqryrNwL9nb7BD9gqmxmrMQ");
      assertThat(s.at()).isEqualTo(Instant.ofEpochMilli(1700000001100L));
    });
  }

  @Test
  void otherObjectsShouldBeAcknowledgedAndStoreNothing() {
    assertThat(parse("whatsapp/message-text.json").events()).isEmpty();
  }

  @Test
  void garbageShouldBeABadRequest() {
    for (String body : new String[] {"not json", "{\"entry\":[]}", "{\"object\":\"page\"}",
        "{\"object\":\"page\",\"entry\":[{\"messaging\":[\"x\"]}]}",
        "{\"object\":\"page\",\"entry\":[{\"messaging\":[{\"sender\":{\"id\":\"1\"},"
            + "\"message\":{\"text\":\"no mid\"}}]}]}"}) {
      assertThatThrownBy(() -> messenger.parse(Fixtures.post(body.getBytes(StandardCharsets.UTF_8)), CHANNEL))
          .as(body).satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.BAD_REQUEST));
    }
  }

  @Test
  void replyShouldBeASendApiResponseWithTheTokenOutOfLogs() {
    OutboundCall call = messenger.render(new Outgoing(7, PSID, "Hello from the operator"), CHANNEL);

    assertThat(call.method()).isEqualTo("POST");
    assertThat(call.url())
        .isEqualTo("http://127.0.0.1:9/graph/v21.0/me/messages?access_token=EAAG%2Bpage%2Ftoken%3Ds3cret");
    assertThat(call.headers()).isEqualTo(Map.of("Content-Type", "application/json"));
    assertThat(new JsonObject(call.body())).isEqualTo(new JsonObject()
        .put("recipient", new JsonObject().put("id", PSID))
        .put("messaging_type", "RESPONSE")
        .put("message", new JsonObject().put("text", "Hello from the operator")));
    assertThat(call.toString()).as("the token stays out of logs").doesNotContain("s3cret")
        .isEqualTo("OutboundCall[POST http://127.0.0.1:9/graph/v21.0/me/messages?***]");
  }

  @Test
  void answersShouldReadAsSentRetryOrFailed() {
    assertThat(messenger.interpret(answer(200, "messenger/send-message-ok.json")))
        .isEqualTo(new SendResult.Sent("m_AG5Hz2Uq7tuwNEhXfYYKj8mJEM_QPpz5jdCK48PnKAjSdjfipqxqMvK8ma6AC8fplwlqLP"));
    assertThat(messenger.interpret(answer(400, "messenger/send-message-rate-limit.json")))
        .isEqualTo(new SendResult.Retry(null, "Messenger error 613: Calls to this api have exceeded the rate limit."));
    assertThat(messenger.interpret(new ProviderResponse(400, Map.of(),
        "{\"error\":{\"message\":\"(#4) Application request limit reached\",\"type\":\"OAuthException\",\"code\":4}}")))
        .isEqualTo(new SendResult.Retry(null, "Messenger error 4: Application request limit reached"));
    assertThat(messenger.interpret(answer(400, "messenger/send-message-outside-window.json")))
        .isInstanceOfSatisfying(SendResult.Failed.class, f -> assertThat(f.reason())
            .startsWith("Messenger error 10: This message is sent outside of allowed window."));
    assertThat(messenger.interpret(answer(400, "messenger/send-message-user-unavailable.json")))
        .isEqualTo(new SendResult.Failed("Messenger error 551: This person isn't available right now."));
    assertThat(messenger.interpret(new ProviderResponse(503, Map.of(), "")))
        .isInstanceOf(SendResult.Retry.class);
    assertThat(messenger.interpret(new ProviderResponse(200, Map.of(), "{\"recipient_id\":\"1\"}")))
        .isInstanceOfSatisfying(SendResult.Failed.class, f -> assertThat(f.reason()).startsWith("unreadable answer"));
  }

  static ProviderResponse answer(int status, String fixture) {
    return new ProviderResponse(status, Map.of(), Fixtures.text(fixture));
  }
}
