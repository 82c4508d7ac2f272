package io.linehub.openlines.viber;

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
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Viber REST Bot API (https://developers.viber.com/docs/api/rest-bot-api/, now also
 * https://creators.viber.com/docs/bots-api/). Every callback is signed: {@code X-Viber-Content-Signature}
 * is the lower-case hex HMAC-SHA256 of the raw body under the bot's auth token. A user's
 * {@code message} is deduplicated on its {@code message_token} (Viber retries an unanswered
 * callback with the same token); {@code delivered}, {@code seen} and {@code failed} report on our
 * messages by the {@code message_token} {@code send_message} returned. Replies go through
 * {@code /pa/send_message} with the token in {@code X-Viber-Auth-Token}.
 *
 * <p>{@code send_message} takes no idempotency key: a send that timed out and is retried may reach
 * the customer twice. The outbox id travels in {@code tracking_data} only so that a duplicate can be
 * recognised by a human; Viber echoes it back with the customer's next reply.
 *
 * <p>Secrets: {@code authToken}. Settings: {@code senderName} (the name shown on our messages,
 * default {@code Support}, at most 28 characters). Base URL: {@code https://chatapi.viber.com}.
 */
public final class ViberConnector implements Connector {

  public static final String KIND = "viber";
  public static final String DEFAULT_BASE_URL = "https://chatapi.viber.com";
  static final String SIGNATURE_HEADER = "X-Viber-Content-Signature";
  static final String AUTH_HEADER = "X-Viber-Auth-Token";
  static final String DEFAULT_SENDER_NAME = "Support";
  /** Viber rejects a {@code sender.name} longer than this with {@code badData}. */
  static final int SENDER_NAME_MAX = 28;
  /** {@code tooManyRequests}: over 100 messages to one user within an hour without a reply. */
  static final int TOO_MANY_REQUESTS = 12;
  /** The highest code in Viber's error table; anything above is its "General error". */
  static final int LAST_DOCUMENTED_ERROR = 24;

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public void verify(Webhook hook, ChannelConfig channel) {
    String given = hook.header(SIGNATURE_HEADER);
    if (given == null || given.isBlank()) {
      throw LinehubException.unauthorized("missing " + SIGNATURE_HEADER);
    }
    if (!Hmac.same(Hmac.sha256Hex(channel.secret("authToken"), hook.body()), given.strip())) {
      throw LinehubException.forbidden("wrong " + SIGNATURE_HEADER);
    }
  }

  /**
   * {@code message} becomes a customer's message, {@code delivered}/{@code seen}/{@code failed} a
   * status; the set-up check ({@code webhook}), {@code subscribed}, {@code unsubscribed} and
   * {@code conversation_started} are acknowledged and store nothing. Viber lets the answer to
   * {@code conversation_started} carry a welcome message (a {@code send_message} body without
   * {@code receiver}); we answer a plain 200, so none is shown.
   */
  @Override
  public Parsed parse(Webhook hook, ChannelConfig channel) {
    JsonObject callback;
    try {
      callback = new JsonObject(hook.bodyText());
    } catch (DecodeException | ClassCastException e) {
      throw LinehubException.badRequest("not a Viber callback: " + e.getMessage());
    }
    String event = callback.getValue("event") instanceof String name ? name : null;
    if (event == null || event.isBlank()) {
      throw LinehubException.badRequest("not a Viber callback: no event");
    }
    List<InboundEvent> events;
    try {
      events = switch (event) {
        case "message" -> List.of(message(callback));
        case "delivered" -> List.of(status(callback, "delivered"));
        case "seen" -> List.of(status(callback, "read"));
        case "failed" -> List.of(status(callback, "failed"));
        // webhook, subscribed, unsubscribed, conversation_started and anything newer: nothing to store.
        default -> List.of();
      };
    } catch (ClassCastException e) {
      throw LinehubException.badRequest("not a Viber " + event + " callback: " + e.getMessage());
    }
    return new Parsed(events, HookAnswer.ok());
  }

  private static InboundEvent.Message message(JsonObject callback) {
    String token = token(callback);
    JsonObject sender = callback.getJsonObject("sender");
    Object senderId = sender == null ? null : sender.getValue("id");
    JsonObject message = callback.getJsonObject("message");
    if (token == null || senderId == null || message == null) {
      throw LinehubException.badRequest("not a Viber message callback: no message_token, sender.id or message");
    }
    String customerKey = String.valueOf(senderId);
    List<Identity> identities = new ArrayList<>();
    identities.add(new Identity(IdentityType.VIBER, customerKey));
    JsonObject contact = message.getJsonObject("contact");
    if ("contact".equals(message.getString("type")) && contact != null && hasText(contact.getString("phone_number"))) {
      identities.add(Identity.phone(contact.getString("phone_number")));
    }
    return new InboundEvent.Message("message:" + token, customerKey, sender.getString("name"), text(message),
        identities, timestamp(callback));
  }

  /**
   * The text of a {@code text} message; for any other type a bracketed placeholder naming it, with
   * what identifies the content (a shared phone, a link, a file name, coordinates) and the
   * message's own text as a caption when it has one.
   */
  private static String text(JsonObject message) {
    String type = message.getString("type", "message");
    String text = message.getString("text");
    if ("text".equals(type) && text != null) {
      return text;
    }
    String detail = switch (type) {
      case "contact" -> {
        JsonObject contact = message.getJsonObject("contact");
        yield contact == null ? null : contact.getString("phone_number");
      }
      case "url" -> message.getString("media");
      case "file" -> message.getString("file_name");
      case "location" -> {
        JsonObject location = message.getJsonObject("location");
        yield location == null || location.getValue("lat") == null ? null
            : location.getValue("lat") + "," + location.getValue("lon");
      }
      default -> null;
    };
    String placeholder = "[" + type + "]" + (hasText(detail) ? " " + detail : "");
    return hasText(text) ? placeholder + " " + text : placeholder;
  }

  private static InboundEvent.Status status(JsonObject callback, String status) {
    String token = token(callback);
    if (token == null) {
      throw LinehubException.badRequest("not a Viber " + callback.getString("event") + " callback: no message_token");
    }
    String reason = "failed".equals(status) ? callback.getString("desc") : null;
    return new InboundEvent.Status(callback.getString("event") + ":" + token, token, status, reason,
        timestamp(callback));
  }

  /**
   * A {@code message_token}, digit for digit: it is a 64-bit number, which the JSON reader keeps as
   * a {@code Long} (or a {@code BigInteger}) and never rounds through a {@code double}.
   */
  private static String token(JsonObject json) {
    Object token = json.getValue("message_token");
    if (token instanceof Integer || token instanceof Long || token instanceof BigInteger) {
      return token.toString();
    }
    return token instanceof String text && !text.isBlank() ? text.strip() : null;
  }

  /** The callback's {@code timestamp}: epoch milliseconds; null when absent. */
  private static Instant timestamp(JsonObject callback) {
    return callback.getValue("timestamp") instanceof Number millis ? Instant.ofEpochMilli(millis.longValue()) : null;
  }

  private static boolean hasText(String value) {
    return value != null && !value.isBlank();
  }

  /**
   * {@code send_message} with the token in a header, never in the URL, so the call's
   * {@code toString} (method and URL only) cannot leak it.
   */
  @Override
  public OutboundCall render(Outgoing message, ChannelConfig channel) {
    String body = new JsonObject()
        .put("receiver", message.customerKey())
        .put("min_api_version", 1)
        .put("sender", new JsonObject().put("name", senderName(channel)))
        .put("tracking_data", "outbox:" + message.outboxId())
        .put("type", "text")
        .put("text", message.text())
        .encode();
    return new OutboundCall("POST", channel.baseUrl() + "/pa/send_message",
        Map.of(AUTH_HEADER, channel.secret("authToken"), "Content-Type", "application/json"), body);
  }

  /** The configured sender name, cut to the 28 characters Viber accepts rather than failing every send. */
  private static String senderName(ChannelConfig channel) {
    String name = channel.setting("senderName", DEFAULT_SENDER_NAME).strip();
    if (name.isEmpty()) {
      return DEFAULT_SENDER_NAME;
    }
    return name.codePointCount(0, name.length()) <= SENDER_NAME_MAX ? name
        : name.substring(0, name.offsetByCodePoints(0, SENDER_NAME_MAX));
  }

  /**
   * Viber answers 200 with a {@code status}: 0 is sent (its {@code message_token} is what the
   * status callbacks name), 12 ({@code tooManyRequests}) is worth a retry, and any other code of
   * the documented table (1–24: a bad token, bad data, a receiver not registered or not
   * subscribed, a blocked account...) is final. A code outside the table is Viber's "General
   * error", retried. A non-2xx answer is read by its HTTP status.
   */
  @Override
  public SendResult interpret(ProviderResponse response) {
    SendResult byStatus = SendResults.fromStatus(response);
    if (byStatus != null) {
      return byStatus;
    }
    JsonObject answer = SendResults.json(response);
    Object code = answer == null ? null : answer.getValue("status");
    if (!(code instanceof Integer || code instanceof Long)) {
      return new SendResult.Failed("unreadable answer: " + SendResults.abbreviate(String.valueOf(response.body())));
    }
    long status = ((Number) code).longValue();
    if (status == 0) {
      return new SendResult.Sent(token(answer));
    }
    String message = answer.getValue("status_message") instanceof String text ? text : "no status_message";
    String reason = SendResults.abbreviate("Viber error " + status + ": " + message);
    if (status == TOO_MANY_REQUESTS || status < 0 || status > LAST_DOCUMENTED_ERROR) {
      return new SendResult.Retry(null, reason);
    }
    return new SendResult.Failed(reason);
  }
}
