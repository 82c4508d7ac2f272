package io.linehub.chat;

import io.linehub.api.chat.ChatMessage;
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
        .put("deletedAt", m.deletedAt() == null ? null : m.deletedAt().toString());
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
        .put("lastSeq", d.lastSeq()).put("lastReadSeq", d.lastReadSeq()).put("unread", d.unread())
        .put("members", members);
  }
}
