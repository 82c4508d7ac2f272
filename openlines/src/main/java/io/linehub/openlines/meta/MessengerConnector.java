package io.linehub.openlines.meta;

import io.linehub.api.crm.Identity;
import io.linehub.api.crm.IdentityType;
import io.linehub.api.error.LinehubException;
import io.linehub.openlines.connector.ChannelConfig;
import io.linehub.openlines.connector.Connector;
import io.linehub.openlines.connector.HookAnswer;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Facebook Messenger Platform (https://developers.facebook.com/docs/messenger-platform). Webhooks
 * are Meta's ({@link MetaWebhooks}: the {@code hub.challenge} handshake and the
 * {@code X-Hub-Signature-256} signature); a {@code page} notification's {@code messaging} events
 * carry the customers' messages, deduplicated on their {@code mid}, and the deliveries of ours.
 * Replies go through the Send API, {@code POST /{apiVersion}/me/messages}, as a {@code RESPONSE}
 * (which Meta accepts within 24 hours of the customer's last message).
 *
 * <p>A customer is their page-scoped id (PSID): where replies go, and their only identity — the
 * Messenger Platform gives a page neither a phone nor an e-mail.
 *
 * <p>Settings: {@code apiVersion} (default {@value #DEFAULT_API_VERSION}). Secrets:
 * {@code pageAccessToken}, {@code appSecret}, {@code verifyToken}. Base URL: {@code https://graph.facebook.com}.
 */
public final class MessengerConnector implements Connector {

  public static final String KIND = "facebook";
  public static final String DEFAULT_BASE_URL = "https://graph.facebook.com";
  public static final String DEFAULT_API_VERSION = "v21.0";
  static final String OBJECT = "page";

  /**
   * Error codes worth a retry: Graph's temporary 1 and 2, the rate limits 4 (application) and 613
   * (calls to this API), and 1200 ("temporary send message failure, please try again later").
   */
  static final Set<Integer> TRANSIENT_CODES = Set.of(1, 2, 4, 613, 1200);

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public Optional<HookAnswer> handshake(Webhook hook, ChannelConfig channel) {
    return MetaWebhooks.handshake(hook, channel);
  }

  @Override
  public void verify(Webhook hook, ChannelConfig channel) {
    MetaWebhooks.verify(hook, channel);
  }

  @Override
  public Parsed parse(Webhook hook, ChannelConfig channel) {
    try {
      JsonObject notification = new JsonObject(hook.bodyText());
      if (!(notification.getValue("object") instanceof String object)
          || !(notification.getValue("entry") instanceof JsonArray entries)) {
        throw LinehubException.badRequest("not a Messenger webhook: no object or entry");
      }
      List<InboundEvent> events = new ArrayList<>();
      if (OBJECT.equals(object)) {
        for (int i = 0; i < entries.size(); i++) {
          // "standby" events (another app owns the thread under the handover protocol) are not ours to answer.
          JsonArray messaging = entries.getJsonObject(i).getJsonArray("messaging", new JsonArray());
          for (int j = 0; j < messaging.size(); j++) {
            read(messaging.getJsonObject(j), events);
          }
        }
      }
      return new Parsed(events, HookAnswer.ok());
    } catch (DecodeException | ClassCastException e) {
      throw LinehubException.badRequest("not a Messenger webhook: " + e.getMessage());
    }
  }

  /**
   * One {@code messaging} event. A customer's message becomes a Message and a {@code delivery} a
   * "delivered" Status per mid. Echoes of the page's own messages are skipped. A {@code read}
   * names no message — only a watermark, "everything sent before this time was read" — and a
   * Status needs the provider's id of one message, which a connector without state cannot find
   * for a time; so reads are acknowledged and not stored. Postbacks, reactions, opt-ins and the
   * rest are acknowledged and not stored either.
   */
  private static void read(JsonObject event, List<InboundEvent> events) {
    JsonObject sender = event.getJsonObject("sender", new JsonObject());
    if (event.getValue("message") instanceof JsonObject message) {
      // A chat-plugin guest has a user_ref and no PSID: the Send API cannot answer it by id.
      if (!Boolean.TRUE.equals(message.getBoolean("is_echo")) && sender.getValue("id") != null) {
        events.add(message(String.valueOf(sender.getValue("id")), event, message));
      }
    } else if (event.getValue("delivery") instanceof JsonObject delivery) {
      Instant at = epochMillis(event.getValue("timestamp", delivery.getValue("watermark")));
      JsonArray mids = delivery.getJsonArray("mids", new JsonArray());
      for (int i = 0; i < mids.size(); i++) {
        String mid = mids.getString(i);
        events.add(new InboundEvent.Status("delivery:" + mid, mid, "delivered", null, at));
      }
    }
  }

  private static InboundEvent.Message message(String psid, JsonObject event, JsonObject message) {
    String mid = message.getString("mid");
    if (mid == null) {
      throw LinehubException.badRequest("not a Messenger message: no mid");
    }
    return new InboundEvent.Message(mid, psid, null, text(message), List.of(new Identity(IdentityType.FACEBOOK, psid)),
        epochMillis(event.getValue("timestamp")));
  }

  /** The text, or a placeholder per attachment: {@code [image]}, {@code [image] [video]}... */
  private static String text(JsonObject message) {
    if (message.getString("text") != null) {
      return message.getString("text");
    }
    JsonArray attachments = message.getJsonArray("attachments", new JsonArray());
    List<String> placeholders = new ArrayList<>();
    for (int i = 0; i < attachments.size(); i++) {
      placeholders.add("[" + attachments.getJsonObject(i).getString("type", "attachment") + "]");
    }
    return placeholders.isEmpty() ? "[message]" : String.join(" ", placeholders);
  }

  /** Messenger's timestamps are epoch milliseconds; null when absent or not a number. */
  static Instant epochMillis(Object value) {
    try {
      return value == null ? null : Instant.ofEpochMilli(Long.parseLong(value.toString().strip()));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  @Override
  public OutboundCall render(Outgoing message, ChannelConfig channel) {
    String body = new JsonObject()
        .put("recipient", new JsonObject().put("id", message.customerKey()))
        .put("messaging_type", "RESPONSE")
        .put("message", new JsonObject().put("text", message.text()))
        .encode();
    // The Send API documents the token as the access_token parameter; OutboundCall's toString hides the query.
    String url = channel.baseUrl() + "/" + channel.setting("apiVersion", DEFAULT_API_VERSION) + "/me/messages"
        + "?access_token=" + URLEncoder.encode(channel.secret("pageAccessToken"), StandardCharsets.UTF_8);
    return new OutboundCall("POST", url, Map.of("Content-Type", "application/json"), body);
  }

  @Override
  public SendResult interpret(ProviderResponse response) {
    JsonObject answer = SendResults.json(response);
    SendResult error = GraphErrors.read(response, answer, "Messenger", TRANSIENT_CODES);
    if (error != null) {
      return error;
    }
    if (answer != null && response.status() >= 200 && response.status() < 300
        && answer.getValue("message_id") instanceof String id) {
      return new SendResult.Sent(id);
    }
    SendResult byStatus = SendResults.fromStatus(response);
    return byStatus != null ? byStatus : new SendResult.Failed("unreadable answer: "
        + SendResults.abbreviate(String.valueOf(response.body())));
  }
}
