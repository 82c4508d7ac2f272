package io.linehub.chat;

import io.linehub.api.auth.Caller;
import io.linehub.api.error.LinehubException;
import io.linehub.api.web.ApiRoutes;
import io.linehub.api.web.Fields;
import io.linehub.api.web.Replies;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;

/** REST for chat under {@code /api/v1/chat} (docs/openapi.yaml): the same operations as the WebSocket. */
final class ChatApi implements ApiRoutes {

  private final Chat chat;
  private final ChatFanout fanout;
  private final Attachments attachments;

  ChatApi(Chat chat, ChatFanout fanout, Attachments attachments) {
    this.chat = chat;
    this.fanout = fanout;
    this.attachments = attachments;
  }

  @Override
  public void mount(Router api) {
    api.get("/chat/dialogs").handler(this::dialogs);
    api.post("/chat/dialogs").handler(this::create);
    api.patch("/chat/dialogs/:dialogId").handler(this::rename);
    api.post("/chat/dialogs/:dialogId/members").handler(this::join);
    api.delete("/chat/dialogs/:dialogId/members/me").handler(this::leave);
    api.get("/chat/dialogs/:dialogId/messages").handler(this::history);
    api.post("/chat/dialogs/:dialogId/messages").handler(this::send);
    api.patch("/chat/dialogs/:dialogId/messages/:seq").handler(this::edit);
    api.delete("/chat/dialogs/:dialogId/messages/:seq").handler(this::delete);
    api.post("/chat/dialogs/:dialogId/read").handler(this::read);
    api.get("/chat/search").handler(this::search);
    api.get("/chat/presence").handler(this::presence);
    api.get("/chat/attachments/:attachmentId").handler(this::download);
  }

  private void download(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    attachments.readable(Fields.idParam(ctx, "attachmentId"), caller.userId())
        .onSuccess(stored -> AttachmentDownload.send(ctx, stored))
        .onFailure(ctx::fail);
  }

  private void dialogs(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    Replies.reply(ctx, 200, chat.store().dialogsOf(caller.userId()).map(list -> {
      JsonArray items = new JsonArray();
      list.forEach(d -> items.add(ChatJson.dialog(d)));
      return new JsonObject().put("items", items);
    }));
  }

  private void create(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    JsonObject body = Fields.body(ctx);
    String kind = Fields.requireString(body, "kind");
    switch (kind) {
      case "direct" -> Replies.reply(ctx, 201, chat.direct(caller.userId(), Fields.requireLong(body, "userId"))
          .map(id -> new JsonObject().put("id", id)));
      case "group" -> {
        List<Long> members = new ArrayList<>();
        JsonArray listed = Fields.optArray(body, "members");
        if (listed != null) {
          for (Object member : listed) {
            if (!(member instanceof Number n) || n.longValue() <= 0) {
              throw LinehubException.badRequest("members: user ids");
            }
            members.add(n.longValue());
          }
        }
        Boolean open = Fields.optBoolean(body, "open");
        Replies.reply(ctx, 201, chat.group(caller.userId(), Fields.requireString(body, "title"),
            open != null && open, members).map(id -> new JsonObject().put("id", id)));
      }
      default -> throw LinehubException.badRequest("kind: must be one of direct, group");
    }
  }

  private void rename(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    String title = Fields.requireString(Fields.body(ctx), "title");
    if (title.isBlank() || title.length() > 200) {
      throw LinehubException.badRequest("title: 1 to 200 characters");
    }
    Replies.reply(ctx, 200, chat.store().rename(Fields.idParam(ctx, "dialogId"), caller.userId(), title)
        .map(ignored -> new JsonObject().put("title", title)));
  }

  private void join(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    Long userId = Fields.optLong(Fields.body(ctx), "userId");
    long dialogId = Fields.idParam(ctx, "dialogId");
    Replies.reply(ctx, 200, chat.join(dialogId, userId == null ? caller.userId() : userId, caller.userId())
        .map(ignored -> new JsonObject().put("dialogId", dialogId)));
  }

  private void leave(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    long dialogId = Fields.idParam(ctx, "dialogId");
    Replies.reply(ctx, 200, chat.leave(dialogId, caller.userId()).map(ignored -> new JsonObject()
        .put("dialogId", dialogId)));
  }

  private void history(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    long dialogId = Fields.idParam(ctx, "dialogId");
    Long before = Fields.param(ctx, "before", Long::parseLong);
    Long after = Fields.param(ctx, "after", Long::parseLong);
    Integer limit = Fields.param(ctx, "limit", Integer::parseInt);
    if (limit != null && (limit < 1 || limit > 200)) {
      throw LinehubException.badRequest("limit: 1 to 200");
    }
    Replies.reply(ctx, 200, chat.history(caller.userId(), dialogId, before, after, limit == null ? 50 : limit)
        .map(messages -> new JsonObject().put("items", ChatJson.messages(messages))));
  }

  private void send(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    JsonObject body = Fields.body(ctx);
    chat.send(caller.userId(), Fields.idParam(ctx, "dialogId"), Fields.optString(body, "clientId"),
            Fields.optString(body, "text"), Fields.optLong(body, "quoteSeq"), ChatJson.attachmentIds(body))
        .onSuccess(posted -> Replies.json(ctx, posted.duplicate() ? 200 : 201, ChatJson.message(posted.message())))
        .onFailure(ctx::fail);
  }

  private void edit(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    Replies.reply(ctx, 200, chat.edit(caller.userId(), Fields.idParam(ctx, "dialogId"), Fields.idParam(ctx, "seq"),
        Fields.requireString(Fields.body(ctx), "text")).map(ChatJson::message));
  }

  private void delete(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    Replies.reply(ctx, 200, chat.delete(caller.userId(), Fields.idParam(ctx, "dialogId"), Fields.idParam(ctx, "seq"))
        .map(ChatJson::message));
  }

  private void search(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    Integer limit = Fields.param(ctx, "limit", Integer::parseInt);
    if (limit != null && (limit < 1 || limit > 100)) {
      throw LinehubException.badRequest("limit: 1 to 100");
    }
    Replies.reply(ctx, 200, chat.search(caller.userId(), ctx.queryParams().get("q"),
        Fields.param(ctx, "dialogId", Long::parseLong), limit == null ? 20 : limit)
        .map(messages -> new JsonObject().put("items", ChatJson.messages(messages))));
  }

  private void presence(RoutingContext ctx) {
    Caller.of(ctx);
    String raw = ctx.queryParams().get("userIds");
    if (raw == null || raw.isBlank()) {
      throw LinehubException.badRequest("userIds: a comma-separated list of user ids");
    }
    String[] ids = raw.split(",");
    if (ids.length > 1000) {
      throw LinehubException.badRequest("userIds: at most 1000");
    }
    JsonArray items = new JsonArray();
    for (String id : ids) {
      try {
        items.add(ChatJson.presence(fanout.presenceOf(Long.parseLong(id.trim()))));
      } catch (NumberFormatException e) {
        throw LinehubException.badRequest("userIds: user ids");
      }
    }
    Replies.json(ctx, 200, new JsonObject().put("items", items));
  }

  private void read(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    long seq = Fields.requireLong(Fields.body(ctx), "seq");
    if (seq < 0) {
      throw LinehubException.badRequest("seq: 0 or more");
    }
    Replies.reply(ctx, 200, chat.read(caller.userId(), Fields.idParam(ctx, "dialogId"), seq)
        .map(stored -> new JsonObject().put("seq", stored)));
  }
}
