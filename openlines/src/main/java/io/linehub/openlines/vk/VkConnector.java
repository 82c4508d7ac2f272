package io.linehub.openlines.vk;

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
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * VK community messages over the Callback API (https://dev.vk.com/ru/api/callback/getting-started).
 * Every notification is a JSON body {@code {type, event_id, v, object, group_id, secret}}: it is
 * checked by its {@code secret} field (and, when the channel names one, its {@code group_id}), the
 * server address is confirmed by answering {@code confirmation} with the community's confirmation
 * string, a {@code message_new} is deduplicated on its {@code event_id}, and every other
 * notification is answered {@code ok} — anything else makes VK retry, and a run of errors makes it
 * stop sending for a while. Replies go through {@code messages.send}, made idempotent by its
 * {@code random_id}.
 *
 * <p>Secrets: {@code callbackSecret} (the Callback API "secret key"), {@code confirmationCode} (the
 * string the server must return), {@code accessToken} (a community token with the messages right).
 * Settings: {@code groupId} (optional: notifications for another community are refused),
 * {@code apiVersion} (for {@code messages.send}, default {@value #DEFAULT_API_VERSION}).
 * Base URL: {@value #DEFAULT_BASE_URL}.
 */
public final class VkConnector implements Connector {

  public static final String KIND = "vk";
  public static final String DEFAULT_BASE_URL = "https://api.vk.com/method";
  static final String DEFAULT_API_VERSION = "5.199";
  /** API error codes that are worth a retry: too many requests per second, flood control, internal server error. */
  static final Set<Integer> RETRY_CODES = Set.of(6, 9, 10);

  @Override
  public String kind() {
    return KIND;
  }

  /**
   * VK puts the secret key in the body of every notification, the {@code confirmation} included,
   * so the key must be saved in the community's Callback API settings before the address is confirmed.
   */
  @Override
  public void verify(Webhook hook, ChannelConfig channel) {
    JsonObject notification = readOrNull(hook);
    Object given = notification == null ? null : notification.getValue("secret");
    if (!(given instanceof String secret) || secret.isEmpty()) {
      throw LinehubException.unauthorized("missing secret");
    }
    if (!Hmac.same(channel.secret("callbackSecret"), secret)) {
      throw LinehubException.forbidden("wrong secret");
    }
    String groupId = channel.setting("groupId", null);
    if (groupId != null && !groupId.equals(String.valueOf(notification.getValue("group_id")))) {
      throw LinehubException.forbidden("group_id " + notification.getValue("group_id")
          + " is not this channel's community");
    }
  }

  @Override
  public Parsed parse(Webhook hook, ChannelConfig channel) {
    JsonObject notification = readOrNull(hook);
    if (notification == null) {
      throw LinehubException.badRequest("not a VK Callback API notification: not a JSON object");
    }
    if (!(notification.getValue("type") instanceof String type)) {
      throw LinehubException.badRequest("not a VK Callback API notification: no type");
    }
    try {
      return switch (type) {
        case "confirmation" -> new Parsed(List.of(), HookAnswer.text(channel.secret("confirmationCode")));
        case "message_new" -> new Parsed(messageNew(notification), HookAnswer.text("ok"));
        // Our own replies (message_reply), edits, joins and the rest are acknowledged and not stored.
        default -> new Parsed(List.of(), HookAnswer.text("ok"));
      };
    } catch (ClassCastException e) {
      throw LinehubException.badRequest("unreadable VK " + type + " notification: " + e.getMessage());
    }
  }

  /** The body as a JSON object, or null when it is not one. */
  private static JsonObject readOrNull(Webhook hook) {
    try {
      return new JsonObject(hook.bodyText());
    } catch (DecodeException | ClassCastException e) {
      return null;
    }
  }

  /**
   * The customer's message: under {@code object.message} since API 5.103, the {@code object}
   * itself before. Service messages of a group chat (a member invited or kicked) store nothing.
   */
  private static List<InboundEvent> messageNew(JsonObject notification) {
    String eventId = notification.getString("event_id");
    if (eventId == null || eventId.isEmpty()) {
      throw LinehubException.badRequest("VK message_new without event_id");
    }
    JsonObject object = notification.getJsonObject("object");
    if (object == null) {
      throw LinehubException.badRequest("VK message_new without object");
    }
    JsonObject message = object.getValue("message") instanceof JsonObject inner ? inner : object;
    if (message.getValue("action") != null) {
      return List.of();
    }
    // Before API 5.80 the dialog and the sender were user_id.
    Object peerId = message.getValue("peer_id", message.getValue("user_id"));
    if (peerId == null) {
      throw LinehubException.badRequest("VK message_new without peer_id");
    }
    Object fromId = message.getValue("from_id", message.getValue("user_id"));
    List<Identity> identities = fromId == null ? List.of()
        : List.of(new Identity(IdentityType.VK, String.valueOf(fromId)));
    Long date = message.getLong("date");
    // VK sends a retried notification with the same event_id: the inbox stores it once.
    return List.of(new InboundEvent.Message("event:" + eventId, String.valueOf(peerId), null, text(message),
        identities, date == null ? null : Instant.ofEpochSecond(date)));
  }

  /** The text, or a placeholder naming the first attachment ({@code [photo]}, {@code [audio_message]}...). */
  private static String text(JsonObject message) {
    String text = message.getString("text", message.getString("body"));
    if (text != null && !text.isEmpty()) {
      return text;
    }
    JsonArray attachments = message.getJsonArray("attachments");
    if (attachments != null && !attachments.isEmpty() && attachments.getValue(0) instanceof JsonObject first
        && first.getString("type") != null) {
      return "[" + first.getString("type") + "]";
    }
    return "[message]";
  }

  /**
   * {@code messages.send} as a form post. The outbox id is the {@code random_id}, so a resend of
   * the same row is not delivered twice. The token travels in the body, never in the URL.
   */
  @Override
  public OutboundCall render(Outgoing message, ChannelConfig channel) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("peer_id", message.customerKey());
    form.put("message", message.text());
    form.put("random_id", Long.toString(message.outboxId()));
    form.put("access_token", channel.secret("accessToken"));
    form.put("v", channel.setting("apiVersion", DEFAULT_API_VERSION));
    String body = form.entrySet().stream()
        .map(field -> field.getKey() + "=" + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
    return new OutboundCall("POST", channel.baseUrl() + "/messages.send",
        Map.of("Content-Type", "application/x-www-form-urlencoded"), body);
  }

  /**
   * VK answers 200 both ways: {@code {"response": <message id>}}, or {@code {"error": {error_code,
   * error_msg}}}. Rate limits and VK's own failures are retried; any other error is final.
   */
  @Override
  public SendResult interpret(ProviderResponse response) {
    SendResult byStatus = SendResults.fromStatus(response);
    if (byStatus != null) {
      return byStatus;
    }
    JsonObject answer = SendResults.json(response);
    if (answer != null && answer.getValue("response") != null) {
      Object id = answer.getValue("response");
      return new SendResult.Sent(id instanceof Number || id instanceof String ? String.valueOf(id) : null);
    }
    if (answer != null && answer.getValue("error") instanceof JsonObject error
        && error.getValue("error_code") instanceof Number code) {
      String message = error.getString("error_msg", "").strip();
      if (RETRY_CODES.contains(code.intValue())) {
        return new SendResult.Retry(null, SendResults.abbreviate(message.isEmpty() ? "VK error " + code : message));
      }
      String reason = "VK error " + code + (message.isEmpty() ? "" : ": " + message);
      return new SendResult.Failed(SendResults.abbreviate(reason));
    }
    return new SendResult.Failed("unreadable answer: " + SendResults.abbreviate(String.valueOf(response.body())));
  }
}
