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
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * WhatsApp Business Platform, Cloud API (https://developers.facebook.com/docs/whatsapp/cloud-api).
 * Webhooks are Meta's ({@link MetaWebhooks}: the {@code hub.challenge} handshake and the
 * {@code X-Hub-Signature-256} signature); a {@code whatsapp_business_account} notification's
 * {@code messages} changes carry the customers' messages, deduplicated on their {@code wamid}, and
 * the statuses of ours. Replies go to {@code POST /{apiVersion}/{phoneNumberId}/messages}.
 *
 * <p>A customer is their {@code wa_id}: it is where replies go, and it is their phone number
 * without the {@code +}, so the CRM also gets it as a phone and a customer who writes on WhatsApp
 * and calls from the same number is one record.
 *
 * <p>Settings: {@code phoneNumberId} (required), {@code apiVersion} (default {@value #DEFAULT_API_VERSION}).
 * Secrets: {@code accessToken}, {@code appSecret}, {@code verifyToken}. Base URL: {@code https://graph.facebook.com}.
 */
public final class WhatsAppConnector implements Connector {

  public static final String KIND = "whatsapp";
  public static final String DEFAULT_BASE_URL = "https://graph.facebook.com";
  public static final String DEFAULT_API_VERSION = "v21.0";
  static final String OBJECT = "whatsapp_business_account";

  /**
   * Error codes worth a retry: Graph's temporary 1 and 2, the rate limits (4 app calls, 80007
   * account, 130429 throughput, 131056 business-to-customer pair) and the Cloud API's "try again"
   * failures (131000 unknown error, 131016 service unavailable, 133004 server unavailable).
   */
  static final Set<Integer> TRANSIENT_CODES = Set.of(1, 2, 4, 80007, 130429, 131000, 131016, 131056, 133004);

  /** The statuses that become events: {@code sent} is already known from the send's answer. */
  private static final Set<String> REPORTED_STATUSES = Set.of("delivered", "read", "failed");

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
        throw LinehubException.badRequest("not a WhatsApp webhook: no object or entry");
      }
      List<InboundEvent> events = new ArrayList<>();
      if (OBJECT.equals(object)) {
        for (int i = 0; i < entries.size(); i++) {
          JsonArray changes = entries.getJsonObject(i).getJsonArray("changes", new JsonArray());
          for (int j = 0; j < changes.size(); j++) {
            JsonObject change = changes.getJsonObject(j);
            // Other fields (template reviews, account updates...) are acknowledged and not stored.
            if ("messages".equals(change.getString("field")) && change.getJsonObject("value") != null) {
              read(change.getJsonObject("value"), events);
            }
          }
        }
      }
      return new Parsed(events, HookAnswer.ok());
    } catch (DecodeException | ClassCastException e) {
      throw LinehubException.badRequest("not a WhatsApp webhook: " + e.getMessage());
    }
  }

  /** A {@code messages} change's value: its messages and statuses (its {@code errors} are not about one message). */
  private static void read(JsonObject value, List<InboundEvent> events) {
    Map<String, String> names = new HashMap<>();
    JsonArray contacts = value.getJsonArray("contacts", new JsonArray());
    for (int i = 0; i < contacts.size(); i++) {
      JsonObject contact = contacts.getJsonObject(i);
      JsonObject profile = contact.getJsonObject("profile");
      if (contact.getString("wa_id") != null && profile != null && profile.getString("name") != null) {
        names.put(contact.getString("wa_id"), profile.getString("name"));
      }
    }
    JsonArray messages = value.getJsonArray("messages", new JsonArray());
    for (int i = 0; i < messages.size(); i++) {
      events.add(message(messages.getJsonObject(i), names));
    }
    JsonArray statuses = value.getJsonArray("statuses", new JsonArray());
    for (int i = 0; i < statuses.size(); i++) {
      JsonObject status = statuses.getJsonObject(i);
      if (REPORTED_STATUSES.contains(status.getString("status"))) {
        events.add(status(status));
      }
    }
  }

  private static InboundEvent.Message message(JsonObject message, Map<String, String> names) {
    String id = message.getString("id");
    String from = message.getString("from");
    if (id == null || from == null) {
      throw LinehubException.badRequest("not a WhatsApp message: no id or from");
    }
    List<Identity> identities = new ArrayList<>();
    identities.add(new Identity(IdentityType.WHATSAPP, from));
    if (from.chars().allMatch(Character::isDigit)) {
      identities.add(Identity.phone("+" + from));
    }
    return new InboundEvent.Message(id, from, names.get(from), text(message), identities,
        epochSeconds(message.getValue("timestamp")));
  }

  /** The text, or a placeholder naming what was sent with its caption or title. */
  private static String text(JsonObject message) {
    String type = message.getString("type", "message");
    JsonObject content = message.getValue(type) instanceof JsonObject object ? object : new JsonObject();
    return switch (type) {
      case "text" -> content.getString("body", "");
      case "image", "video", "audio", "sticker" -> labelled(type, content.getString("caption"));
      case "document" -> labelled(type, content.getString("caption", content.getString("filename")));
      case "button" -> content.getString("text", "[button]");
      case "interactive" -> {
        JsonObject reply = content.getJsonObject("button_reply", content.getJsonObject("list_reply"));
        yield labelled(type, reply == null ? null : reply.getString("title"));
      }
      case "reaction" -> labelled(type, content.getString("emoji"));
      case "location" -> labelled(type, content.getString("name", content.getValue("latitude") == null ? null
          : content.getValue("latitude") + "," + content.getValue("longitude")));
      case "system" -> labelled(type, content.getString("body"));
      default -> labelled(type, null);
    };
  }

  private static String labelled(String type, String detail) {
    return detail == null || detail.isBlank() ? "[" + type + "]" : "[" + type + "] " + detail;
  }

  private static InboundEvent.Status status(JsonObject status) {
    String id = status.getString("id");
    String state = status.getString("status");
    if (id == null) {
      throw LinehubException.badRequest("not a WhatsApp status: no id");
    }
    String reason = null;
    JsonArray errors = status.getJsonArray("errors");
    if ("failed".equals(state) && errors != null && !errors.isEmpty()) {
      JsonObject error = errors.getJsonObject(0);
      reason = error.getString("title", error.getString("message"));
    }
    return new InboundEvent.Status("status:" + id + ":" + state, id, state, reason,
        epochSeconds(status.getValue("timestamp")));
  }

  /** Meta's timestamps are epoch seconds, as a string; null when absent or not a number. */
  static Instant epochSeconds(Object value) {
    try {
      return value == null ? null : Instant.ofEpochSecond(Long.parseLong(value.toString().strip()));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  @Override
  public OutboundCall render(Outgoing message, ChannelConfig channel) {
    String phoneNumberId = channel.setting("phoneNumberId", null);
    if (phoneNumberId == null) {
      throw LinehubException.badRequest("channel " + channel.id() + " has no setting 'phoneNumberId' configured");
    }
    String body = new JsonObject()
        .put("messaging_product", "whatsapp")
        .put("recipient_type", "individual")
        .put("to", message.customerKey())
        .put("type", "text")
        .put("text", new JsonObject().put("preview_url", false).put("body", message.text()))
        .encode();
    String url = channel.baseUrl() + "/" + channel.setting("apiVersion", DEFAULT_API_VERSION) + "/" + phoneNumberId
        + "/messages";
    return new OutboundCall("POST", url, Map.of("Authorization", "Bearer " + channel.secret("accessToken"),
        "Content-Type", "application/json"), body);
  }

  @Override
  public SendResult interpret(ProviderResponse response) {
    JsonObject answer = SendResults.json(response);
    SendResult error = GraphErrors.read(response, answer, "WhatsApp", TRANSIENT_CODES);
    if (error != null) {
      return error;
    }
    if (answer != null && response.status() >= 200 && response.status() < 300
        && answer.getValue("messages") instanceof JsonArray messages && !messages.isEmpty()
        && messages.getValue(0) instanceof JsonObject sent && sent.getValue("id") instanceof String id) {
      return new SendResult.Sent(id);
    }
    SendResult byStatus = SendResults.fromStatus(response);
    return byStatus != null ? byStatus : new SendResult.Failed("unreadable answer: "
        + SendResults.abbreviate(String.valueOf(response.body())));
  }
}
