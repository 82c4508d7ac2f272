package io.linehub.chat;

import io.linehub.api.auth.Caller;
import io.linehub.api.auth.Role;
import io.linehub.api.chat.ChatMessage;
import io.linehub.api.chat.DeliveryStatus;
import io.linehub.api.chat.MembersChanged;
import io.linehub.api.chat.PersonPresence;
import io.linehub.api.chat.ReadReceipt;
import io.linehub.api.chat.Typing;
import io.linehub.api.error.ErrorCode;
import io.linehub.api.routing.OfferReply;
import io.linehub.api.routing.RoutingAddresses;
import io.linehub.api.web.FrameSocket;
import io.linehub.api.web.RateLimit;
import io.linehub.api.supervisor.LiveFeed;
import io.linehub.api.error.LinehubException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One signed-in person's connection to {@code /ws} (protocol: docs/chat-protocol.md). Confined to the
 * context the socket was accepted on; the fan-out's events hop onto it.
 *
 * <p>For each dialog the connection follows it keeps the last seq it has sent. A message is sent
 * only as the next seq; anything else (one that overtook another on its way here, a reconnecting
 * client's gap) is filled from the database, where every seq up to the one announced is already
 * committed. So the client gets every message of its dialogs exactly once and in order.
 */
final class ChatSession {

  private static final Logger LOG = LoggerFactory.getLogger(ChatSession.class);
  /** Largest frame a client may send (a message is at most {@link Chat#MAX_TEXT} characters). */
  static final int MAX_FRAME_CHARS = 32 * 1024;
  /** What may wait in the socket's write queue before the client counts as too slow. */
  static final int MAX_QUEUED_BYTES = 1024 * 1024;
  /** Messages read per query when filling a gap. */
  static final int FILL_PAGE = 500;

  /** Where one followed dialog stands on this connection. */
  private static final class Cursor {
    long sent;
    long wanted;
    Future<Void> filling;

    Cursor(long sent) {
      this.sent = sent;
      this.wanted = sent;
    }
  }

  private final Vertx vertx;
  private final FrameSocket socket;
  private final long userId;
  /** May this person watch the lines (supervisor or admin)? */
  private final boolean supervisor;
  private final Chat chat;
  private final ChatFanout fanout;
  private final Map<Long, Cursor> cursors = new HashMap<>();
  /** People whose presence this connection watches. */
  private final java.util.Set<Long> watched = new java.util.HashSet<>();
  /** At most this many people watched per connection. */
  static final int MAX_WATCHED = 1000;
  /** The supervisor live view this connection follows, or null. */
  private LiveFeed lines;
  /** The last send of this connection: the next one is stored after it. */
  private Future<?> sends = Future.succeededFuture();

  /** Run once when the connection is gone. */
  private final Runnable gone;

  ChatSession(Vertx vertx, ServerWebSocket ws, Caller caller, Chat chat, ChatFanout fanout, RateLimit limit,
      Runnable gone) {
    this.vertx = vertx;
    this.gone = gone;
    this.userId = caller.userId();
    this.supervisor = caller.role() == Role.SUPERVISOR || caller.role() == Role.ADMIN;
    this.chat = chat;
    this.fanout = fanout;
    this.socket = new FrameSocket(vertx, ws, MAX_FRAME_CHARS, MAX_QUEUED_BYTES, limit,
        "too slow: reconnect and resume", this::release, LOG);
  }

  long userId() {
    return userId;
  }

  void start() {
    socket.start(this::handle);
    fanout.register(this);
    // Follow every dialog from its current last seq; what was committed between reading that and
    // subscribing is caught by reading the seqs a second time.
    chat.store().lastSeqs(userId).compose(seqs -> {
      seqs.forEach((dialogId, seq) -> follow(dialogId, seq));
      JsonObject dialogs = new JsonObject();
      seqs.forEach((dialogId, seq) -> dialogs.put(Long.toString(dialogId), seq));
      write(frame("hello").put("userId", userId).put("dialogs", dialogs));
      return chat.store().lastSeqs(userId);
    }).onSuccess(seqs -> seqs.forEach((dialogId, seq) -> {
      Cursor cursor = cursors.get(dialogId);
      if (cursor != null && seq > cursor.sent) {
        cursor.wanted = Math.max(cursor.wanted, seq);
        fill(dialogId, cursor);
      }
    })).onFailure(e -> {
      LOG.warn("Chat connection could not start [user: {}]: {}", userId, e.toString());
      close((short) 1011, "try again");
    });
  }

  // ---- events from the fan-out (any thread) --------------------------------------------------

  void posted(ChatMessage message) {
    onContext(() -> {
      Cursor cursor = cursors.get(message.dialogId());
      if (cursor == null || message.seq() <= cursor.sent) {
        return;
      }
      cursor.wanted = Math.max(cursor.wanted, message.seq());
      if (cursor.filling == null && message.seq() == cursor.sent + 1) {
        cursor.sent = message.seq();
        write(messageFrame(message));
      } else {
        fill(message.dialogId(), cursor);
      }
    });
  }

  /**
   * An edit or a delete of a message this connection already has. One it has not reached yet (the
   * change overtook the message on its way here) is read from the database, changed, in its turn.
   */
  void changed(ChatMessage message) {
    onContext(() -> {
      Cursor cursor = cursors.get(message.dialogId());
      if (cursor == null) {
        return;
      }
      if (message.seq() > cursor.sent) {
        cursor.wanted = Math.max(cursor.wanted, message.seq());
        fill(message.dialogId(), cursor);
        return;
      }
      write(message.deleted()
          ? frame("deleted").put("dialogId", message.dialogId()).put("seq", message.seq())
              .put("deletedAt", message.deletedAt().toString())
          : frame("edited").put("message", ChatJson.message(message)));
    });
  }

  /** A frame of the agent workspace (offer, offer_withdrawn, assigned) with {@code body}'s fields. */
  void workspace(String type, JsonObject body) {
    onContext(() -> write(frame(type).mergeIn(body.copy())));
  }

  void presence(PersonPresence change) {
    onContext(() -> write(frame("presence").put("people", new JsonArray().add(ChatJson.presence(change)))));
  }

  void read(ReadReceipt receipt) {
    onContext(() -> write(frame("read").put("dialogId", receipt.dialogId()).put("userId", receipt.userId())
        .put("seq", receipt.seq())));
  }

  void typing(Typing typing) {
    if (typing.userId() != userId) {
      onContext(() -> write(frame("typing").put("dialogId", typing.dialogId()).put("userId", typing.userId())));
    }
  }

  void joined(MembersChanged change) {
    onContext(() -> {
      if (!cursors.containsKey(change.dialogId())) {
        Cursor cursor = follow(change.dialogId(), change.lastSeq());
        cursor.wanted = Long.MAX_VALUE; // whatever was posted since the change is in the database
        fill(change.dialogId(), cursor);
      }
      write(dialogFrame(change));
    });
  }

  void left(MembersChanged change) {
    onContext(() -> {
      cursors.remove(change.dialogId());
      fanout.unsubscribe(this, change.dialogId());
      write(dialogFrame(change));
    });
  }

  /** What became of an operator's message to an open-line customer. */
  void delivery(DeliveryStatus status) {
    onContext(() -> {
      if (cursors.containsKey(status.dialogId())) {
        write(frame("delivery").put("dialogId", status.dialogId()).put("seq", status.seq())
            .put("status", status.status()).put("reason", status.reason()));
      }
    });
  }

  void membersChanged(MembersChanged change) {
    if (!change.joined().contains(userId) && !change.left().contains(userId)) {
      onContext(() -> write(dialogFrame(change)));
    }
  }

  // ---- frames from the client ----------------------------------------------------------------

  private void handle(JsonObject frame, String id) {
    String type = frame.getString("type");
    switch (type == null ? "" : type) {
      case "send" -> {
        long dialogId = dialog(frame);
        String clientId = frame.getString("clientId");
        String text = frame.getString("text");
        Long quoteSeq = frame.getLong("quoteSeq");
        List<Long> attachments = ChatJson.attachmentIds(frame);
        // One connection's sends are stored one after the other, so messages typed in a row keep
        // their order even when the client does not wait for each ack.
        Future<PgChatStore.Posted> stored = sends.transform(ignored -> chat.send(userId, dialogId, clientId, text,
            quoteSeq, attachments));
        sends = stored;
        reply(id, stored.map(posted -> frame("ack").put("messageId", posted.message().id())
          .put("dialogId", posted.message().dialogId()).put("seq", posted.message().seq())
          .put("createdAt", posted.message().createdAt().toString()).put("duplicate", posted.duplicate())));
      }
      case "edit" -> reply(id, chat.edit(userId, dialog(frame), seq(frame), frame.getString("text"))
          .map(changed -> frame("ok").put("seq", changed.seq())));
      case "delete" -> reply(id, chat.delete(userId, dialog(frame), seq(frame))
          .map(changed -> frame("ok").put("seq", changed.seq())));
      case "resume" -> reply(id, resume(frame.getJsonObject("dialogs")).map(ignored -> frame("resumed")));
      case "history" -> {
        long dialogId = dialog(frame);
        reply(id, chat.history(userId, dialogId, frame.getLong("before"), frame.getLong("after"),
            frame.getInteger("limit", 50)).map(messages -> frame("history").put("dialogId", dialogId)
            .put("messages", ChatJson.messages(messages))));
      }
      case "read" -> reply(id, chat.read(userId, dialog(frame), seq(frame)).map(seq -> frame("ok").put("seq", seq)));
      case "typing" -> reply(id, chat.typing(userId, dialog(frame)).map(ignored -> frame("ok")));
      case "subscribe" -> reply(id, subscribe(dialog(frame), seq(frame)).map(ignored -> frame("ok")));
      case "unsubscribe" -> {
        long dialogId = dialog(frame);
        cursors.remove(dialogId);
        fanout.unsubscribe(this, dialogId);
        reply(id, Future.succeededFuture(frame("ok")));
      }
      case "watch" -> {
        JsonArray people = frame.getJsonArray("userIds");
        if (people == null || watched.size() + people.size() > MAX_WATCHED) {
          throw LinehubException.badRequest("userIds: a list of user ids, at most " + MAX_WATCHED + " watched");
        }
        JsonArray now = new JsonArray();
        for (Object person : people) {
          if (!(person instanceof Number n)) {
            throw LinehubException.badRequest("userIds: user ids");
          }
          watched.add(n.longValue());
          now.add(ChatJson.presence(fanout.watch(this, n.longValue())));
        }
        reply(id, Future.succeededFuture(frame("presence").put("people", now)));
      }
      case "accept", "decline" -> {
        String ticketId = frame.getString("ticketId");
        if (ticketId == null || ticketId.isBlank()) {
          throw LinehubException.badRequest("ticketId: required");
        }
        reply(id, vertx.eventBus().request("accept".equals(type) ? RoutingAddresses.ACCEPT : RoutingAddresses.DECLINE,
            new OfferReply(ticketId, userId), new DeliveryOptions().setSendTimeout(10_000))
            .map(ignored -> frame("ok").put("ticketId", ticketId)));
      }
      case "supervise" -> {
        if (!supervisor) {
          throw LinehubException.forbidden("only supervisors and admins may watch the lines");
        }
        if (lines != null) {
          reply(id, Future.succeededFuture(frame("ok")));
          return;
        }
        LiveFeed feed = new LiveFeed(vertx, live -> write(frame("supervisor").put("frame", live)));
        lines = feed;
        reply(id, feed.start().map(ignored -> frame("ok")).onFailure(e -> {
          if (lines == feed) {
            lines = null;
          }
        }));
      }
      case "unsupervise" -> {
        if (lines != null) {
          lines.stop();
          lines = null;
        }
        reply(id, Future.succeededFuture(frame("ok")));
      }
      case "ping" -> reply(id, Future.succeededFuture(frame("pong")));
      default -> error(id, ErrorCode.BAD_REQUEST, "type: unknown frame type '" + type + "'");
    }
  }

  /** The client had everything up to the given seq of each dialog: send exactly what follows. */
  private Future<Void> resume(JsonObject dialogs) {
    if (dialogs == null) {
      throw LinehubException.badRequest("dialogs: an object of dialog id → last seq the client has");
    }
    List<Future<Void>> fills = new ArrayList<>();
    for (String key : dialogs.fieldNames()) {
      long dialogId;
      try {
        dialogId = Long.parseLong(key);
      } catch (NumberFormatException e) {
        throw LinehubException.badRequest("dialogs: keys are dialog ids");
      }
      Cursor cursor = cursors.get(dialogId);
      if (cursor == null) {
        continue; // not a member (any more): nothing to send
      }
      long have = Math.max(0, dialogs.getLong(key));
      cursor.sent = have;
      cursor.wanted = Long.MAX_VALUE;
      fills.add(fill(dialogId, cursor));
    }
    return Future.all(fills).mapEmpty();
  }

  private Future<Void> subscribe(long dialogId, long afterSeq) {
    return chat.store().isMember(dialogId, userId).compose(member -> {
      if (!member) {
        return Future.failedFuture(LinehubException.forbidden("you are not a member of dialog " + dialogId));
      }
      Cursor cursor = cursors.containsKey(dialogId) ? cursors.get(dialogId) : follow(dialogId, afterSeq);
      cursor.sent = Math.max(0, afterSeq);
      cursor.wanted = Long.MAX_VALUE;
      return fill(dialogId, cursor);
    });
  }

  // ---- delivery --------------------------------------------------------------------------------

  private Cursor follow(long dialogId, long sent) {
    Cursor cursor = new Cursor(sent);
    cursors.put(dialogId, cursor);
    fanout.subscribe(this, dialogId);
    return cursor;
  }

  /**
   * Sends what the database holds after {@code cursor.sent}, page by page, until the cursor has
   * what it wants (or the database has no more). One fill at a time per dialog; messages announced
   * meanwhile only raise {@code wanted}.
   */
  private Future<Void> fill(long dialogId, Cursor cursor) {
    if (cursor.filling != null) {
      return cursor.filling;
    }
    // Marked before the query is issued and cleared in its callback: the query's future may be
    // complete by the time a listener is added, and then the listener runs at once, in this call.
    Promise<Void> done = Promise.promise();
    cursor.filling = done.future();
    chat.store().after(dialogId, cursor.sent, FILL_PAGE).onComplete(ar -> {
      cursor.filling = null;
      if (ar.failed()) {
        LOG.warn("Chat gap not filled [user: {}, dialog: {}]: {}", userId, dialogId, ar.cause().toString());
        close((short) 1011, "try again");
        done.fail(ar.cause());
        return;
      }
      List<ChatMessage> page = ar.result();
      for (ChatMessage message : page) {
        if (message.seq() == cursor.sent + 1 && cursors.get(dialogId) == cursor) {
          cursor.sent = message.seq();
          write(messageFrame(message));
        }
      }
      if (socket.closed() || cursors.get(dialogId) != cursor) {
        done.complete();
        return;
      }
      // Another page when this one was full, or when a message announced meanwhile is not sent yet
      // (an empty page means the database has nothing more: stop rather than ask again).
      if (page.size() == FILL_PAGE || (!page.isEmpty() && cursor.wanted != Long.MAX_VALUE
          && cursor.wanted > cursor.sent)) {
        fill(dialogId, cursor).onComplete(done);
        return;
      }
      cursor.wanted = cursor.sent;
      done.complete();
    });
    return done.future();
  }

  private void write(JsonObject frame) {
    socket.write(frame);
  }

  private void reply(String id, Future<JsonObject> result) {
    socket.reply(id, result);
  }

  private void error(String id, ErrorCode code, String message) {
    socket.error(id, code, message);
  }

  private void close(short code, String reason) {
    socket.close(code, reason);
  }

  /** The connection is gone: nothing more is delivered to it. */
  private void release() {
    gone.run();
    fanout.unregister(this, new ArrayList<>(cursors.keySet()), new ArrayList<>(watched));
    cursors.clear();
    if (lines != null) {
      lines.stop();
      lines = null;
    }
  }

  private void onContext(Runnable action) {
    socket.onContext(action);
  }

  private static long dialog(JsonObject frame) {
    Long dialogId = frame.getLong("dialogId");
    if (dialogId == null) {
      throw LinehubException.badRequest("dialogId: required");
    }
    return dialogId;
  }

  private static long seq(JsonObject frame) {
    Long seq = frame.getLong("seq");
    if (seq == null || seq < 0) {
      throw LinehubException.badRequest("seq: required, 0 or more");
    }
    return seq;
  }

  private static JsonObject frame(String type) {
    return FrameSocket.frame(type);
  }

  private static JsonObject messageFrame(ChatMessage message) {
    return frame("message").put("message", ChatJson.message(message));
  }

  private static JsonObject dialogFrame(MembersChanged change) {
    return frame("dialog").put("dialogId", change.dialogId()).put("joined", new JsonArray(change.joined()))
        .put("left", new JsonArray(change.left()));
  }
}
