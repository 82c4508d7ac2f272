package io.linehub.openlines.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.linehub.api.crm.Identity;
import io.linehub.api.crm.IdentityType;
import io.linehub.api.error.ErrorCode;
import io.linehub.api.error.LinehubException;
import io.linehub.openlines.connector.ChannelConfig;
import io.linehub.openlines.connector.Fixtures;
import io.linehub.openlines.connector.InboundEvent;
import io.linehub.openlines.connector.OutboundCall;
import io.linehub.openlines.connector.Outgoing;
import io.linehub.openlines.connector.Parsed;
import io.linehub.openlines.connector.ProviderResponse;
import io.linehub.openlines.connector.SendResult;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Telegram connector on the Bot API documentation's payloads. */
class TelegramConnectorTest {

  static final ChannelConfig CHANNEL = new ChannelConfig("tg", "telegram", "support", "http://127.0.0.1:9/tg",
      Map.of(), Map.of("botToken", "123456:ABC-DEF1234ghIkl", "webhookSecret", "s3cret-Token_1"));
  final TelegramConnector telegram = new TelegramConnector();

  @Test
  void textUpdateShouldBecomeOneMessageKeyedOnTheUpdateId() {
    Parsed parsed = telegram.parse(Fixtures.post(Fixtures.bytes("telegram/message-text.json")), CHANNEL);

    assertThat(parsed.answer().status()).isEqualTo(200);
    assertThat(parsed.events()).singleElement().isInstanceOfSatisfying(InboundEvent.Message.class, m -> {
      assertThat(m.externalId()).isEqualTo("update:10000");
      assertThat(m.customerKey()).isEqualTo("1111111");
      assertThat(m.customerName()).isEqualTo("Test Firstname Test Lastname");
      assertThat(m.text()).isEqualTo("/start");
      assertThat(m.identities()).containsExactly(new Identity(IdentityType.TELEGRAM, "1111111"));
      assertThat(m.sentAt()).isEqualTo(Instant.ofEpochSecond(1441645532));
    });
  }

  @Test
  void sharedContactShouldAddThePhoneForTheCrm() {
    Parsed parsed = telegram.parse(Fixtures.post(Fixtures.bytes("telegram/message-contact.json")), CHANNEL);

    assertThat(parsed.events()).singleElement().isInstanceOfSatisfying(InboundEvent.Message.class, m -> {
      assertThat(m.identities()).contains(Identity.phone("+79161234567"));
      assertThat(m.text()).isEqualTo("[contact] +79161234567");
    });
  }

  @Test
  void otherUpdatesShouldBeAcknowledgedAndStoreNothing() {
    Parsed parsed = telegram.parse(Fixtures.post(Fixtures.bytes("telegram/edited-message.json")), CHANNEL);

    assertThat(parsed.events()).isEmpty();
    assertThat(parsed.answer().status()).isEqualTo(200);
  }

  @Test
  void webhookShouldNeedTheSecretTokenHeader() {
    byte[] body = Fixtures.bytes("telegram/message-text.json");
    telegram.verify(Fixtures.post(body, "X-Telegram-Bot-Api-Secret-Token", "s3cret-Token_1"), CHANNEL);

    assertThatThrownBy(() -> telegram.verify(Fixtures.post(body), CHANNEL))
        .isInstanceOfSatisfying(LinehubException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED));
    assertThatThrownBy(() -> telegram.verify(Fixtures.post(body, "X-Telegram-Bot-Api-Secret-Token", "guess"), CHANNEL))
        .isInstanceOfSatisfying(LinehubException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
  }

  @Test
  void garbageShouldBeABadRequest() {
    assertThatThrownBy(() -> telegram.parse(Fixtures.post("{\"message\":{}}".getBytes()), CHANNEL))
        .isInstanceOfSatisfying(LinehubException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST));
    assertThatThrownBy(() -> telegram.parse(Fixtures.post("[1,2".getBytes()), CHANNEL))
        .isInstanceOfSatisfying(LinehubException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST));
  }

  @Test
  void replyShouldBeASendMessageCallOnTheBotsUrl() {
    OutboundCall call = telegram.render(new Outgoing(7, "1111111", "Hello from the operator"), CHANNEL);

    assertThat(call.method()).isEqualTo("POST");
    assertThat(call.url()).isEqualTo("http://127.0.0.1:9/tg/bot123456:ABC-DEF1234ghIkl/sendMessage");
    assertThat(new JsonObject(call.body())).isEqualTo(new JsonObject().put("chat_id", "1111111")
        .put("text", "Hello from the operator"));
    assertThat(call.toString()).as("the token stays out of logs").doesNotContain("ABC-DEF");
  }

  @Test
  void answersShouldReadAsSentRetryOrFailed() {
    assertThat(telegram.interpret(new ProviderResponse(200, Map.of(), Fixtures.text("telegram/send-message-ok.json"))))
        .isEqualTo(new SendResult.Sent("1367"));
    assertThat(telegram.interpret(new ProviderResponse(429, Map.of(), Fixtures.text("telegram/send-message-429.json"))))
        .isEqualTo(new SendResult.Retry(Duration.ofSeconds(35), "Too Many Requests: retry after 35"));
    assertThat(telegram.interpret(new ProviderResponse(403, Map.of(), Fixtures.text("telegram/send-message-403.json"))))
        .isEqualTo(new SendResult.Failed("Forbidden: bot was blocked by the user"));
    assertThat(telegram.interpret(new ProviderResponse(502, Map.of(), "<html>Bad Gateway</html>")))
        .isInstanceOf(SendResult.Retry.class);
  }
}
