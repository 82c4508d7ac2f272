package io.linehub.chat;

import io.linehub.api.chat.ChatAttachment;
import io.linehub.api.chat.ChatMessage;
import io.linehub.api.error.LinehubException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The one JSON form of chat objects, shared by the WebSocket frames and REST. */
final class ChatJson {

  private ChatJson() {
  }

  static JsonObject message(ChatMessage m) {
    return new JsonObject().put("id", m.id()).put("dialogId", m.dialogId()).put("seq", m.seq())
        .put("authorId", m.authorId()).put("clientId", m.clientId()).put("kind", m.kind()).put("text", m.text())
        .put("quoteSeq", m.quoteSeq()).put("createdAt", m.createdAt().toString())
        .put("editedAt", m.editedAt() == null ? null : m.editedAt().toString())
        .put("deletedAt", m.deletedAt() == null ? null : m.deletedAt().toString())
        .put("attachments", attachments(m.attachments()));
  }

  static JsonArray attachments(java.util.List<ChatAttachment> attachments) {
    JsonArray list = new JsonArray();
    attachments.forEach(a -> list.add(attachment(a)));
    return list;
  }

  static JsonObject attachment(ChatAttachment a) {
    return new JsonObject().put("id", a.id()).put("name", a.name()).put("contentType", a.contentType())
        .put("size", a.size()).put("url", "/api/v1/chat/attachments/" + a.id());
  }

  /** A message's {@code attachments} field: a list of attachment ids, or nothing. */
  static java.util.List<Long> attachmentIds(JsonObject from) {
    Object raw = from.getValue("attachments");
    if (raw == null) {
      return java.util.List.of();
    }
    if (!(raw instanceof JsonArray list)) {
      throw LinehubException.badRequest("attachments: a list of attachment ids");
    }
    java.util.List<Long> ids = new java.util.ArrayList<>();
    for (Object id : list) {
      if (!(id instanceof Number n) || n.longValue() != n.doubleValue()) {
        throw LinehubException.badRequest("attachments: a list of attachment ids");
      }
      ids.add(n.longValue());
    }
    return ids;
  }

  static JsonArray messages(java.util.List<ChatMessage> messages) {
    JsonArray list = new JsonArray();
    messages.forEach(m -> list.add(message(m)));
    return list;
  }

  static JsonObject presence(io.linehub.api.chat.PersonPresence p) {
    return new JsonObject().put("userId", p.userId()).put("status", p.status())
        .put("since", p.since() == null ? null : p.since().toString());
  }

  static JsonObject dialog(PgChatStore.Dialog d) {
    JsonArray members = new JsonArray();
    d.members().forEach(m -> members.add(new JsonObject().put("userId", m.userId()).put("role", m.role())
        .put("lastReadSeq", m.lastReadSeq())));
    return new JsonObject().put("id", d.id()).put("kind", d.kind()).put("title", d.title()).put("open", d.open())
        .put("externalRef", d.externalRef())
        .put("lastSeq", d.lastSeq()).put("lastReadSeq", d.lastReadSeq()).put("unread", d.unread())
        .put("members", members);
  }
}
