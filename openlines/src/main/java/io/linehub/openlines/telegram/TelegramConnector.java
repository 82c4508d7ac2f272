package io.linehub.openlines.telegram;

import io.linehub.api.crm.Identity;
import io.linehub.api.crm.IdentityType;
import io.linehub.api.error.LinehubException;
import io.linehub.openlines.connector.ChannelConfig;
import io.linehub.openlines.connector.Connector;
import io.linehub.openlines.connector.HookAnswer;
import io.linehub.openlines.connector.Hmac;
import io.linehub.openlines.connector.InboundEvent;
import io.linehub.openlines.connector.OutboundCall;
import io.linehub.openlines.connector.Outgoing;
import io.linehub.openlines.connector.Parsed;
import io.linehub.openlines.connector.ProviderResponse;
import io.linehub.openlines.connector.SendResult;
import io.linehub.openlines.connector.SendResults;
import io.linehub.openlines.connector.Webhook;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Telegram Bot API (https://core.telegram.org/bots/api). Webhooks are checked with the secret the
 * bot's {@code setWebhook} was given ({@code X-Telegram-Bot-Api-Secret-Token}); an {@code Update}
 * is deduplicated on its {@code update_id}; replies go through {@code sendMessage}, and a 429's
 * {@code parameters.retry_after} is honoured.
 *
 * <p>Secrets: {@code botToken}, {@code webhookSecret}. Base URL: {@code https://api.telegram.org}.
 */
public final class TelegramConnector implements Connector {

  public static final String KIND = "telegram";
  public static final String DEFAULT_BASE_URL = "https://api.telegram.org";
  static final String SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token";

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public void verify(Webhook hook, ChannelConfig channel) {
    String given = hook.header(SECRET_HEADER);
    if (given == null) {
      throw LinehubException.unauthorized("missing " + SECRET_HEADER);
    }
    if (!Hmac.same(channel.secret("webhookSecret"), given)) {
      throw LinehubException.forbidden("wrong " + SECRET_HEADER);
    }
  }

  @Override
  public Parsed parse(Webhook hook, ChannelConfig channel) {
    JsonObject update;
    try {
      update = new JsonObject(hook.bodyText());
    } catch (DecodeException | ClassCastException e) {
      throw LinehubException.badRequest("not a Telegram Update: " + e.getMessage());
    }
    Long updateId = update.getLong("update_id");
    if (updateId == null) {
      throw LinehubException.badRequest("not a Telegram Update: no update_id");
    }
    List<InboundEvent> events = new ArrayList<>();
    JsonObject message = update.getJsonObject("message");
    if (message != null && message.getJsonObject("chat") != null) {
      events.add(message("update:" + updateId, message));
    }
    // Other updates (edits, button presses, membership changes) are acknowledged and not stored.
    return new Parsed(events, HookAnswer.ok());
  }

  private static InboundEvent.Message message(String externalId, JsonObject message) {
    JsonObject chat = message.getJsonObject("chat");
    JsonObject from = message.getJsonObject("from", chat);
    List<Identity> identities = new ArrayList<>();
    if (from.getValue("id") != null) {
      identities.add(new Identity(IdentityType.TELEGRAM, String.valueOf(from.getValue("id"))));
    }
    JsonObject contact = message.getJsonObject("contact");
    if (contact != null && contact.getString("phone_number") != null) {
      identities.add(Identity.phone(contact.getString("phone_number")));
    }
    String name = String.join(" ", java.util.stream.Stream.of(from.getString("first_name"), from.getString("last_name"))
        .filter(part -> part != null && !part.isBlank()).toList());
    if (name.isEmpty()) {
      name = from.getString("username");
    }
    Long date = message.getLong("date");
    return new InboundEvent.Message(externalId, String.valueOf(chat.getValue("id")), name, text(message), identities,
        date == null ? null : Instant.ofEpochSecond(date));
  }

  /** The text, or the caption, or a placeholder naming what was sent. */
  private static String text(JsonObject message) {
    if (message.getString("text") != null) {
      return message.getString("text");
    }
    String caption = message.getString("caption");
    for (String kind : new String[] {"photo", "document", "voice", "audio", "video", "sticker", "location", "contact"}) {
      if (message.getValue(kind) != null) {
        String placeholder = "[" + kind + "]";
        if ("contact".equals(kind)) {
          placeholder = "[contact] " + message.getJsonObject("contact").getString("phone_number", "");
        }
        return caption == null ? placeholder.strip() : placeholder + " " + caption;
      }
    }
    return caption == null ? "[message]" : caption;
  }

  @Override
  public OutboundCall render(Outgoing message, ChannelConfig channel) {
    String body = new JsonObject().put("chat_id", message.customerKey()).put("text", message.text()).encode();
    return new OutboundCall("POST", channel.baseUrl() + "/bot" + channel.secret("botToken") + "/sendMessage",
        Map.of("Content-Type", "application/json"), body);
  }

  @Override
  public SendResult interpret(ProviderResponse response) {
    JsonObject answer = SendResults.json(response);
    if (answer != null && Boolean.TRUE.equals(answer.getBoolean("ok"))) {
      JsonObject result = answer.getJsonObject("result");
      Object id = result == null ? null : result.getValue("message_id");
      return new SendResult.Sent(id == null ? null : String.valueOf(id));
    }
    if (answer != null && response.status() == 429) {
      JsonObject parameters = answer.getJsonObject("parameters");
      Long after = parameters == null ? null : parameters.getLong("retry_after");
      return new SendResult.Retry(after == null ? null : Duration.ofSeconds(after),
          answer.getString("description", "Too Many Requests"));
    }
    SendResult byStatus = SendResults.fromStatus(response);
    if (byStatus instanceof SendResult.Failed && answer != null && answer.getString("description") != null) {
      return new SendResult.Failed(SendResults.abbreviate(answer.getString("description")));
    }
    return byStatus != null ? byStatus : new SendResult.Failed("unreadable answer: "
        + SendResults.abbreviate(String.valueOf(response.body())));
  }
}
